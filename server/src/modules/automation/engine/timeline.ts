import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { t, type MessageKey } from '../../../platform/i18n/index.js';
import type { LinkedEntry } from '../../../platform/registry/registry.js';
import type { RunRow } from './runs.js';

const TIMELINE_LIMIT = 100;

/** A run's message in the reader's language. */
export function runMessage(ctx: Pick<Ctx, 'lang'>, r: Pick<RunRow, 'message_key' | 'message_params'>): string | null {
  if (!r.message_key) return null;
  return t(ctx.lang, r.message_key as MessageKey, r.message_params ? (JSON.parse(r.message_params) as Record<string, string | number>) : {});
}

/**
 * The deal's finished robots as lines of its timeline: «Робот «Найти ЛПР»: выполнен», «Робот
 * «…»: не выполнен: почему» (a cancelled run says why too); skipped runs are in the run log only.
 * The CRM has checked that the reader may read the deal.
 */
export async function runsOnTimeline(ctx: Ctx, target: { type: string; id: number }): Promise<LinkedEntry[]> {
  if (target.type !== 'deal') return [];
  const rows = await scoped(ctx)
    .selectFrom('automation_run')
    .select(['id', 'rule_name', 'status', 'message_key', 'message_params', 'finished_at', 'created_at'])
    .where('entity_type', '=', 'deal')
    .where('entity_id', '=', target.id)
    .where('status', 'in', ['done', 'failed', 'cancelled'])
    .orderBy('id', 'desc')
    .limit(TIMELINE_LIMIT)
    .execute();
  return rows.map((r) => {
    const done = r.status === 'done';
    const why = runMessage(ctx, r) ?? '';
    return {
      itemKind: 'robot',
      id: r.id,
      title: done ? t(ctx.lang, 'automation.run.timeline_done', { name: r.rule_name }) : t(ctx.lang, 'automation.run.timeline_failed', { name: r.rule_name, why }),
      url: '',
      state: t(ctx.lang, done ? 'automation.run.state_done' : 'automation.run.state_failed'),
      done,
      responsible: null,
      createdAt: r.finished_at ?? r.created_at,
      due: null,
    };
  });
}
