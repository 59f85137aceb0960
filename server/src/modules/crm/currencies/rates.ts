import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import './schema.js';

/** Rates are kept in millionths: «90.5» is 90 500 000. */
export const RATE_SCALE = 1_000_000;

/** «90», «90,5», «0.155» → millionths. */
export function parseRate(text: string): number {
  const [whole, frac = ''] = text.trim().replace(',', '.').split('.');
  return Number(whole) * RATE_SCALE + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** 90 500 000 → «90.5». */
export function formatRate(micros: number): string {
  const whole = Math.floor(micros / RATE_SCALE);
  const frac = String(micros % RATE_SCALE)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** `minor` units of a currency at `micros` millionths of the base per unit, in minor units of the base: exact, half away from zero. */
export function convertMinor(minor: number, micros: number): number {
  if (micros === RATE_SCALE || minor === 0) return minor;
  const p = BigInt(Math.round(Math.abs(minor))) * BigInt(micros);
  const q = (p + BigInt(RATE_SCALE / 2)) / BigInt(RATE_SCALE);
  return minor < 0 ? -Number(q) : Number(q);
}

/** The rate `a / b` of two rates in millionths (a cross rate), rounded half up, at least one millionth. */
export function crossRate(a: number, b: number): number {
  const q = (BigInt(a) * BigInt(RATE_SCALE) + BigInt(Math.floor(b / 2))) / BigInt(b);
  return Math.max(1, Number(q));
}

/** The day rates are looked up for: today's. */
export function rateDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
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
export async function ratesOn(ctx: Ctx, day = rateDay()): Promise<Rates> {
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
