import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { PageHeader } from '../../ui/PageHeader';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useCrmT } from './i18n';
import { useCrmRights } from './permissions';
import type { EntityType } from './types';
import classes from './crm.module.css';

export type CrmSection = EntityType | 'settings';

const SECTIONS: { id: CrmSection; to: string }[] = [
  { id: 'deal', to: '/crm/deal' },
  { id: 'lead', to: '/crm/lead/list' },
  { id: 'contact', to: '/crm/contact/list' },
  { id: 'company', to: '/crm/company/list' },
];

/** «Сделки · Лиды · Контакты · Компании · Настройки»: the CRM's own navigation under the page title. */
export function CrmNav({ current }: { current: CrmSection }) {
  const { t } = useCrmT();
  const { admin, can } = useCrmRights();
  const items = SECTIONS.filter((s) => s.id === 'settings' || can(s.id as EntityType, 'read'));
  if (admin) items.push({ id: 'settings', to: '/crm/settings' });
  return (
    <nav aria-label={t('nav.label')} className={classes.subnav}>
      {items.map((s) => (
        <Link key={s.id} to={s.to} className={classes.subnavLink} aria-current={s.id === current ? 'page' : undefined}>
          {t(`nav.${s.id}`)}
        </Link>
      ))}
    </nav>
  );
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
  return (
    <nav aria-label={t('views.label')} className={classes.views}>
      {views.map((v) => (
        <Link key={v.id} to={v.to} className={classes.viewLink} aria-current={v.id === view ? 'page' : undefined}>
          {t(`views.${v.id}`)}
        </Link>
      ))}
    </nav>
  );
}
