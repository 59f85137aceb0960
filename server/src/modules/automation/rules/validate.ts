import { RobotStart, robotConfigs, triggerConfigs, type RuleInput } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { localizeIssues } from '../../../platform/http/validation.js';
import type { LoadedRule } from '../core/types.js';
import { ensureWebhookToken } from '../triggers/token.js';
import { isDealDate, loadKnown, problemsOf } from './problems.js';

type Schema = { safeParse(v: unknown, o?: object): { success: true; data: unknown } | { success: false; error: { issues: any[] } } };

/** The configuration schema of a robot or trigger type, or undefined for a type that does not exist. */
export function configSchema(kind: RuleInput['kind'], type: string): Schema | undefined {
  const schemas = (kind === 'robot' ? robotConfigs : triggerConfigs) as unknown as Record<string, Schema>;
  return Object.hasOwn(schemas, type) ? schemas[type] : undefined;
}

const DEFAULT_START = RobotStart.parse({});

/**
 * The rule as it will be stored: its configuration parsed by its type's schema (defaults
 * filled), its stage of the pipeline, its start complete, and nothing it points at gone.
 * Every fault is one field error (400) with its path (`config.title`) in the user's language.
 */
export async function checkedInput(ctx: Ctx, pipelineId: number, input: RuleInput, previous?: LoadedRule): Promise<RuleInput> {
  const schema = configSchema(input.kind, input.type);
  if (!schema) throw errors.field('type', 'automation.rules_type_unknown');
  const fields: FieldError[] = [];
  const parsed = schema.safeParse(input.config, { reportInput: true });
  let config: Record<string, unknown> = input.config;
  if (parsed.success) config = parsed.data as Record<string, unknown>;
  else for (const i of localizeIssues(parsed.error.issues, ctx.lang)) fields.push({ field: i.field === '_' ? 'config' : `config.${i.field}`, message: i.message });
  // An incoming webhook's token is made by the portal and kept through edits, never taken from the client.
  if (parsed.success) config = ensureWebhookToken(ctx, { kind: input.kind, type: input.type, config }, previous?.kind === 'trigger' ? previous : null);
  const start = input.kind === 'robot' ? input.start : DEFAULT_START;
  const rule = { ...input, config, start };
  if (input.kind === 'robot' && start.on === 'field' && !start.field) fields.push({ field: 'start.field', message: 'automation.rules_start_field_required' });

  const known = await loadKnown(ctx, [{ ...rule, pipelineId }]);
  if (!known.stagesOf.get(pipelineId)?.has(input.stageId)) fields.push({ field: 'stageId', message: 'automation.rules_stage_foreign' });
  if (start.delay.mode === 'at' && !isDealDate(known, start.delay.field)) fields.push({ field: 'start.delay.field', message: 'automation.rules_delay_date_field' });
  // A configuration that does not parse is reported by its schema alone; its references are read once it does.
  const problems = problemsOf(known, { ...rule, pipelineId, ...(previous ? { id: previous.id } : {}) }).filter(
    (p) => p.path !== 'type' && p.path !== 'stageId' && p.path !== 'start.delay.field' && (parsed.success || !p.path.startsWith('config')),
  );
  for (const p of problems) if (!fields.some((f) => f.field === p.path)) fields.push({ field: p.path, message: p.key, ...(p.params ? { params: p.params } : {}) });
  if (fields.length) throw errors.validation(fields);
  return rule;
}
