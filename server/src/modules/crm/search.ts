import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { SearchDocument, SearchKind } from '../../platform/registry/registry.js';
import { plainText } from '../../platform/rich-text.js';
import type { TypedValue } from '@vavilon/contracts';
import { commentTexts } from '../comments/api.js';
import type { EntityType } from './schema.js';
import { nothingIn, scopeFilter, scopeWhere } from './rights.js';
import { specOf } from './specs.js';
import { parseJson } from './values.js';

const values = (json: string) => parseJson<TypedValue[]>(json, []).map((v) => v.value);
const person = (r: { last_name: string; first_name: string; middle_name: string }) => [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');

async function names(ctx: Ctx, table: 'crm_company' | 'crm_stage', ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map();
  const col = table === 'crm_company' ? 'title' : 'name';
  const rows = await (scoped(ctx) as any)
    .selectFrom(table)
    .select(['id', `${col} as name`])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r: { id: number; name: string }) => [r.id, r.name]));
}

/** The companies of each contact, by name. */
async function contactCompanies(ctx: Ctx, ids: number[]): Promise<Map<number, string[]>> {
  const rows = await scoped(ctx)
    .selectFrom('crm_contact_company')
    .innerJoin('crm_company', 'crm_company.id', 'crm_contact_company.company_id')
    .select(['crm_contact_company.contact_id', 'crm_company.title'])
    .where('crm_contact_company.contact_id', 'in', ids.length ? ids : [0])
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), r.title]);
  return out;
}

/** The documents of one type's items: names, phones, e-mails, ИНН, the comments field and the timeline's comments. */
async function documentsOf(ctx: Ctx, entity: EntityType, ids: number[]): Promise<SearchDocument[]> {
  const spec = specOf(entity);
  const rows: any[] = await (scoped(ctx) as any).selectFrom(spec.table).selectAll().where('id', 'in', ids).execute();
  const comments = await commentTexts(ctx, entity, ids);
  const companies =
    entity === 'deal' || entity === 'lead'
      ? await names(
          ctx,
          'crm_company',
          rows.map((r) => r.company_id ?? null),
        )
      : new Map<number, string>();
  const stages =
    entity === 'deal'
      ? await names(
          ctx,
          'crm_stage',
          rows.map((r) => r.stage_id),
        )
      : new Map<number, string>();
  const linked = entity === 'contact' ? await contactCompanies(ctx, ids) : new Map<number, string[]>();
  return rows.map((r) => {
    const company = r.company_id ? (companies.get(r.company_id) ?? null) : null;
    let title = r.title as string;
    let subtitle: string | null = null;
    let extra = '';
    if (entity === 'deal') subtitle = [stages.get(r.stage_id), company].filter(Boolean).join(' · ') || null;
    if (entity === 'lead') {
      subtitle = [person(r), company ?? r.company_title].filter(Boolean).join(' · ') || null;
      extra = `${person(r)} ${r.company_title}`;
    }
    if (entity === 'contact') {
      title = person(r);
      subtitle = (linked.get(r.id) ?? []).join(', ') || null;
    }
    if (entity === 'company') extra = r.inn ?? '';
    return {
      id: r.id,
      title: title || '—',
      subtitle,
      body: [extra, company, plainText(r.comments ?? ''), comments.get(r.id) ?? ''].filter(Boolean).join(' '),
      url: spec.url(r.id),
      phones: values(r.phones),
      emails: values(r.emails),
      authorId: r.created_by,
      date: r.created_at,
    };
  });
}

function kind(entity: EntityType, order: number, ru: string, en: string): SearchKind {
  const table = specOf(entity).table;
  return {
    kind: `crm.${entity}`,
    title: { ru, en },
    module: 'crm',
    order,
    entityType: entity,
    documents: (ctx, ids) => documentsOf(ctx, entity, ids),
    async ids(ctx, afterId, limit) {
      const rows: { id: number }[] = await (scoped(ctx) as any).selectFrom(table).select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return rows.map((r) => r.id);
    },
    // The roles' read scope, as the lists apply it: responsible users, per pipeline for deals.
    async readable(ctx) {
      const f = await scopeFilter(ctx, entity, 'read');
      if (nothingIn(f)) return 'none';
      const where = scopeWhere(f, table);
      if (!where) return 'all';
      return (eb, itemId) =>
        eb.exists(
          eb
            .selectFrom(table)
            .select(sql`1`.as('one'))
            .where(`${table}.portal_id`, '=', ctx.portal.id)
            .whereRef(`${table}.id`, '=', itemId as any)
            .where(where),
        );
    },
  };
}

/** Leads, deals, contacts and companies in the portal search: only what the user's roles let them read. */
export const crmSearchKinds: SearchKind[] = [
  kind('deal', 30, 'Сделки', 'Deals'),
  kind('lead', 31, 'Лиды', 'Leads'),
  kind('contact', 32, 'Контакты', 'Contacts'),
  kind('company', 33, 'Компании', 'Companies'),
];
