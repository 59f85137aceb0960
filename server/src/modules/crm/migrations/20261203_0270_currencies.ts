import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * The portal's currencies: the base one (RUB unless changed) and the rates of the others to it,
 * each with the day it holds from. The Kanban totals keep a count and a sum per currency, so that a
 * column's sum is converted at today's rate when it is read: a new rate needs no recount.
 */
/** Starting rates (millionths of a rouble per unit) until an administrator enters the day's. */
const STARTING_RATES: Record<string, number> = { USD: 80_000_000, EUR: 93_000_000, CNY: 11_200_000, KZT: 155_000, BYN: 27_500_000 };

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');

  await db.schema
    .createTable('crm_currency_settings')
    .addColumn('portal_id', 'integer', (c) => c.primaryKey().references('portal.id').onDelete('cascade'))
    .addColumn('base', 'varchar(3)', (c) => c.notNull().defaultTo('RUB'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // Rates in millionths of the base currency per unit, so that sums convert exactly.
  await db.schema
    .createTable('crm_currency_rate')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('code', 'varchar(3)', (c) => c.notNull())
    .addColumn('rate_micros', 'bigint', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crm_currency_rate_day').on('crm_currency_rate').columns(['portal_id', 'code', 'valid_from']).unique().execute();

  // The portals there are: RUB as the base and starting rates for the other currencies, from today.
  const portals = await db.selectFrom('portal').select('id').execute();
  const today = new Date().toISOString().slice(0, 10);
  const at = new Date().toISOString();
  for (const p of portals) {
    await db.insertInto('crm_currency_settings').values({ portal_id: p.id, base: 'RUB', version: 1 }).execute();
    await db
      .insertInto('crm_currency_rate')
      .values(Object.entries(STARTING_RATES).map(([code, micros]) => ({ portal_id: p.id, code, rate_micros: micros, valid_from: today, created_by: null, created_at: at })))
      .execute();
  }

  // The totals, rebuilt from the deals with the currency in the key.
  await db.schema.dropTable('crm_deal_totals').execute();
  await db.schema
    .createTable('crm_deal_totals')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('stage_id', 'integer', (c) => c.notNull().references('crm_stage.id').onDelete('cascade'))
    .addColumn('responsible_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'varchar(3)', (c) => c.notNull().defaultTo('RUB'))
    .addColumn('deal_count', 'bigint', (c) => c.notNull())
    .addColumn('amount_sum', 'bigint', (c) => c.notNull()) // in the deals' own currency, minor units
    .addPrimaryKeyConstraint('crm_deal_totals_pk', ['stage_id', 'responsible_id', 'currency'])
    .execute();
  await sql`insert into crm_deal_totals (portal_id, stage_id, responsible_id, currency, deal_count, amount_sum)
    select portal_id, stage_id, coalesce(responsible_id, 0), currency, count(*), coalesce(sum(amount), 0)
    from crm_deal group by portal_id, stage_id, coalesce(responsible_id, 0), currency`.execute(db);
}
