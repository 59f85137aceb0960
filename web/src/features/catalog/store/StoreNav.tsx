import { SectionNav } from '../../../ui/nav';
import { useStoreT } from './i18n';

export type StoreSection = 'catalog' | 'store' | 'documents';

/** «Каталог товаров · Склады · Складские документы» inside «Товары и склады». */
export function StoreNav({ current }: { current: StoreSection }) {
  const { t } = useStoreT();
  const items = [
    { id: 'catalog', to: '/crm/catalog', label: t('nav.catalog') },
    { id: 'store', to: '/crm/catalog/store', label: t('nav.store') },
    { id: 'documents', to: '/crm/catalog/documents', label: t('nav.documents') },
  ];
  return <SectionNav label={t('nav.label')} items={items} current={current} />;
}
