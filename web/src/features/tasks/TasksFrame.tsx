import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { PageHeader } from '../../ui/PageHeader';
import { ViewSwitcher } from '../../ui/nav';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useTasksT } from './i18n';
import { useOpenTask } from './navigation';

export type TasksView = 'list' | 'deadlines' | 'plan' | 'calendar' | 'gantt' | 'scrum' | 'templates' | 'reports';

const VIEWS: TasksView[] = ['list', 'deadlines', 'plan', 'calendar', 'gantt', 'scrum', 'templates', 'reports'];

/** «Список · Сроки · Мой план · Календарь · Гант · Скрам · Шаблоны · Отчёты». */
export function TasksViewSwitcher({ view }: { view: TasksView }) {
  const { t } = useTasksT();
  return <ViewSwitcher label={t('views.label')} items={VIEWS.map((v) => ({ id: v, to: `/tasks/${v}`, label: t(`views.${v}`) }))} current={view} />;
}

/** A page of «Задачи и проекты»: the title with «Создать» (a new task's card) and the page's own actions, the view switcher, the view. */
export function TasksPage({ view, actions, children, title }: { view: TasksView; actions?: ReactNode; children: ReactNode; title?: string }) {
  const { t } = useTasksT();
  const open = useOpenTask();
  useDocumentTitle(title ?? t('title'));
  return (
    <>
      <PageHeader
        title={title ?? t('title')}
        actions={
          <>
            {actions}
            <Button leftSection={<IconPlus size={16} />} onClick={() => open('new')}>
              {t('create')}
            </Button>
          </>
        }
        below={<TasksViewSwitcher view={view} />}
      />
      {children}
    </>
  );
}
