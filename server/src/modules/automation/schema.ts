import type { Generated } from 'kysely';

/** A robot or trigger of a pipeline's stage, in the stage's order (`sort`). JSON columns hold the shapes of `@vavilon/contracts` (RuleInput). */
export interface AutomationRuleTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: 'deal';
  pipeline_id: number;
  stage_id: number;
  kind: 'robot' | 'trigger';
  type: string;
  name: string;
  config: string;
  condition: string | null;
  start: string;
  sort: number;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
}

/** One version of a pipeline's automation: every rule of it as it was after the change, for the history and «Откатить». */
export interface AutomationVersionTable {
  id: Generated<number>;
  portal_id: number;
  pipeline_id: number;
  number: number;
  author_id: number | null;
  summary: string;
  /** JSON: the pipeline's rules (RuleInput & { id, sort }) after the change. */
  snapshot: string;
  restored_from: number | null;
  created_at: string;
}

/**
 * One robot's run for one stage entry (or one setting of a start field): its state lives here,
 * so a run is done once however many processes there are and whoever dies in the middle.
 * `entry_key` names what started it (the event id of the stage entry or of the field setting);
 * with `rule_id` it is unique.
 */
export interface AutomationRunTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: 'deal';
  entity_id: number;
  pipeline_id: number;
  stage_id: number;
  rule_id: number | null;
  rule_type: string;
  rule_name: string;
  entry_key: string;
  /** The run this one waits for (afterPrevious); null when it starts at once or after its delay. */
  after_run_id: number | null;
  status: 'pending' | 'scheduled' | 'waiting' | 'done' | 'failed' | 'skipped' | 'cancelled';
  due_at: string | null;
  /** The outcome as a message key and its parameters (JSON), read in the reader's language. */
  message_key: string | null;
  message_params: string | null;
  /** JSON the robot keeps between its steps (the task it created, the request it asked). */
  state: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A robot's question to an employee (the new deadline after «Недозвон»), answered on the deal's card. */
export interface AutomationRequestTable {
  id: Generated<number>;
  portal_id: number;
  run_id: number;
  entity_type: 'deal';
  entity_id: number;
  user_id: number;
  kind: 'deadline';
  task_id: number | null;
  prompt: string;
  status: 'open' | 'answered' | 'cancelled';
  answer: string | null;
  created_at: string;
  answered_at: string | null;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    automation_rule: AutomationRuleTable;
    automation_version: AutomationVersionTable;
    automation_run: AutomationRunTable;
    automation_request: AutomationRequestTable;
  }
}
