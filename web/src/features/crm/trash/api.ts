import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { EntityType, TrashEmptied, TrashPage, TrashRestored } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { onEntityChanged } from '../../../app/realtime';

export const trashKey = ['crm', 'trash'] as const;

// A delete or a restore anywhere changes what the trash holds.
for (const type of ['deal', 'lead', 'contact', 'company'] as const) onEntityChanged(type, () => [trashKey]);

export function useTrash(params: { type?: EntityType; page: number }) {
  return useQuery({
    queryKey: [...trashKey, params],
    queryFn: ({ signal }) => api.get<TrashPage>('/api/crm/trash', { ...(params.type ? { type: params.type } : {}), page: params.page, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
}

/** «Восстановить» and «Отменить» after a delete: the items come back under their own ids. */
export function restoreFromTrash(items: { type: EntityType; id: number }[]) {
  return api.post<TrashRestored>('/api/crm/trash/restore', { items });
}

export function emptyTrash() {
  return api.delete<TrashEmptied>('/api/crm/trash');
}

/** «Удалить навсегда» of one entry (a CRM administrator). */
export function removeFromTrash(entryId: number) {
  return api.delete<{ ok: true }>(`/api/crm/trash/${entryId}`);
}
