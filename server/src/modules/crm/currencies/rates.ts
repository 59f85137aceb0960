import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { RATE_SCALE, convertMinor } from '@vavilon/contracts';
import { dayOf } from '../../../platform/time-zone.js';
import { timeZoneOf } from '../../users/api.js';
import './schema.js';

export { RATE_SCALE, convertMinor, crossRate, formatRate, parseRate } from '@vavilon/contracts';

/** The day an instant falls on in a zone (`YYYY-MM-DD`): the day whose rates hold then. */
export function rateDay(now = new Date(), tz = 'Europe/Moscow'): string {
  const { y, m, d } = dayOf(now.getTime(), tz);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Today in the actor's zone, as the dates they enter and read are (the system's: Moscow's). */
export async function rateToday(ctx: Ctx): Promise<string> {
  return rateDay(new Date(), await timeZoneOf(ctx, ctx.actor?.userId ?? null));
}

/** The portal's base currency and the rate of each other currency that holds on `day`. */
export class Rates {
  constructor(
    readonly base: string,
    private readonly micros: ReadonlyMap<string, number>,
  ) {}

  /** Millionths of the base currency per unit of `code`; a currency with no rate counts at par. */
  rateOf(code: string): number {
    return code === this.base ? RATE_SCALE : (this.micros.get(code) ?? RATE_SCALE);
  }

  toBase(code: string, minor: number): number {
    return convertMinor(minor, this.rateOf(code));
  }

  /** Per-currency sums converted one currency at a time (each rounded once) and added up. */
  sum(byCurrency: Iterable<readonly [string, number]>): number {
    let out = 0;
    for (const [code, minor] of byCurrency) out += this.toBase(code, minor);
    return out;
  }
}

export async function baseCurrency(ctx: Ctx): Promise<{ base: string; version: number }> {
  const row = await scoped(ctx).selectFrom('crm_currency_settings').select(['base', 'version']).executeTakeFirst();
  return row ?? { base: 'RUB', version: 0 };
}

/** The rate of every currency that holds on `day` (the latest one entered from that day or before), and the base. */
export async function ratesOn(ctx: Ctx, on?: string): Promise<Rates> {
  const day = on ?? (await rateToday(ctx));
  const [settings, rows] = [
    await baseCurrency(ctx),
    await scoped(ctx)
      .selectFrom('crm_currency_rate')
      .select(['crm_currency_rate.code', 'crm_currency_rate.rate_micros'])
      .where('crm_currency_rate.valid_from', '=', (eb) =>
        eb
          .selectFrom('crm_currency_rate as l')
          .select((e) => e.fn.max('l.valid_from').as('d'))
          .where('l.portal_id', '=', ctx.portal.id)
          .whereRef('l.code', '=', 'crm_currency_rate.code')
          .where('l.valid_from', '<=', day),
      )
      .execute(),
  ];
  return new Rates(settings.base, new Map(rows.map((r) => [r.code, Number(r.rate_micros)])));
}

/** Adds money up per currency, to be converted once per currency. */
export class CurrencySums {
  private readonly sums = new Map<string, number>();

  add(code: string, minor: number): this {
    this.sums.set(code, (this.sums.get(code) ?? 0) + minor);
    return this;
  }

  entries(): IterableIterator<[string, number]> {
    return this.sums.entries();
  }

  inBase(rates: Rates): number {
    return rates.sum(this.sums);
  }
}
