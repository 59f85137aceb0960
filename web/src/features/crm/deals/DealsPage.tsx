import { Button, Card, Group, Select, TextInput, Chip } from '@mantine/core';
import { IconBriefcase, IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Navigate, useParams, useSearchParams } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { RobotsButton } from '../../automation/RobotsButton';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { usePipelines } from '../api';
import { CrmPage, DealViewSwitcher, type DealView } from '../CrmFrame';
import { useCrmT } from '../i18n';
import { EntityList } from '../list/EntityList';
import { useOpenCard } from '../navigation';
import { useCrmRights } from '../permissions';
import { DealActivities } from './DealActivities';
import { DealsCalendar } from './DealsCalendar';
import { KanbanBoard } from './KanbanBoard';

const VIEWS: DealView[] = ['kanban', 'list', 'activity', 'calendar'];

/** CRM → Сделки: «Канбан · Список · Дела · Календарь» of the chosen pipeline. */
export default function DealsPage() {
  const { t } = useCrmT();
  const { view: viewParam } = useParams();
  const view: DealView | null = viewParam === undefined ? 'kanban' : VIEWS.includes(viewParam as DealView) ? (viewParam as DealView) : null;
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const rights = useCrmRights();
  const openCard = useOpenCard();
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [mine, setMine] = useState(false);

  useEffect(() => {
    const h = window.setTimeout(() => setSearch(searchText.trim()), 300);
    return () => window.clearTimeout(h);
  }, [searchText]);

  if (view === null) return <Navigate to="/crm/deal" replace />;

  const list = pipelines.data ?? [];
  const chosen = Number(params.get('pipeline'));
  const pipeline = list.find((p) => p.id === chosen) ?? list.find((p) => p.isDefault) ?? list[0];
  const create = () => openCard('deal', 'new', pipeline ? `pipeline=${pipeline.id}` : undefined);
  const canAdd = rights.can('deal', 'add', pipeline?.id);

  const toolbar = (
    <Group gap="sm" mb="md" wrap="wrap">
      <DealViewSwitcher view={view} />
      {list.length > 0 ? (
        <Select
          aria-label={t('pipeline.label')}
          data={list.map((p) => ({ value: String(p.id), label: p.name }))}
          value={pipeline ? String(pipeline.id) : null}
          onChange={(v) =>
            setParams(
              (prev) => {
                const n = new URLSearchParams(prev);
                if (v) n.set('pipeline', v);
                n.delete('page');
                n.delete('stage');
                return n;
              },
              { replace: true },
            )
          }
          allowDeselect={false}
          w={220}
          leftSection={<IconBriefcase size={16} />}
        />
      ) : null}
      {view === 'kanban' ? (
        <>
          <TextInput
            value={searchText}
            onChange={(e) => setSearchText(e.currentTarget.value)}
            placeholder={t('list.searchPlaceholder')}
            aria-label={t('list.search')}
            leftSection={<IconSearch size={16} />}
            style={{ flex: '1 1 220px', maxWidth: 360 }}
          />
          <Chip checked={mine} onChange={setMine} variant="outline" size="sm">
            {t('filter.mine')}
          </Chip>
        </>
      ) : null}
    </Group>
  );

  const body = () => {
    if (pipelines.isError && !pipelines.data) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
    if (!pipelines.data) return <PageSkeleton rows={4} />;
    if (!pipeline)
      return (
        <Card>
          <EmptyState icon={<IconBriefcase size={30} />} title={t('kanban.noPipelines')} description={t('kanban.noPipelinesHint')} />
        </Card>
      );
    switch (view) {
      case 'kanban':
        return <KanbanBoard params={{ pipelineId: pipeline.id, search: search || undefined, responsibleId: mine ? rights.userId : undefined }} onCreate={create} />;
      case 'list':
        return <EntityList key={pipeline.id} entity="deal" pipelineId={pipeline.id} icon={<IconBriefcase size={30} />} onCreate={create} />;
      case 'activity':
        return <DealActivities key={pipeline.id} pipelineId={pipeline.id} />;
      case 'calendar':
        return <DealsCalendar pipelineId={pipeline.id} />;
    }
  };

  return (
    <CrmPage
      section="deal"
      title={t('entity.deal.many')}
      actions={
        <>
          <RobotsButton pipelineId={pipeline?.id} />
          {canAdd ? (
            <Button leftSection={<IconPlus size={18} />} onClick={create}>
              {t('entity.deal.create')}
            </Button>
          ) : null}
        </>
      }
    >
      {toolbar}
      {body()}
    </CrmPage>
  );
}
