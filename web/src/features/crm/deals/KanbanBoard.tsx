import { Group, Loader, Text, TextInput, Button } from '@mantine/core';
import { IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { isApiError } from '../../../api/client';
import { useServerForm } from '../../../ui/form-kit';
import { EmptyState } from '../../../ui/EmptyState';
import { KanbanBoard as Board, type BoardColumn } from '../../../ui/kanban';
import { createItem, fetchKanbanColumn, kanbanKey, moveDealStage, useKanban, type KanbanParams } from '../api';
import { RefAvatar, showUndoable } from '../common';
import { formatMoney, fromMinor, toMinor } from '../format';
import { crmT, useCrmT } from '../i18n';
import { cardPath, sliderState, useOpenCard, type SliderState } from '../navigation';
import type { Deal, KanbanCard, Stage } from '../types';
import classes from '../crm.module.css';
import { CardActivities } from './CardActivities';
import { toBaseMinor, useCurrencies } from '../currencies/api';

type StageColumn = BoardColumn<KanbanCard, number> & { stage: Stage };

/** The deals Kanban of one pipeline: stage columns with count and sum, drag a card to change its stage. */
export function KanbanBoard({ params, onCreate }: { params: KanbanParams; onCreate: () => void }) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const key = kanbanKey(params);
  const board = useKanban(params, Boolean(params.pipelineId));
  const openCard = useOpenCard();
  const currencies = useCurrencies();
  const columns = useMemo<StageColumn[] | undefined>(
    () =>
      board.data?.columns.map((c) => ({
        id: c.stage.id,
        title: c.stage.name,
        color: c.stage.color,
        count: c.count,
        total: toMinor(c.sum),
        cards: c.cards,
        hasMore: c.hasMore,
        stage: c.stage,
      })),
    [board.data],
  );

  return (
    <Board<KanbanCard, number>
      label={t('kanban.board')}
      columns={columns}
      error={board.isError ? board.error : undefined}
      onRetry={() => void board.refetch()}
      stale={board.isPlaceholderData}
      empty={<EmptyState icon={<IconLayoutKanban size={30} />} title={t('kanban.emptyPipeline')} description={t('kanban.noPipelinesHint')} />}
      resetKey={`${params.pipelineId}|${params.search ?? ''}|${params.responsibleId ?? ''}`}
      cardId={(c) => c.id}
      cardLabel={(c) => c.title}
      cardValue={(c) => toBaseMinor(currencies.data, c.currency, toMinor(c.amount))}
      renderTotal={(c) => formatMoney(fromMinor(c.total ?? 0), board.data?.currency ?? 'RUB')}
      renderCard={(card) => <CardView card={card} />}
      onOpen={(card) => openCard('deal', card.id)}
      emptyColumnText={t('kanban.noCards')}
      moveMessage={(card, to) => crmT('kanban.moved', { title: card.title, stage: to.title })}
      loadMore={(col, last) => fetchKanbanColumn(col.id, last.id, params)}
      onMove={async ({ card, to, afterId }) => {
        const answer = await moveDealStage(card.id, to, card.version, afterId === null ? null : Number(afterId));
        const version = typeof answer?.version === 'number' ? answer.version : card.version + 1;
        void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'item', card.id] });
        void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'list'] });
        void qc.invalidateQueries({ queryKey: key });
        return { ...card, version };
      }}
      onMoveFailed={(e) => {
        if (isApiError(e) && (e.status === 409 || e.status === 404 || e.status === 400 || e.status === 422)) void qc.invalidateQueries({ queryKey: key });
      }}
      columnTop={(col, i) =>
        i === 0 && board.data?.canAdd ? (
          <QuickCreate pipelineId={board.data.pipeline.id} stageId={col.id} onCreated={() => void qc.invalidateQueries({ queryKey: key })} onCreateFull={onCreate} />
        ) : null
      }
    />
  );
}

function QuickCreate({ pipelineId, stageId, onCreated, onCreateFull }: { pipelineId: number; stageId: number; onCreated: () => void; onCreateFull: () => void }) {
  const { t } = useCrmT();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useServerForm();
  const ref = useRef<HTMLInputElement>(null);
  const submit = async () => {
    const v = title.trim();
    if (!v) {
      onCreateFull();
      return;
    }
    setBusy(true);
    try {
      await createItem<Deal>('deal', { title: v, pipelineId, stageId });
      setTitle('');
      form.clear();
      onCreated();
      showUndoable(crmT('kanban.created', { title: v }));
      ref.current?.focus();
    } catch (e) {
      form.fromError(e, { generalAt: 'title' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <TextInput
      ref={ref}
      size="xs"
      value={title}
      onChange={(e) => {
        setTitle(e.currentTarget.value);
        form.clear();
      }}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          void submit();
        }
      }}
      aria-label={t('kanban.quickCreate')}
      placeholder={t('kanban.quickPlaceholder')}
      error={form.errorOf('title')}
      disabled={busy}
      leftSection={busy ? <Loader size={12} /> : <IconPlus size={14} />}
      rightSectionWidth={title.trim() ? 74 : undefined}
      rightSection={
        title.trim() ? (
          <Button size="compact-xs" onClick={() => void submit()} loading={busy}>
            {t('kanban.quickAdd')}
          </Button>
        ) : null
      }
    />
  );
}

function CardView({ card }: { card: KanbanCard }) {
  const { t } = useCrmT();
  const location = useLocation();
  const current = sliderState(location.state);
  const state: SliderState = current ? { backgroundLocation: current.backgroundLocation, depth: current.depth + 1 } : { backgroundLocation: location, depth: 1 };
  const client = card.company ?? card.contact;
  return (
    <>
      <Link to={cardPath('deal', card.id)} state={state} className={classes.cardTitle} onClick={(e) => e.stopPropagation()} draggable={false}>
        {card.title}
      </Link>
      <Text size="sm" fw={600} mt={4} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatMoney(card.amount, card.currency)}
      </Text>
      <Group justify="space-between" wrap="nowrap" mt={4} gap={6}>
        <Text size="xs" c="dimmed" truncate title={client ?? undefined}>
          {client ?? (card.contact ? `${t('kanban.contact')}: ${card.contact}` : '—')}
        </Text>
        {card.responsible ? <RefAvatar user={card.responsible} size={22} /> : null}
      </Group>
      <Group mt={6} gap={6}>
        <CardActivities dealId={card.id} summary={card.activities} />
      </Group>
    </>
  );
}
