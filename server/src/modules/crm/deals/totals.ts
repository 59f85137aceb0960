import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';

/**
 * Changes to the Kanban totals (count and sum of amounts per stage, responsible and currency),
 * gathered while deals are written and applied in the same transaction, so that a column's
 * count and sum never scan the deals. Deals without a responsible count under 0. Sums stay in
 * the deals' own currency: a column's sum is converted to the base currency at today's rates
 * when it is read, so a new rate changes no row here.
 */
export class TotalsDelta {
  private rows = new Map<string, { stageId: number; responsibleId: number; currency: string; count: number; sum: number }>();

  add(stageId: number, responsibleId: number | null, count: number, sum: number, currency: string): this {
    const r = responsibleId ?? 0;
    const key = `${stageId}:${r}:${currency}`;
    const row = this.rows.get(key) ?? { stageId, responsibleId: r, currency, count: 0, sum: 0 };
    row.count += count;
    row.sum += sum;
    this.rows.set(key, row);
    return this;
  }

  /** A deal leaving one place and entering another (stage, responsible, amount or currency changed). */
  move(from: DealPlace, to: DealPlace): this {
    if (from.stageId === to.stageId && (from.responsibleId ?? 0) === (to.responsibleId ?? 0) && from.amount === to.amount && from.currency === to.currency) return this;
    return this.add(from.stageId, from.responsibleId, -1, -from.amount, from.currency).add(to.stageId, to.responsibleId, 1, to.amount, to.currency);
  }

  async apply(ctx: Ctx): Promise<void> {
    const values = [...this.rows.values()]
      .filter((r) => r.count !== 0 || r.sum !== 0)
      .map((r) => ({ stage_id: r.stageId, responsible_id: r.responsibleId, currency: r.currency, deal_count: r.count, amount_sum: r.sum }));
    this.rows.clear();
    for (let i = 0; i < values.length; i += 500) {
      await scoped(ctx)
        .insertInto('crm_deal_totals', values.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['stage_id', 'responsible_id', 'currency']).doUpdateSet({
            deal_count: sql`crm_deal_totals.deal_count + excluded.deal_count`,
            amount_sum: sql`crm_deal_totals.amount_sum + excluded.amount_sum`,
          }),
        )
        .execute();
    }
  }
}

export interface DealPlace {
  stageId: number;
  responsibleId: number | null;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
}
