import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { SearchDocument, SearchKind } from '../../platform/registry/registry.js';
import { plainText } from '../../platform/rich-text.js';
import { usersEvents, type TypedValue } from '@vavilon/contracts';
import { commentTexts } from '../comments/api.js';
import { idsAfter } from '../search/api.js';
import { departmentsOfUsers } from '../users/api.js';
import type { EntityType } from './schema.js';
import { accessTokens, nothingIn, scopeAccess, scopeFilter, scopeWhere } from './rights.js';
import { specOf } from './specs.js';
import { parseJson } from './values.js';

const values = (json: string) => parseJson<TypedValue[]>(json, []).map((v) => v.value);
const person = (r: { last_name: string; first_name: string; middle_name: string }) => [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');

/** The names of the deals' stages, by id. */
async function stageNames(ctx: Ctx, ids: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await scoped(ctx).selectFrom('crm_stage').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The documents of one type's items: names, phones, e-mails, ИНН, the comments field and the timeline's comments. */
async function documentsOf(ctx: Ctx, entity: EntityType, ids: number[]): Promise<SearchDocument[]> {
  const spec = specOf(entity);
  const rows: any[] = await (scoped(ctx) as any).selectFrom(spec.table).selectAll().where('id', 'in', ids).execute();
  const comments = await commentTexts(ctx, entity, ids);
  const departments = await departmentsOfUsers(
    ctx,
    rows.map((r) => r.responsible_id),
  );
  const stages =
    entity === 'deal'
      ? await stageNames(
          ctx,
          rows.map((r) => r.stage_id),
        )
      : new Map<number, string>();
  return rows.map((r) => {
    let title = r.title as string;
    let subtitle: string | null = null;
    let extra = '';
    // Only the item's own data is shown and searched: a linked company the reader may not see must not show.
    if (entity === 'deal') subtitle = stages.get(r.stage_id) ?? null;
    if (entity === 'lead') {
      subtitle = [person(r), r.company_title].filter(Boolean).join(' · ') || null;
      extra = `${person(r)} ${r.company_title}`;
    }
    if (entity === 'contact') {
      title = person(r);
      subtitle = [r.position, values(r.phones)[0], values(r.emails)[0]].filter(Boolean).join(' · ') || null;
    }
    if (entity === 'company') extra = r.inn ?? '';
    return {
      id: r.id,
      title: title || '—',
      subtitle,
      body: [extra, entity === 'deal' ? '' : r.search_text, plainText(r.comments ?? ''), comments.get(r.id) ?? ''].filter(Boolean).join(' '),
      url: spec.url(r.id),
      phones: values(r.phones),
      emails: values(r.emails),
      authorId: r.created_by,
      date: r.created_at,
      access: accessTokens(r.responsible_id, departments.get(r.responsible_id) ?? null, entity === 'deal' ? r.pipeline_id : null),
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
    ids: idsAfter(table),
    // An employee moved to another department: their items carry the new department's access token.
    touchedBy: {
      events: [usersEvents.userUpdated],
      async ids(ctx, e) {
        if (!e.changes.some((c) => c.field === 'department_id')) return [];
        const rows: { id: number }[] = await (scoped(ctx) as any).selectFrom(table).select('id').where('responsible_id', '=', Number(e.entityId)).execute();
        return rows.map((r) => r.id);
      },
    },
    // The roles' read scope, as the lists apply it: responsible users, per pipeline for deals; the
    // index narrows by the same scope over its access tokens first.
    async readable(ctx) {
      const f = await scopeFilter(ctx, entity, 'read');
      if (nothingIn(f)) return 'none';
      const where = scopeWhere(f, table);
      if (!where) return 'all';
      return {
        access: await scopeAccess(ctx, f),
        where: (eb, itemId) =>
          eb.exists(
            eb
              .selectFrom(table)
              .select(sql`1`.as('one'))
              .where(`${table}.portal_id`, '=', ctx.portal.id)
              .whereRef(`${table}.id`, '=', itemId as any)
              .where(where),
          ),
      };
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
