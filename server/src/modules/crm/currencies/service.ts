import { CURRENCIES, CURRENCY_NAMES, currencyEvents, currencySymbol, type CurrencyList, type CurrencyRateInput } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { userRefs } from '../../users/api.js';
import { RATE_SCALE, baseCurrency, crossRate, formatRate, parseRate, rateDay, rateToday } from './rates.js';

/** Starting rates (millionths of a rouble per unit) for a new portal, until an administrator enters the day's. */
const STARTING_RATES: Record<string, number> = { USD: 80_000_000, EUR: 93_000_000, CNY: 11_200_000, KZT: 155_000, BYN: 27_500_000 };

export async function provisionCurrencies(ctx: Ctx): Promise<void> {
  await scoped(ctx).insertInto('crm_currency_settings', { base: 'RUB', version: 1 }).execute();
  const at = nowIso();
  // From the day before, so that they hold at once in every zone.
  const startingDay = rateDay(new Date(Date.now() - 86_400_000), 'UTC');
  await scoped(ctx)
    .insertInto(
      'crm_currency_rate',
      Object.entries(STARTING_RATES).map(([code, micros]) => ({ code, rate_micros: micros, valid_from: startingDay, created_by: null, created_at: at })),
    )
    .execute();
}

/** The portal's currencies with the rate that holds today and the next one entered for a later day. */
export async function listCurrencies(ctx: Ctx): Promise<CurrencyList> {
  const today = await rateToday(ctx);
  const [{ base, version }, rows] = [await baseCurrency(ctx), await scoped(ctx).selectFrom('crm_currency_rate').select(['code', 'rate_micros', 'valid_from']).orderBy('valid_from').execute()];
  const current = new Map<string, { micros: number; from: string }>();
  const next = new Map<string, { micros: number; from: string }>();
  for (const r of rows) {
    const v = { micros: Number(r.rate_micros), from: r.valid_from };
    if (r.valid_from <= today) current.set(r.code, v);
    else if (!next.has(r.code)) next.set(r.code, v);
  }
  const items = [base, ...CURRENCIES.filter((c) => c !== base)].map((code) => {
    const isBase = code === base;
    const now = isBase ? undefined : current.get(code);
    const later = isBase ? undefined : next.get(code);
    return {
      code,
      name: CURRENCY_NAMES[code as keyof typeof CURRENCY_NAMES]?.[ctx.lang] ?? code,
      symbol: currencySymbol(code),
      isBase,
      rate: isBase ? '1' : now ? formatRate(now.micros) : '1',
      rateFrom: now?.from ?? null,
      next: later ? { rate: formatRate(later.micros), from: later.from } : null,
    };
  });
  return { base, items, version };
}

/** `code` as one of the currencies, or 400 on the field `code`. */
export function knownCurrency(code: string): string {
  const upper = code.toUpperCase();
  if (!(CURRENCIES as readonly string[]).includes(upper)) throw errors.field('code', 'crm.currency_unknown');
  return upper;
}

/** Every rate of a currency entered so far, the latest day first. */
export async function rateHistory(ctx: Ctx, code: string) {
  const { base } = await baseCurrency(ctx);
  const rows = await scoped(ctx).selectFrom('crm_currency_rate').selectAll().where('code', '=', code).orderBy('valid_from', 'desc').execute();
  const users = await userRefs(
    ctx,
    rows.map((r) => r.created_by),
  );
  return {
    code,
    base,
    items: rows.map((r) => ({
      id: r.id,
      rate: formatRate(Number(r.rate_micros)),
      validFrom: r.valid_from,
      createdAt: r.created_at,
      createdBy: r.created_by ? (users.get(r.created_by) ?? null) : null,
    })),
  };
}

/** The settings row, locked: rate and base changes of a portal go one at a time. */
async function lockedSettings(tx: Ctx): Promise<{ base: string; version: number }> {
  const found = await lockForUpdate(tx, scoped(tx).selectFrom('crm_currency_settings').select(['base', 'version'])).executeTakeFirst();
  if (found) return found;
  await scoped(tx).insertInto('crm_currency_settings', { base: 'RUB', version: 1 }).execute();
  return { base: 'RUB', version: 1 };
}

async function touch(tx: Ctx, version: number): Promise<void> {
  await scoped(tx)
    .updateTable('crm_currency_settings')
    .set({ version: version + 1 })
    .execute();
}

/** Enters the rate of `code` from a day on; a rate already entered for that day is replaced. */
export async function setRate(ctx: Ctx, code: string, input: CurrencyRateInput): Promise<CurrencyList> {
  const micros = parseRate(input.rate);
  if (micros <= 0) throw errors.field('rate', 'crm.rate_invalid');
  await transaction(ctx, async (tx) => {
    const settings = await lockedSettings(tx);
    if (code === settings.base) throw errors.field('code', 'crm.rate_of_base');
    const existing = await scoped(tx).selectFrom('crm_currency_rate').select(['id', 'rate_micros']).where('code', '=', code).where('valid_from', '=', input.validFrom).executeTakeFirst();
    const row = { rate_micros: micros, created_by: tx.actor?.userId ?? null, created_at: nowIso() };
    if (existing) await scoped(tx).updateTable('crm_currency_rate').set(row).where('id', '=', existing.id).execute();
    else
      await scoped(tx)
        .insertInto('crm_currency_rate', { ...row, code, valid_from: input.validFrom })
        .execute();
    await touch(tx, settings.version);
    await recordEvent(tx, currencyEvents.rateSet, {
      entityType: 'crm.currency',
      entityId: code,
      payload: { code, rate: formatRate(micros), validFrom: input.validFrom },
      changes: [{ field: 'rate', old: existing ? formatRate(Number(existing.rate_micros)) : null, new: formatRate(micros) }],
    });
  });
  return listCurrencies(ctx);
}

/** Removes a rate entered by mistake; the only rate a currency has up to today stays. */
export async function deleteRate(ctx: Ctx, code: string, id: number): Promise<CurrencyList> {
  await transaction(ctx, async (tx) => {
    const settings = await lockedSettings(tx);
    const row = await scoped(tx).selectFrom('crm_currency_rate').selectAll().where('id', '=', id).where('code', '=', code).executeTakeFirst();
    if (!row) throw errors.notFound();
    const today = await rateToday(tx);
    if (row.valid_from <= today) {
      const others = await scoped(tx).selectFrom('crm_currency_rate').select('id').where('code', '=', code).where('id', '<>', id).where('valid_from', '<=', today).limit(1).executeTakeFirst();
      if (!others) throw errors.field('id', 'crm.rate_last');
    }
    await scoped(tx).deleteFrom('crm_currency_rate').where('id', '=', id).execute();
    await touch(tx, settings.version);
    await recordEvent(tx, currencyEvents.rateDeleted, { entityType: 'crm.currency', entityId: code, payload: { code, rate: formatRate(Number(row.rate_micros)), validFrom: row.valid_from } });
  });
  return listCurrencies(ctx);
}

/**
 * Makes `code` the base currency. Every rate is re-expressed against it, day by day: a rate of X
 * on a day becomes X's rate divided by the new base's rate on that day; the old base gets the
 * inverse of the new base's rates, and the new base needs none. The sums follow at once (they
 * are converted when read).
 */
export async function setBase(ctx: Ctx, code: string, version: number): Promise<CurrencyList> {
  await transaction(ctx, async (tx) => {
    const settings = await lockedSettings(tx);
    if (settings.version !== version) throw errors.conflict();
    if (settings.base === code) return;
    const rows = await scoped(tx).selectFrom('crm_currency_rate').selectAll().orderBy('valid_from').execute();
    const pivot = rows.filter((r) => r.code === code);
    if (!pivot.length) throw errors.field('code', 'crm.rate_missing');
    // The new base's rate on a day: the latest from that day or before (before its first: its first).
    const pivotOn = (day: string) => Number((pivot.filter((p) => p.valid_from <= day).pop() ?? pivot[0]!).rate_micros);
    const at = nowIso();
    for (const r of rows) {
      if (r.code === code) continue;
      const micros = crossRate(Number(r.rate_micros), pivotOn(r.valid_from));
      await scoped(tx).updateTable('crm_currency_rate').set({ rate_micros: micros }).where('id', '=', r.id).execute();
    }
    await scoped(tx).deleteFrom('crm_currency_rate').where('code', '=', code).execute();
    await scoped(tx)
      .insertInto(
        'crm_currency_rate',
        pivot.map((p) => ({ code: settings.base, rate_micros: crossRate(RATE_SCALE, Number(p.rate_micros)), valid_from: p.valid_from, created_by: tx.actor?.userId ?? null, created_at: at })),
      )
      .onConflict((oc) => oc.columns(['portal_id', 'code', 'valid_from']).doUpdateSet((eb) => ({ rate_micros: eb.ref('excluded.rate_micros') })))
      .execute();
    await scoped(tx)
      .updateTable('crm_currency_settings')
      .set({ base: code, version: settings.version + 1 })
      .execute();
    await recordEvent(tx, currencyEvents.baseChanged, {
      entityType: 'crm.currency',
      entityId: code,
      payload: { from: settings.base, to: code },
      changes: [{ field: 'base', old: settings.base, new: code }],
    });
  });
  return listCurrencies(ctx);
}
