import type { SearchProvider } from '../../platform/registry/registry.js';
import type { EntityType } from './schema.js';
import { listRows, toListRows } from './list.js';
import { specOf } from './specs.js';

function provider(entity: EntityType, ru: string, en: string): SearchProvider {
  return {
    kind: `crm.${entity}`,
    title: { ru, en },
    async search(ctx, query, limit) {
      const { rows } = await listRows(ctx, entity, { search: query, order: 'desc', page: 1, pageSize: 10 } as never);
      const list = await toListRows(ctx, entity, rows.slice(0, limit));
      return list.map((r) => ({
        id: String(r.id),
        title: String(r.title ?? r.name ?? ''),
        subtitle: entity === 'deal' ? ((r.stage as { name?: string } | null)?.name ?? null) : null,
        url: specOf(entity).url(Number(r.id)),
      }));
    },
  };
}

/** Leads, deals, contacts and companies in the portal search: only what the user may read. */
export const crmSearch: SearchProvider[] = [
  provider('deal', 'Сделки', 'Deals'),
  provider('lead', 'Лиды', 'Leads'),
  provider('contact', 'Контакты', 'Contacts'),
  provider('company', 'Компании', 'Companies'),
];
