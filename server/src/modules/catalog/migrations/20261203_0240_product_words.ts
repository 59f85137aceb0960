import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

/**
 * The catalogue's search: each product's words — the Russian stems of its name's words and its
 * SKU — one row each, kept in the product's write transaction. A prefix of a stem is a range of
 * the index, so «визитки» finds «Визитка» on both databases with one query; on PostgreSQL the
 * column compares bytewise (collation "C") so that the range is exact.
 *
 * The preset CRM roles get their rights in «Товары и склады»: «Руководитель отдела» posts
 * warehouse documents, «Администратор CRM» also edits the catalogue; other roles read both.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('catalog_product_word')
    .addColumn('portal_id', 'integer', (c: any) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('word', 'text', (c: any) => (dialect === 'postgres' ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('product_id', 'integer', (c: any) => c.notNull())
    .addPrimaryKeyConstraint('catalog_product_word_pk', ['portal_id', 'word', 'product_id'])
    .execute();
  await db.schema.createIndex('catalog_product_word_product').on('catalog_product_word').columns(['portal_id', 'product_id']).execute();

  const goods: Record<string, { catalog: string; store: string }> = {
    'Руководитель отдела': { catalog: 'read', store: 'post' },
    'Администратор CRM': { catalog: 'edit', store: 'post' },
  };
  const roles = (await db.selectFrom('crm_role').select(['id', 'name', 'permissions']).where('name', 'in', Object.keys(goods)).execute()) as { id: number; name: string; permissions: string }[];
  for (const r of roles) {
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(r.permissions) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (p.catalog || p.store) continue;
    await db
      .updateTable('crm_role')
      .set({ permissions: JSON.stringify({ ...p, ...goods[r.name] }) })
      .where('id', '=', r.id)
      .execute();
  }
}
