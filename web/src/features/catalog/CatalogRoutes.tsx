import { lazy, Suspense } from 'react';
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PageSkeleton } from '../../ui/PageSkeleton';
import CatalogPage from './CatalogPage';

const StoreRoutes = lazy(() => import('./store/StoreRoutes'));

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
      <Route
        index
        element={
          <CrmPage section="catalog" title="Каталог товаров">
            <EmptyState icon={null} title="Каталог товаров" />
          </CrmPage>
        }
      />
      <Route path="store/*" element={<StoreRoutes />} />
      <Route path="documents/*" element={<StoreRoutes />} />
      <Route path="*" element={<Navigate to="/crm/catalog" replace />} />
    </Routes>
  );
}
