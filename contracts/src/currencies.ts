import { z } from 'zod';
import { defineEvent, NoPayload } from './events.js';
import { CURRENCIES } from './money.js';
import { UserRef } from './crm.js';

/**
 * The portal's currencies: each with its rate to the base currency (RUB by default) and the day
 * the rate holds from. Sums of deals in different currencies (Kanban columns, lists, a deal's
 * products) are shown in the base currency, converted at the rate that holds today.
 */

// ---- rates: the same arithmetic on the server and in the browser ----

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

/** What the currencies are called, ru and en. */
export const CURRENCY_NAMES: Record<(typeof CURRENCIES)[number], { ru: string; en: string }> = {
  RUB: { ru: 'Российский рубль', en: 'Russian rouble' },
  USD: { ru: 'Доллар США', en: 'US dollar' },
  EUR: { ru: 'Евро', en: 'Euro' },
  CNY: { ru: 'Китайский юань', en: 'Chinese yuan' },
  KZT: { ru: 'Казахстанский тенге', en: 'Kazakhstani tenge' },
  BYN: { ru: 'Белорусский рубль', en: 'Belarusian rouble' },
};

export const CurrencyCode = z.enum(CURRENCIES, { error: 'crm.currency_unknown' });

/** A rate on the wire: a positive decimal string with up to 6 decimals («90», «0.1825»). */
export const Rate = z
  .string()
  .trim()
  .regex(/^\d{1,9}([.,]\d{1,6})?$/, { error: 'crm.rate_invalid' })
  .refine((s) => Number(s.replace(',', '.')) > 0, { error: 'crm.rate_invalid' });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'crm.date_invalid' });

export const CurrencyView = z.object({
  code: z.string(),
  name: z.string(),
  symbol: z.string(),
  isBase: z.boolean(),
  /** Units of the base currency for one unit of this one, as it holds today («1» for the base). */
  rate: z.string(),
  /** The day today's rate holds from; null for the base currency or a currency with no rate yet. */
  rateFrom: Day.nullable(),
  /** A rate entered for a later day, if any: it takes over on that day. */
  next: z.object({ rate: z.string(), from: Day }).nullable(),
});
export type CurrencyView = z.infer<typeof CurrencyView>;

export const CurrencyList = z.object({ base: z.string(), items: z.array(CurrencyView), version: z.number().int() });
export type CurrencyList = z.infer<typeof CurrencyList>;

/** A currency in a path: any code, so that an unknown one answers 400 with the field `code` rather than «not found». */
export const CurrencyParam = z.object({ code: z.string().max(10) });
export const CurrencyRateParam = CurrencyParam.extend({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** A rate entered by an administrator; a second rate for the same day replaces the first. */
export const CurrencyRateInput = z.object({ rate: Rate, validFrom: Day });
export type CurrencyRateInput = z.infer<typeof CurrencyRateInput>;

export const CurrencyRate = z.object({
  id: z.number().int(),
  rate: z.string(),
  validFrom: Day,
  createdAt: z.string(),
  createdBy: UserRef.nullable(),
});
export const CurrencyRateHistory = z.object({ code: z.string(), base: z.string(), items: z.array(CurrencyRate) });

/** Making another currency the base: every rate is re-expressed against it. */
export const CurrencyBaseInput = z.object({ code: CurrencyCode, version: z.number().int() });

const rateChange = z.object({ code: z.string(), rate: z.string(), validFrom: z.string() });

export const currencyEvents = {
  rateSet: defineEvent('crm.currency.rate_set', rateChange),
  rateDeleted: defineEvent('crm.currency.rate_deleted', rateChange),
  baseChanged: defineEvent('crm.currency.base_changed', z.object({ from: z.string(), to: z.string() })),
  settingsTouched: defineEvent('crm.currency.touched', NoPayload),
};

/** The sum of a list's deals or leads (its filters as for the page), in the base currency, and per currency as they are. */
export const ListSum = z.object({
  sum: z.string(),
  currency: z.string(),
  byCurrency: z.array(z.object({ currency: z.string(), sum: z.string() })),
});
export const ListSumParam = z.object({ entity: z.enum(['deal', 'lead']) });
