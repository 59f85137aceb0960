import { Route, Routes, useLocation } from 'react-router';
import { DocumentEditor } from './DocumentEditor';
import { DocumentsPage } from './DocumentsPage';
import { WarehousesPage } from './WarehousesPage';
import './i18n';

/** /crm/catalog/store — warehouses and stock; /crm/catalog/documents — the documents and one document's page. */
export default function StoreRoutes() {
  const { pathname } = useLocation();
  if (!pathname.startsWith('/crm/catalog/documents')) return <WarehousesPage />;
  return (
    <Routes>
      <Route index element={<DocumentsPage />} />
      <Route path="new" element={<DocumentEditor />} />
      <Route path=":id" element={<DocumentEditor />} />
      <Route path="*" element={<DocumentsPage />} />
    </Routes>
  );
}
