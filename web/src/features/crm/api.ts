import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, request, withQuery } from '../../api/client';
import { portalHeaderValue } from '../../api/portal';
import { onEntityChanged } from '../../app/realtime';
import { useCommentMutations } from '../../ui/comments';
import type {
  BulkAction,
  CrmItem,
  CrmRole,
  EntityType,
  FieldDef,
  ImportProgress,
  ImportUpload,
  Kanban,
  KanbanMore,
  Layout,
  ListColumn,
  ListFilter,
  ListPage,
  ListSettings,
  MyPermissions,
  Permissions,
  Pipeline,
  Stage,
  DuplicatePolicy,
  CalendarDeal,
  CrmRoleList,
  DealCalendar,
  FieldList,
  IndustryList,
  ListColumns,
  PipelineList,
  StageList,
  TimelineList,
} from './types';
import { ACTIONS, ENTITY_TYPES } from './types';

/** REST collection of each item type: /api/crm/deals, /api/crm/companies… */
export const COLLECTION: Record<EntityType, string> = { deal: 'deals', lead: 'leads', contact: 'contacts', company: 'companies' };

export const crmKey = ['crm'] as const;
export const entityKey = (entity: EntityType) => ['crm', entity] as const;
export const itemKey = (entity: EntityType, id: number) => ['crm', entity, 'item', id] as const;

/** The CRM's query keys; a prefix stands for every query under it. */
export const crmKeys = {
  entity: entityKey,
  item: itemKey,
  columns: (entity: EntityType) => ['crm', entity, 'columns'] as const,
  timeline: (entity: EntityType, id: number) => ['crm', entity, 'timeline', id] as const,
  pipelines: () => ['crm', 'pipelines'] as const,
  leadStatuses: () => ['crm', 'lead-statuses'] as const,
  fields: (entity?: EntityType) => (entity ? (['crm', 'fields', entity] as const) : (['crm', 'fields'] as const)),
  layout: (entity?: EntityType) => (entity ? (['crm', 'layout', entity] as const) : (['crm', 'layout'] as const)),
  roles: () => ['crm', 'roles'] as const,
  importJob: (id: string) => ['crm.import', id] as const,
};

// Pushed changes (made by others, heard only when this user may read them) refresh what shows them.
for (const entity of ENTITY_TYPES) onEntityChanged(entity, () => [crmKeys.entity(entity)]);
// Someone else's comment on an item is heard by its readers: the open timelines refresh.
onEntityChanged('comment', () => ENTITY_TYPES.map((e) => ['crm', e, 'timeline'] as const));
onEntityChanged('pipeline', () => [crmKeys.pipelines(), crmKeys.leadStatuses()]);
onEntityChanged('stage', () => [crmKeys.pipelines(), crmKeys.leadStatuses()]);
onEntityChanged('crm.field', () => [crmKeys.fields(), ...ENTITY_TYPES.map(crmKeys.columns)]);
onEntityChanged('crm.layout', () => [crmKeys.layout()]);
onEntityChanged('crm.role', () => [crmKeys.roles()]);
onEntityChanged('crm.import', (id) => [crmKeys.importJob(id)]);

type Q = Record<string, string | number | boolean | null | undefined>;

/** A list filter as query parameters (stage ids repeat). */
export function filterQuery(filter: ListFilter & { search?: string }): string {
  const p = new URLSearchParams();
  if (filter.search) p.set('search', filter.search);
  if (filter.preset && filter.preset !== 'all') p.set('preset', filter.preset);
  if (filter.responsibleId) p.set('responsibleId', String(filter.responsibleId));
  if (filter.pipelineId) p.set('pipelineId', String(filter.pipelineId));
  for (const s of filter.stageId ?? []) p.append('stageId', String(s));
  if (filter.dateField && (filter.dateFrom || filter.dateTo)) {
    p.set('dateField', filter.dateField);
    if (filter.dateFrom) p.set('dateFrom', filter.dateFrom);
    if (filter.dateTo) p.set('dateTo', filter.dateTo);
  }
  return p.toString();
}

function join(path: string, qs: string, extra?: Q): string {
  const base = qs ? `${path}?${qs}` : path;
  return withQuery(base, extra);
}

// ---------------------------------------------------------------- rights

function normalizePermissions(data: unknown): MyPermissions {
  const o = (data ?? {}) as Record<string, unknown>;
  const raw = (o.permissions ?? o) as Record<string, Record<string, string>>;
  const permissions = {} as Permissions;
  for (const e of ENTITY_TYPES) {
    permissions[e] = {} as Permissions[EntityType];
    for (const a of ACTIONS) permissions[e][a] = (raw?.[e]?.[a] as never) ?? 'none';
  }
  return { isAdmin: Boolean(o.isAdmin), permissions };
}

export function useMyPermissions() {
  return useQuery({
    queryKey: ['crm', 'perms'],
    queryFn: async () => normalizePermissions(await api.get<unknown>('/api/crm/me/permissions')),
    staleTime: 60_000,
  });
}

// ---------------------------------------------------------------- pipelines

export function usePipelines() {
  return useQuery({
    queryKey: crmKeys.pipelines(),
    queryFn: async () => {
      const { items: list } = await api.get<PipelineList>('/api/crm/pipelines', { entity: 'deal' });
      return [...list].sort((a, b) => a.sort - b.sort || a.id - b.id).map((p) => ({ ...p, stages: [...p.stages].sort((a, b) => a.sort - b.sort || a.id - b.id) }));
    },
    staleTime: 60_000,
  });
}

export function useLeadStatuses() {
  return useQuery({
    queryKey: crmKeys.leadStatuses(),
    queryFn: async () => {
      const { items } = await api.get<StageList>('/api/crm/lead-statuses');
      return [...items].sort((a, b) => a.sort - b.sort || a.id - b.id);
    },
    staleTime: 60_000,
  });
}

export function useIndustries() {
  return useQuery({
    queryKey: ['crm', 'industries'],
    queryFn: async () => {
      const { items } = await api.get<IndustryList>('/api/crm/industries');
      return items.map((x) => ({ value: x, label: x }));
    },
    staleTime: 5 * 60_000,
  });
}

function invalidatePipelines(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: crmKeys.pipelines() });
  void qc.invalidateQueries({ queryKey: crmKeys.leadStatuses() });
  void qc.invalidateQueries({ queryKey: ['crm', 'deal'] });
  void qc.invalidateQueries({ queryKey: ['crm', 'lead'] });
}

export function usePipelineMutations() {
  const qc = useQueryClient();
  const done = () => invalidatePipelines(qc);
  return {
    createPipeline: useMutation({ mutationFn: (body: { name: string }) => api.post<Pipeline>('/api/crm/pipelines', body), onSuccess: done, meta: { silent: true } }),
    renamePipeline: useMutation({
      mutationFn: ({ id, ...body }: { id: number; name: string; version?: number }) => api.patch<Pipeline>(`/api/crm/pipelines/${id}`, body),
      onSuccess: done,
      meta: { silent: true },
    }),
    deletePipeline: useMutation({ mutationFn: (id: number) => api.delete<unknown>(`/api/crm/pipelines/${id}`), onSuccess: done }),
    addStage: useMutation({
      mutationFn: ({ pipelineId, ...body }: { pipelineId: number | 'lead'; name: string; color: string; kind: string }) =>
        api.post<Stage>(pipelineId === 'lead' ? '/api/crm/lead-statuses' : `/api/crm/pipelines/${pipelineId}/stages`, body),
      onSuccess: done,
      meta: { silent: true },
    }),
    updateStage: useMutation({
      mutationFn: ({ id, ...body }: { id: number; name?: string; color?: string; kind?: string; version?: number }) => api.patch<Stage>(`/api/crm/stages/${id}`, body),
      onSuccess: done,
    }),
    deleteStage: useMutation({
      mutationFn: ({ id, moveToStageId }: { id: number; moveToStageId?: number }) => request<unknown>('DELETE', `/api/crm/stages/${id}`, { body: moveToStageId ? { moveToStageId } : {} }),
      onSuccess: done,
      meta: { silent: true },
    }),
    reorderStages: useMutation({
      mutationFn: ({ pipelineId, stageIds }: { pipelineId: number | 'lead'; stageIds: number[] }) =>
        api.put<unknown>(pipelineId === 'lead' ? '/api/crm/lead-statuses/order' : `/api/crm/pipelines/${pipelineId}/stage-order`, { stageIds }),
      onSettled: done,
    }),
  };
}

// ---------------------------------------------------------------- kanban, calendar

export type KanbanParams = { pipelineId?: number; search?: string; responsibleId?: number };

export const kanbanKey = (p: KanbanParams) => ['crm', 'deal', 'kanban', p] as const;

export function useKanban(params: KanbanParams, enabled = true) {
  return useQuery({
    queryKey: kanbanKey(params),
    queryFn: ({ signal }) => api.get<Kanban>('/api/crm/deals/kanban', params, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function fetchKanbanColumn(stageId: number, afterId: number, params: KanbanParams) {
  return api.get<KanbanMore>('/api/crm/deals/kanban/column', { stageId, afterId, search: params.search, responsibleId: params.responsibleId });
}

export type { CalendarDeal };

export function useDealsCalendar(params: { pipelineId?: number; field: string; from: string; to: string }, enabled = true) {
  return useQuery({
    queryKey: ['crm', 'deal', 'calendar', params],
    queryFn: async ({ signal }) => (await api.get<DealCalendar>('/api/crm/deals/calendar', params, signal)).items,
    enabled,
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------- lists

export type ListParams = ListFilter & { search?: string; sort?: string | null; order?: 'asc' | 'desc'; page: number; pageSize: number };

export function useList(entity: EntityType, params: ListParams, enabled = true) {
  return useQuery({
    queryKey: ['crm', entity, 'list', params],
    queryFn: ({ signal }) =>
      api.get<ListPage>(join(`/api/crm/${entity}/list`, filterQuery(params), { sort: params.sort ?? undefined, order: params.order, page: params.page, pageSize: params.pageSize }), undefined, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useListCount(entity: EntityType, filter: ListFilter & { search?: string }, enabled = true) {
  return useQuery({
    queryKey: ['crm', entity, 'count', filter],
    queryFn: ({ signal }) => api.get<{ total: number }>(join(`/api/crm/${entity}/count`, filterQuery(filter)), undefined, signal),
    enabled,
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export function useColumns(entity: EntityType) {
  return useQuery({
    queryKey: crmKeys.columns(entity),
    queryFn: async (): Promise<ListColumn[]> => (await api.get<ListColumns>(`/api/crm/${entity}/columns`)).items,
    staleTime: 5 * 60_000,
  });
}

const DEFAULT_SETTINGS: ListSettings = { columns: [], pageSize: 20, sort: null, order: 'desc', presets: [] };

export function useListSettings(entity: EntityType) {
  return useQuery({
    queryKey: ['crm', entity, 'list-settings'],
    queryFn: async () => {
      const s = await api.get<Partial<ListSettings> | null>(`/api/crm/${entity}/list-settings`);
      return { ...DEFAULT_SETTINGS, ...(s ?? {}), columns: s?.columns ?? [], presets: s?.presets ?? [] } as ListSettings;
    },
    staleTime: Infinity,
  });
}

export function useSaveListSettings(entity: EntityType) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: ListSettings) => api.put<ListSettings>(`/api/crm/${entity}/list-settings`, s),
    onMutate: (s) => {
      qc.setQueryData(['crm', entity, 'list-settings'], s);
    },
    onSuccess: (saved) => {
      if (saved && typeof saved === 'object' && Array.isArray((saved as ListSettings).columns)) {
        qc.setQueryData(['crm', entity, 'list-settings'], { ...DEFAULT_SETTINGS, ...saved });
      }
    },
  });
}

export function useBulk(entity: EntityType) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: BulkAction) => api.post<{ done: number; denied: number[] }>(`/api/crm/${entity}/bulk`, action),
    onSettled: () => void qc.invalidateQueries({ queryKey: entityKey(entity) }),
    meta: { silent: true },
  });
}

/** The export address for the current list: the browser downloads it. */
export function exportUrl(entity: EntityType, format: 'csv' | 'xlsx', filter: ListFilter & { search?: string; sort?: string | null; order?: string }, columns: string[], ids?: number[]): string {
  const qs = new URLSearchParams(filterQuery(filter));
  qs.set('format', format);
  if (filter.sort) qs.set('sort', filter.sort);
  if (filter.order) qs.set('order', filter.order);
  if (columns.length) qs.set('columns', columns.join(','));
  if (ids?.length) qs.set('ids', ids.join(','));
  const portal = portalHeaderValue();
  if (portal) qs.set('portal', portal);
  return `/api/crm/${entity}/export?${qs.toString()}`;
}

// ---------------------------------------------------------------- items

export function useItem<T extends CrmItem>(entity: EntityType, id: number) {
  return useQuery({
    queryKey: itemKey(entity, id),
    queryFn: ({ signal }) => api.get<T>(`/api/crm/${COLLECTION[entity]}/${id}`, undefined, signal),
    enabled: id > 0,
    // The card shows why it cannot show the item (not found, no access): no toast on top of that.
    meta: { silent: true },
  });
}

export function createItem<T>(entity: EntityType, body: unknown) {
  return api.post<T>(`/api/crm/${COLLECTION[entity]}`, body);
}

export function updateItem<T>(entity: EntityType, id: number, body: unknown) {
  return api.patch<T>(`/api/crm/${COLLECTION[entity]}/${id}`, body);
}

export function deleteItem(entity: EntityType, id: number) {
  return api.delete<unknown>(`/api/crm/${COLLECTION[entity]}/${id}`);
}

/** Copy: the server answers the new item (or at least its id). */
export async function copyItem(entity: EntityType, id: number): Promise<{ id: number }> {
  const r = await api.post<{ id: number } & Record<string, unknown>>(`/api/crm/${COLLECTION[entity]}/${id}/copy`);
  return r;
}

/** Moves a deal to a stage; on the Kanban, under the card `afterId` (null: at the top of the column). */
export function moveDealStage(id: number, stageId: number, version: number, afterId?: number | null) {
  return api.post<{ version: number; stageId: number } & Record<string, unknown>>(`/api/crm/deals/${id}/stage`, { stageId, version, ...(afterId !== undefined ? { afterId } : {}) });
}

export function setLeadStatus(id: number, statusId: number, version: number) {
  return api.post<Record<string, unknown>>(`/api/crm/leads/${id}/status`, { statusId, version });
}

export function convertLead(id: number, body: { contact: boolean; company: boolean; deal: { pipelineId?: number } | null }) {
  return api.post<{ lead: unknown; contactId: number | null; companyId: number | null; dealId: number | null }>(`/api/crm/leads/${id}/convert`, body);
}

export function useTimeline(entity: EntityType, id: number) {
  return useQuery({
    queryKey: crmKeys.timeline(entity, id),
    queryFn: async ({ signal }) => (await api.get<TimelineList>(`/api/crm/${entity}/${id}/timeline`, undefined, signal)).items,
    enabled: id > 0,
  });
}

/**
 * Writing, editing and deleting an item's comments: the kit's client of the generic comment routes
 * (one mechanism with every module's items), refreshing the item's timeline.
 */
export function useItemComments(entity: EntityType, id: number) {
  return useCommentMutations(entity, id, [crmKeys.timeline(entity, id)]);
}

/** Items to link (companies for a contact, contacts for a deal): searched through the list endpoint. */
export function useItemSearch(entity: EntityType, search: string, enabled = true) {
  return useQuery({
    queryKey: ['crm', entity, 'lookup', search],
    queryFn: ({ signal }) => api.get<ListPage>(join(`/api/crm/${entity}/list`, filterQuery({ search: search || undefined }), { page: 1, pageSize: 20, sort: 'id', order: 'desc' }), undefined, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

// ---------------------------------------------------------------- fields, layouts, roles

export function useFields(entity: EntityType) {
  return useQuery({
    queryKey: crmKeys.fields(entity),
    queryFn: async () => (await api.get<FieldList>('/api/crm/fields', { entity })).items.sort((a, b) => a.sort - b.sort || a.id - b.id),
    staleTime: 60_000,
  });
}

export type FieldBody = {
  entityType?: EntityType;
  label: string;
  type: string;
  multiple: boolean;
  required: boolean;
  options: { id?: string; label: string }[];
  readRoles: number[];
  editRoles: number[];
  sort?: number;
};

export function useFieldMutations(entity: EntityType) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: crmKeys.fields(entity) });
    void qc.invalidateQueries({ queryKey: crmKeys.layout(entity) });
    void qc.invalidateQueries({ queryKey: crmKeys.columns(entity) });
  };
  return {
    create: useMutation({ mutationFn: (body: FieldBody) => api.post<FieldDef>('/api/crm/fields', { ...body, entityType: entity }), onSuccess: done, meta: { silent: true } }),
    update: useMutation({
      mutationFn: ({ id, ...body }: Partial<FieldBody> & { id: number; version: number }) => api.patch<FieldDef>(`/api/crm/fields/${id}`, body),
      onSuccess: done,
      meta: { silent: true },
    }),
    remove: useMutation({ mutationFn: (id: number) => api.delete<unknown>(`/api/crm/fields/${id}`), onSuccess: done }),
  };
}

/** The card layout as the server shows it, with every field that may be placed on it. */
export type LayoutView = Layout & { source?: string; available?: { key: string; label: string; custom: boolean }[] };

export function useLayout(entity: EntityType, pipelineId?: number) {
  return useQuery({
    queryKey: ['crm', 'layout', entity, pipelineId ?? null],
    queryFn: async () => {
      const data = await api.get<LayoutView | { layout: LayoutView }>(`/api/crm/layouts/${entity}`, { pipelineId });
      return ('layout' in data ? data.layout : data) as LayoutView;
    },
    staleTime: 60_000,
    meta: { silent: true },
  });
}

export function useSaveLayout(entity: EntityType, pipelineId?: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (layout: Layout) => api.put<Layout>(withQuery(`/api/crm/layouts/${entity}`, { pipelineId }), layout),
    onSuccess: () => void qc.invalidateQueries({ queryKey: crmKeys.layout(entity) }),
  });
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: crmKeys.roles(),
    queryFn: async () => (await api.get<CrmRoleList>('/api/crm/roles')).items,
    enabled,
  });
}

export type RoleBody = Pick<CrmRole, 'name' | 'permissions'> & Partial<Pick<CrmRole, 'dealPipelines' | 'isDefault' | 'userIds' | 'departments'>>;

export function useRoleMutations() {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: crmKeys.roles() });
    void qc.invalidateQueries({ queryKey: ['crm', 'perms'] });
  };
  return {
    create: useMutation({ mutationFn: (body: RoleBody) => api.post<CrmRole>('/api/crm/roles', body), onSuccess: done, meta: { silent: true } }),
    update: useMutation({
      mutationFn: ({ id, ...body }: Partial<RoleBody> & { id: number; version: number }) => api.patch<CrmRole>(`/api/crm/roles/${id}`, body),
      onSuccess: done,
      meta: { silent: true },
    }),
    remove: useMutation({ mutationFn: (id: number) => api.delete<unknown>(`/api/crm/roles/${id}`), onSuccess: done }),
  };
}

// ---------------------------------------------------------------- import

/** Uploads the file as multipart (the JSON wrapper cannot), with the same headers as every request. */
export async function uploadImport(entity: EntityType, file: File): Promise<ImportUpload> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const portal = portalHeaderValue();
  if (portal !== undefined) headers['X-Portal'] = portal;
  const m = document.cookie.match(/(?:^|;\s*)csrf=([^;]*)/);
  if (m) headers['X-CSRF-Token'] = decodeURIComponent(m[1]!);
  headers['Accept-Language'] = document.documentElement.lang || 'ru';
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/crm/${entity}/import`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: string; fields?: { field: string; message: string }[]; requestId?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.fields ?? [], err?.requestId ?? null);
  }
  return data as ImportUpload;
}

export function startImport(id: number | string, body: { mapping: Record<string, string>; duplicatePolicy: DuplicatePolicy }) {
  return api.post<ImportProgress>(`/api/crm/imports/${id}/start`, body);
}

/** Import progress: refreshed by the realtime push (`crm.import`) and, as a safety net, every 2 s while running. */
export function useImportProgress(id: number | string | null) {
  return useQuery({
    queryKey: crmKeys.importJob(String(id)),
    queryFn: () => api.get<ImportProgress>(`/api/crm/imports/${id}`),
    enabled: id !== null,
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === 'done' || s === 'failed' ? false : 2000;
    },
    staleTime: 0,
  });
}
