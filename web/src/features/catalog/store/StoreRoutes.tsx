import { IconBuildingWarehouse } from '@tabler/icons-react';
import { useLocation } from 'react-router';
import { CrmPage } from '../../crm/CrmFrame';
import { EmptyState } from '../../../ui/EmptyState';
import { CatalogNav } from '../CatalogNav';
import { useCatalogT } from '../i18n';

/** /crm/catalog/store and /crm/catalog/documents: warehouses, stock and documents (filled by the warehouses' pages). */
export default function StoreRoutes() {
  const { t } = useCatalogT();
  const documents = useLocation().pathname.startsWith('/crm/catalog/documents');
  const title = documents ? t('nav.documents') : t('nav.store');
  return (
    <CrmPage section="catalog" title={title}>
      <CatalogNav current={documents ? 'documents' : 'store'} />
      <EmptyState icon={<IconBuildingWarehouse size={32} />} title={title} />
    </CrmPage>
import { Route, Routes, useLocation } from 'react-router';
import { DocumentEditor } from './DocumentEditor';
import { DocumentsPage } from './DocumentsPage';
import { WarehousesPage } from './WarehousesPage';
import './i18n';

/** /crm/catalog/store — warehouses and stock; /crm/catalog/documents — the documents and one document's page. */
  const { pathname } = useLocation();
  if (!pathname.startsWith('/crm/catalog/documents')) return <WarehousesPage />;
    <Routes>
      <Route index element={<DocumentsPage />} />
      <Route path="new" element={<DocumentEditor />} />
      <Route path=":id" element={<DocumentEditor />} />
      <Route path="*" element={<DocumentsPage />} />
    </Routes>
  );
}
