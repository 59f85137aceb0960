import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CatalogRightsView, CatalogSection, Product, ProductBrief, ProductList } from '@vavilon/contracts';
import { api } from '../../api/client';

export type { CatalogSection, Product, ProductBrief, ProductList };

export const catalogKeys = {
  all: ['catalog'] as const,
  rights: ['catalog', 'rights'] as const,
  sections: ['catalog', 'sections'] as const,
  products: ['catalog', 'products'] as const,
  product: (id: number) => ['catalog', 'products', 'item', id] as const,
};

export interface ProductFilter {
  q?: string;
  sectionId?: number;
  kind?: 'product' | 'service';
  active?: boolean;
  priceFrom?: string;
  priceTo?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export function useCatalogRights() {
  return useQuery({ queryKey: catalogKeys.rights, queryFn: () => api.get<CatalogRightsView>('/api/crm/catalog/rights'), staleTime: 60_000 });
}

export function useSections() {
  return useQuery({ queryKey: catalogKeys.sections, queryFn: async () => (await api.get<{ items: CatalogSection[] }>('/api/crm/catalog/sections')).items });
}

export function useProducts(filter: ProductFilter) {
  return useQuery({
    queryKey: [...catalogKeys.products, 'list', filter],
    queryFn: ({ signal }) => api.get<ProductList>('/api/crm/catalog/products', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProduct(id: number | null) {
  return useQuery({ queryKey: catalogKeys.product(id ?? 0), queryFn: () => api.get<Product>(`/api/crm/catalog/products/${id}`), enabled: !!id });
}

/** Every change in the catalogue refreshes its lists, sections and cards. */
function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: catalogKeys.all });
}

export type ProductBody = Partial<Omit<Product, 'id' | 'photos' | 'photoUrl' | 'createdAt' | 'updatedAt'>> & { photoFileIds?: number[] };

export function useSaveProduct() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: ProductBody }) => (id ? api.patch<Product>(`/api/crm/catalog/products/${id}`, body) : api.post<Product>('/api/crm/catalog/products', body)),
    onSuccess: refresh,
  });
}

export function useDeleteProduct() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.delete(`/api/crm/catalog/products/${id}`), onSuccess: refresh });
}

export type BulkBody = { action: 'activate' | 'deactivate' | 'delete'; ids: number[] } | { action: 'move'; ids: number[]; sectionId: number | null };

export function useBulkProducts() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: BulkBody) => api.post<{ count: number }>('/api/crm/catalog/products/bulk', body), onSuccess: refresh });
}

export function useSaveSection() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: { name?: string; parentId?: number | null } }) =>
      id ? api.patch<CatalogSection>(`/api/crm/catalog/sections/${id}`, body) : api.post<CatalogSection>('/api/crm/catalog/sections', body),
    onSuccess: refresh,
  });
}

export function useDeleteSection() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.delete(`/api/crm/catalog/sections/${id}`), onSuccess: refresh });
}

/** Products for a picker (product rows, warehouse documents): active ones matching `q`. */
export function searchProducts(q: string, limit = 20): Promise<ProductBrief[]> {
  return api.get<ProductBrief[]>('/api/crm/catalog/products/search', { q, limit });
}
