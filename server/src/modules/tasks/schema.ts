import type { Generated } from 'kysely';

/** pending «Ждёт выполнения», in_progress «Выполняется», review «Ждёт контроля», completed «Завершена», deferred «Отложена». */
export type TaskStatus = 'pending' | 'in_progress' | 'review' | 'completed' | 'deferred';
export type TaskRole = 'creator' | 'responsible' | 'accomplice' | 'auditor';
export type DependencyKind = 'finish_start' | 'start_start' | 'finish_finish' | 'start_finish';

export interface TaskTable {
  id: Generated<number>;
  portal_id: number;
  title: string;
  description: string;
  status: TaskStatus;
  important: number;
  creator_id: number | null;
  responsible_id: number | null;
  group_id: number | null;
  parent_id: number | null;
  deadline: string | null;
  allow_change_deadline: number;
  task_control: number;
  require_result: number;
  start_plan: string | null;
  end_plan: string | null;
  started_at: string | null;
  closed_at: string | null;
  closed_by: number | null;
  estimate_seconds: number | null;
  time_spent_seconds: number;
  story_points: number | null;
  epic_id: number | null;
  sprint_id: number | null;
  scrum_sort: number;
  template_id: number | null;
  comments_count: number;
  search_text: string;
  created_at: string;
  updated_at: string;
  activity_at: string;
  version: number;
}

export interface TaskMemberTable {
  portal_id: number;
  task_id: number;
  user_id: number;
  role: TaskRole;
  /** The task's status and deadline, kept here for the user's lists and counters. */
  status: TaskStatus;
  deadline: string | null;
}

export interface TaskChecklistItemTable {
  id: Generated<number>;
  portal_id: number;
  task_id: number;
  parent_id: number | null;
  is_group: number;
  title: string;
  is_complete: number;
  assignee_id: number | null;
  completed_by: number | null;
  sort: number;
  created_at: string;
}

export interface TaskTagTable {
  portal_id: number;
  task_id: number;
  tag: string;
}

export interface TaskDependencyTable {
  id: Generated<number>;
  portal_id: number;
  predecessor_id: number;
  successor_id: number;
  kind: DependencyKind;
  created_by: number | null;
  created_at: string;
}

export interface TaskTimeTable {
  id: Generated<number>;
  portal_id: number;
  task_id: number;
  user_id: number | null;
  started_at: string;
  seconds: number;
  comment: string;
  source: 'timer' | 'manual';
  created_at: string;
}

export interface TaskTimerTable {
  portal_id: number;
  user_id: number;
  task_id: number;
  started_at: string;
}

export interface TaskCrmLinkTable {
  portal_id: number;
  task_id: number;
  entity_type: string;
  entity_id: number;
}

export interface TaskResultTable {
  id: Generated<number>;
  portal_id: number;
  task_id: number;
  comment_id: number | null;
  html: string;
  author_id: number | null;
  created_at: string;
}

export interface TaskReminderTable {
  id: Generated<number>;
  portal_id: number;
  task_id: number;
  user_id: number;
  remind_at: string;
  sent_at: string | null;
  created_at: string;
}

export interface TaskViewTable {
  portal_id: number;
  task_id: number;
  user_id: number;
  viewed_at: string;
  seen_comments: number;
}

export interface TaskPlanStageTable {
  id: Generated<number>;
  portal_id: number;
  user_id: number;
  title: string;
  color: string;
  sort: number;
  created_at: string;
}

export interface TaskPlanItemTable {
  portal_id: number;
  user_id: number;
  task_id: number;
  stage_id: number;
  sort: number;
}

export interface TaskEpicTable {
  id: Generated<number>;
  portal_id: number;
  group_id: number;
  title: string;
  description: string;
  color: string;
  created_by: number | null;
  created_at: string;
  version: number;
}

export interface TaskSprintTable {
  id: Generated<number>;
  portal_id: number;
  group_id: number;
  title: string;
  goal: string;
  status: 'planned' | 'active' | 'completed';
  date_start: string | null;
  date_end: string | null;
  started_at: string | null;
  completed_at: string | null;
  planned_points: number | null;
  completed_points: number | null;
  sort: number;
  created_by: number | null;
  created_at: string;
  version: number;
}

export interface TaskTemplateTable {
  id: Generated<number>;
  portal_id: number;
  title: string;
  body: string;
  rrule: string | null;
  repeat_from: string | null;
  repeat_until: string | null;
  repeat_count: number | null;
  runs: number;
  next_run_at: string | null;
  active: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TaskTemplateRunTable {
  portal_id: number;
  template_id: number;
  occurrence: string;
  task_id: number | null;
  created_at: string;
}

export interface TaskFilterPresetTable {
  id: Generated<number>;
  portal_id: number;
  user_id: number;
  name: string;
  filter: string;
  sort: number;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    task: TaskTable;
    task_member: TaskMemberTable;
    task_checklist_item: TaskChecklistItemTable;
    task_tag: TaskTagTable;
    task_dependency: TaskDependencyTable;
    task_time: TaskTimeTable;
    task_timer: TaskTimerTable;
    task_crm_link: TaskCrmLinkTable;
    task_result: TaskResultTable;
    task_reminder: TaskReminderTable;
    task_view: TaskViewTable;
    task_plan_stage: TaskPlanStageTable;
    task_plan_item: TaskPlanItemTable;
    task_epic: TaskEpicTable;
    task_sprint: TaskSprintTable;
    task_template: TaskTemplateTable;
    task_template_run: TaskTemplateRunTable;
    task_filter_preset: TaskFilterPresetTable;
  }
}
