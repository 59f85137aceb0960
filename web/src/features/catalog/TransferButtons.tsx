import type { ProductFilter } from './api';

/** «Импорт» and «Экспорт» of the catalogue (Excel). */
export function TransferButtons(_props: { canImport: boolean; filter: Omit<ProductFilter, 'page' | 'pageSize'> & Partial<ProductFilter> }) {
  return null;
}
