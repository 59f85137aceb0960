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
  );
}
