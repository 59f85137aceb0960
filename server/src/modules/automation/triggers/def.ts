import type { EventDef } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Ctx } from '../../../platform/context.js';
import type { DomainEvent } from '../../../platform/events/outbox.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { dealPlaces, type DealPlace } from '../../crm/api.js';
import type { LoadedRule } from '../core/types.js';

/** One trigger that fired: `rule` would move `dealId` to its stage because of `event`. */
export interface Firing {
  event: DomainEvent;
  rule: LoadedRule;
  dealId: number;
}

/** A trigger rule with its configuration parsed by its type's schema. */
export interface TriggerRule<C> {
  rule: LoadedRule;
  config: C;
}

/** What a trigger type is given for one portal's events of one batch. */
export interface TriggerScope<C, D extends EventDef> {
  /** The portal's system ctx inside the processor's transaction. */
  ctx: Ctx;
  /** The batch's events of this portal that the trigger hears, in their order. */
  events: DomainEvent<D>[];
  /** The portal's triggers of this type whose configuration is valid. */
  rules: TriggerRule<C>[];
  deals: DealCache;
}

/**
 * A trigger type: the events it hears and, for a batch of them, which deals its rules would move.
 * It reads in batches (one query for all the batch's deals, tasks or companies), never per event.
 * Whether a deal actually moves (its pipeline, forward only, not closed, not already there) is
 * decided once for all types by the processor.
 */
export interface TriggerDef<C = unknown, D extends EventDef = EventDef> {
  type: string;
  /** Its name in the designer («Изменение поля»). */
  title: MessageKey;
  config: z.ZodType<C>;
  events: readonly D[];
  fire(scope: TriggerScope<C, D>): Promise<Firing[]>;
}

/** A typed trigger type: `fire()` gets its configuration and its events' payloads. */
export function defineTrigger<C, D extends EventDef>(def: TriggerDef<C, D>): TriggerDef {
  return def as unknown as TriggerDef;
}

/** Where the batch's deals stand, read once and kept up to date as triggers move them. */
export class DealCache {
  private places = new Map<number, DealPlace | null>();

  constructor(private ctx: Ctx) {}

  /** Reads the deals not read yet, in one query. */
  async load(ids: number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.places.has(id));
    if (!missing.length) return;
    for (const id of missing) this.places.set(id, null);
    for (const d of await dealPlaces(this.ctx, missing)) this.places.set(d.id, d);
  }

  /** Deals read by another query (a company's deals). */
  put(list: DealPlace[]): void {
    for (const d of list) if (!this.places.get(d.id)) this.places.set(d.id, d);
  }

  get(id: number): DealPlace | null {
    return this.places.get(id) ?? null;
  }

  moved(id: number, stage: Pick<DealPlace, 'stageId' | 'stageKind'>): void {
    const d = this.places.get(id);
    if (d) this.places.set(id, { ...d, ...stage });
  }
}

/** The rules whose configuration its type's schema accepts, parsed (a broken one fires nothing). */
export function parsedRules<C>(def: TriggerDef<C, EventDef>, rules: LoadedRule[]): TriggerRule<C>[] {
  const out: TriggerRule<C>[] = [];
  for (const rule of rules) {
    const r = def.config.safeParse(rule.config);
    if (r.success) out.push({ rule, config: r.data });
  }
  return out;
}
