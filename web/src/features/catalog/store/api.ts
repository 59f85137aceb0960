import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MovementList,
  ProductBrief,
  StockList,
  StockQuery,
  StoreDocument,
  StoreDocumentInput,
  StoreDocumentList,
  StoreDocumentPatch,
  StoreDocumentQuery,
  Warehouse,
  WarehouseInput,
  WarehouseList,
} from '@vavilon/contracts';
import { api } from '../../../api/client';
import { onEntityChanged } from '../../../app/realtime';

export const storeKeys = {
  all: ['store'] as const,
  warehouses: () => ['store', 'warehouses'] as const,
  stock: (q: Partial<StockQuery>) => ['store', 'stock', q] as const,
  movements: (productId: number, warehouseId?: number) => ['store', 'movements', productId, warehouseId ?? null] as const,
  documents: (q: Partial<StoreDocumentQuery>) => ['store', 'documents', q] as const,
  document: (id: number) => ['store', 'document', id] as const,
};

// Documents posted by others move the stock on this page too.
onEntityChanged('store_document', () => [storeKeys.all]);
onEntityChanged('store_warehouse', () => [storeKeys.all]);

export const useWarehouses = () => useQuery({ queryKey: storeKeys.warehouses(), queryFn: () => api.get<WarehouseList>('/api/crm/store/warehouses') });

export const useStock = (q: Partial<StockQuery>) =>
  useQuery({ queryKey: storeKeys.stock(q), queryFn: ({ signal }) => api.get<StockList>('/api/crm/store/stock', q, signal), placeholderData: keepPreviousData });

export const useMovements = (productId: number | null, warehouseId?: number) =>
  useInfiniteQuery({
    queryKey: storeKeys.movements(productId ?? 0, warehouseId),
    queryFn: ({ pageParam, signal }) => api.get<MovementList>(`/api/crm/store/products/${productId}/movements`, { warehouseId, before: pageParam ?? undefined, limit: 50 }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next,
    enabled: productId !== null,
  });

export const useDocuments = (q: Partial<StoreDocumentQuery>) =>
  useQuery({ queryKey: storeKeys.documents(q), queryFn: ({ signal }) => api.get<StoreDocumentList>('/api/crm/store/documents', q, signal), placeholderData: keepPreviousData });

export const useDocument = (id: number | null) => useQuery({ queryKey: storeKeys.document(id ?? 0), queryFn: () => api.get<StoreDocument>(`/api/crm/store/documents/${id}`), enabled: id !== null });

/** Products of the catalogue for a document's row: goods only (services are not kept in a warehouse). */
export const searchProducts = (q: string, signal?: AbortSignal) =>
  api.get<ProductBrief[]>('/api/crm/catalog/products/search', { q, limit: 20 }, signal).then((list) => list.filter((p) => p.kind === 'product'));

export function useStoreMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: storeKeys.all });
  // The pages show these refusals themselves (under the fields, «Не хватает: …»): no toast over them.
  const on = <A, R>(fn: (a: A) => Promise<R>, silent = true) => useMutation({ mutationFn: fn, onSuccess: done, meta: { silent } });
  return {
    createWarehouse: on((input: WarehouseInput) => api.post<Warehouse>('/api/crm/store/warehouses', input)),
    updateWarehouse: on(({ id, ...patch }: Partial<WarehouseInput> & { id: number }) => api.patch<Warehouse>(`/api/crm/store/warehouses/${id}`, patch)),
    deleteWarehouse: on((id: number) => api.delete(`/api/crm/store/warehouses/${id}`)),
    settings: on((input: { allowNegative: boolean }) => api.put('/api/crm/store/settings', input)),
    createDocument: on((input: StoreDocumentInput) => api.post<StoreDocument>('/api/crm/store/documents', input)),
    updateDocument: on(({ id, ...patch }: StoreDocumentPatch & { id: number }) => api.patch<StoreDocument>(`/api/crm/store/documents/${id}`, patch)),
    postDocument: on((d: { id: number; version: number }) => api.post<StoreDocument>(`/api/crm/store/documents/${d.id}/post`, { version: d.version })),
    cancelDocument: on((d: { id: number; version: number }) => api.post<StoreDocument>(`/api/crm/store/documents/${d.id}/cancel`, { version: d.version })),
    deleteDocument: on((id: number) => api.delete(`/api/crm/store/documents/${id}`), false),
  };
}
