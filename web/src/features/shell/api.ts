import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HelpArticles, SearchPage, SearchPageQuery, SearchResults, Shell, ShellSettings } from '@vavilon/contracts';
import { api } from '../../api/client';

export type SiteMap = {
  sections: { id: string; title: string; items: { id: string; title: string; path: string; description: string }[] }[];
};

export const shellKey = ['shell'] as const;

/**
 * The menu items in the user's saved order (ids not in `order` keep their place after the
 * item they followed), as the server answers it, so that a saved order shows at once.
 */
export function orderMenu(menu: Shell['menu'], order: string[] | undefined): Shell['menu'] {
  if (!order?.length) return menu;
  const byId = new Map(menu.map((i) => [i.id, i]));
  const out = order.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const placed = new Set(out.map((i) => i.id));
  menu.forEach((item, index) => {
    if (placed.has(item.id)) return;
    const after = menu
      .slice(0, index)
      .reverse()
      .find((x) => placed.has(x.id));
    out.splice(after ? out.indexOf(after) + 1 : 0, 0, item);
    placed.add(item.id);
  });
  return out;
}

function withSettings(shell: Shell, settings: ShellSettings): Shell {
  return { ...shell, settings, menu: orderMenu(shell.menu, settings.order) };
}

export function useShell() {
  return useQuery({ queryKey: shellKey, queryFn: () => api.get<Shell>('/api/shell'), staleTime: 60_000 });
}

/**
 * Saves menu settings (pinned, order, hidden, collapsed groups) for this user.
 * The menu changes at once; a failure puts it back.
 */
export function useUpdateShellSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<ShellSettings>) => api.put<ShellSettings>('/api/shell/settings', patch),
    onMutate: async (patch) => {
      await qc.cancelQueries({ queryKey: shellKey });
      const previous = qc.getQueryData<Shell>(shellKey);
      if (previous) qc.setQueryData<Shell>(shellKey, withSettings(previous, { ...previous.settings, ...patch }));
      return { previous };
    },
    onError: (_e, _patch, ctx) => {
      if (ctx?.previous) qc.setQueryData(shellKey, ctx.previous);
    },
    onSuccess: (settings) => {
      const current = qc.getQueryData<Shell>(shellKey);
      if (current && settings && typeof settings === 'object' && 'pinned' in settings) {
        qc.setQueryData<Shell>(shellKey, withSettings(current, settings));
      }
    },
  });
}

export function useSiteMap() {
  return useQuery({ queryKey: ['sitemap'], queryFn: () => api.get<SiteMap>('/api/sitemap') });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<SearchResults>('/api/search', { q }, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    meta: { silent: true },
  });
}

/** What the results page asks for: the query and its filters (no `before`, no `limit`). */
export type SearchPageFilters = Omit<SearchPageQuery, 'before' | 'limit'>;

const PAGE_SIZE = 20;

/** The results page: hits newest first, a page at a time (`next` → `before`); counts by kind on the first. */
export function useSearchPage(filters: SearchPageFilters) {
  return useInfiniteQuery({
    queryKey: ['search', 'page', filters],
    queryFn: ({ pageParam, signal }) => api.get<SearchPage>('/api/search/page', { ...filters, before: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: filters.q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useHelp(moduleId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['help', moduleId],
    queryFn: () => api.get<HelpArticles>('/api/help', { module: moduleId }),
    enabled,
    staleTime: 5 * 60_000,
  });
}
