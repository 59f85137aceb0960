import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { PageHeader } from '../../ui/PageHeader';
import { SectionNav, ViewSwitcher } from '../../ui/nav';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useCrmT } from './i18n';
import { useCrmRights } from './permissions';
import type { EntityType } from './types';

/** The CRM's sections: its items, «Мои дела» (the activities feature), «Товары и склады» (the catalogue feature), settings. */
export type CrmSection = EntityType | 'activity' | 'catalog' | 'settings' | 'trash';

const SECTIONS: { id: CrmSection; to: string }[] = [
  { id: 'deal', to: '/crm/deal' },
  { id: 'lead', to: '/crm/lead/list' },
  { id: 'contact', to: '/crm/contact/list' },
  { id: 'company', to: '/crm/company/list' },
  { id: 'activity', to: '/crm/activity' },
  { id: 'catalog', to: '/crm/catalog' },
];

/** Sections that are not an item type: everyone with the CRM sees them (their pages say what the user may not). */
const OPEN_SECTIONS: CrmSection[] = ['activity', 'catalog', 'settings'];

/** «Сделки · Лиды · Контакты · Компании · Настройки»: the CRM's own navigation under the page title. */
export function CrmNav({ current }: { current: CrmSection }) {
  const { t } = useCrmT();
  const { admin, can } = useCrmRights();
  const items = SECTIONS.filter((s) => OPEN_SECTIONS.includes(s.id) || can(s.id as EntityType, 'read'));
  if (admin) items.push({ id: 'settings', to: '/crm/settings' });
  // Everyone sees their own deletions there; an administrator sees all.
  items.push({ id: 'trash', to: '/crm/trash' });
  return <SectionNav label={t('nav.label')} items={items.map((s) => ({ ...s, label: t(`nav.${s.id}`) }))} current={current} />;
}

/** A page of the CRM: title with the main actions at the right, the CRM navigation, then the page. */
export function CrmPage({ section, title, actions, children }: { section: CrmSection; title: string; actions?: ReactNode; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <>
      <PageHeader title={title} actions={actions} below={<CrmNav current={section} />} />
      {children}
    </>
  );
}

export type DealView = 'kanban' | 'list' | 'activity' | 'calendar';

/** «Канбан · Список · Дела · Календарь». */
export function DealViewSwitcher({ view }: { view: DealView }) {
  const { t } = useCrmT();
  const { search } = useLocation();
  const keep = new URLSearchParams(search);
  const pipeline = keep.get('pipeline');
  const qs = pipeline ? `?pipeline=${pipeline}` : '';
  const views: { id: DealView; to: string }[] = [
    { id: 'kanban', to: `/crm/deal/kanban${qs}` },
    { id: 'list', to: `/crm/deal/list${qs}` },
    { id: 'activity', to: `/crm/deal/activity${qs}` },
    { id: 'calendar', to: `/crm/deal/calendar${qs}` },
  ];
  return <ViewSwitcher label={t('views.label')} items={views.map((v) => ({ ...v, label: t(`views.${v.id}`) }))} current={view} />;
}
