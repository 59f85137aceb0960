import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

type Link = { portal_id: number; file_id: number; entity_type: string; entity_id: number; field: string };

const parse = (raw: unknown): unknown => {
  if (typeof raw !== 'string') return raw ?? null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
};
const idsIn = (v: unknown): number[] => ([] as unknown[]).concat(v ?? []).filter((n): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0);

/**
 * Which item a file is attached to: one row per file, item and field (a comment's files, a file
 * custom field, an employee's photo). Reading a file asks its links' owners, never a scan of JSON.
 * The links of today's attachments are written from the data, so every file stays readable.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('file_link')
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('file.id').onDelete('cascade'))
    .addColumn('entity_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('field', 'varchar(100)', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_link_pk', ['portal_id', 'entity_type', 'entity_id', 'field', 'file_id'])
    .execute();
  await db.schema.createIndex('file_link_file').on('file_link').columns(['portal_id', 'file_id']).execute();

  const files = new Set<string>(((await db.selectFrom('file').select(['portal_id', 'id']).execute()) as { portal_id: number; id: number }[]).map((f) => `${f.portal_id}:${f.id}`));
  const links: Link[] = [];
  const add = (portalId: number, fileIds: number[], entityType: string, entityId: number, field: string) => {
    for (const f of new Set(fileIds)) if (files.has(`${portalId}:${f}`)) links.push({ portal_id: portalId, file_id: f, entity_type: entityType, entity_id: entityId, field });
  };

  for (const c of (await db.selectFrom('crm_comment').select(['portal_id', 'id', 'files']).execute()) as { portal_id: number; id: number; files: unknown }[]) {
    add(c.portal_id, idsIn(parse(c.files)), 'crm_comment', c.id, 'files');
  }
  const tables: Record<string, string> = { lead: 'crm_lead', deal: 'crm_deal', contact: 'crm_contact', company: 'crm_company' };
  const fileFields = (await db.selectFrom('crm_field').select(['portal_id', 'entity_type', 'code']).where('type', '=', 'file').execute()) as { portal_id: number; entity_type: string; code: string }[];
  for (const [entity, table] of Object.entries(tables)) {
    const codes = new Map<number, string[]>();
    for (const f of fileFields.filter((x) => x.entity_type === entity)) codes.set(f.portal_id, [...(codes.get(f.portal_id) ?? []), f.code]);
    for (const [portalId, fieldCodes] of codes) {
      const rows = (await db.selectFrom(table).select(['id', 'custom']).where('portal_id', '=', portalId).execute()) as { id: number; custom: unknown }[];
      for (const r of rows) {
        const custom = (parse(r.custom) ?? {}) as Record<string, unknown>;
        for (const code of fieldCodes) add(portalId, idsIn(custom[code]), entity, r.id, code);
      }
    }
  }
  const photos = (await db.selectFrom('app_user').select(['portal_id', 'id', 'photo_url']).where('photo_url', 'like', '/api/files/%').execute()) as {
    portal_id: number;
    id: number;
    photo_url: string;
  }[];
  for (const u of photos) {
    const m = /^\/api\/files\/(\d+)$/.exec(u.photo_url);
    if (m) add(u.portal_id, [Number(m[1])], 'user', u.id, 'photo');
  }
  for (let i = 0; i < links.length; i += 500)
    await db
      .insertInto('file_link')
      .values(links.slice(i, i + 500))
      .execute();
}
