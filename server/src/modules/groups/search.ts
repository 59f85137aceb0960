import type { SearchProvider } from '../../platform/registry/registry.js';
import { t } from '../../platform/i18n/index.js';
import { listGroups } from './service.js';

/** Groups and projects in the portal search: only those the user may see (a secret one to its members). */
export const groupsSearch: SearchProvider[] = [
  {
    kind: 'groups',
    title: { ru: 'Группы и проекты', en: 'Groups and projects' },
    async search(ctx, query, limit) {
      const { items } = await listGroups(ctx, { search: query, filter: 'all', archived: 'false', page: 1, pageSize: Math.min(limit, 50) });
      return items.map((g) => ({ id: String(g.id), title: g.name, subtitle: t(ctx.lang, `groups.kind.${g.kind}`), url: `/groups/${g.id}` }));
    },
  },
];
