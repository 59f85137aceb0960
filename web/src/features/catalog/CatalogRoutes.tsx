import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { CrmPage } from '../crm/CrmFrame';
import { EmptyState } from '../../ui/EmptyState';

const StoreRoutes = lazy(() => import('./store/StoreRoutes'));

/** /crm/catalog — «Каталог товаров»; /crm/catalog/store — warehouses and stock; /crm/catalog/documents — documents. */
export default function CatalogRoutes() {
  return (
    <Routes>
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
