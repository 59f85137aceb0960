import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PageSkeleton } from '../../ui/PageSkeleton';
import CatalogPage from './CatalogPage';

const StoreRoutes = lazy(() => import('./store/StoreRoutes'));

/** /crm/catalog — «Каталог товаров»; /crm/catalog/store — warehouses and stock; /crm/catalog/documents — documents. */
export default function CatalogRoutes() {
  const store = (
    <Suspense fallback={<PageSkeleton />}>
      <StoreRoutes />
    </Suspense>
  );
  return (
    <Routes>
      <Route index element={<CatalogPage />} />
      <Route path="store/*" element={store} />
      <Route path="documents/*" element={store} />
      <Route path="*" element={<Navigate to="/crm/catalog" replace />} />
    </Routes>
  );
}
