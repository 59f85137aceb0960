import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { Badge, Box, Button, Group, Loader, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent, type UIEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { isApiError } from '../../../api/client';
import { useServerForm } from '../../../ui/form-kit';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { createItem, fetchKanbanColumn, kanbanKey, moveDealStage, useKanban, type KanbanParams } from '../api';
import { RefAvatar, showUndoable } from '../common';
import { formatMoney, fromMinor, textOn, toMinor } from '../format';
import { crmT, useCrmT } from '../i18n';
import { cardPath, sliderState, useOpenCard, type SliderState } from '../navigation';
import type { Deal, Kanban, KanbanCard, KanbanColumn } from '../types';
import classes from '../crm.module.css';

type Extra = Record<number, { cards: KanbanCard[]; hasMore: boolean; loading?: boolean }>;

const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

/** Where a dragged card would land: the column and the index among that column's other cards. */
type Drop = { stageId: number; index: number };

/** The pointer's height on screen during a drag (the dragged card's middle for the keyboard). */
function pointerY(e: DragMoveEvent): number | null {
  const start = e.activatorEvent as Partial<PointerEvent> | null;
  if (start && typeof start.clientY === 'number') return start.clientY + e.delta.y;
  const r = e.active.rect.current.translated;
  return r ? r.top + r.height / 2 : null;
}

/** The index among the column's other cards that a drop at height `y` takes: under every card whose middle is above it. */
function dropIndex(stageId: number, activeId: number, y: number): number {
  const cards = document.querySelectorAll<HTMLElement>(`[data-kanban-stage="${stageId}"] [data-card-id]`);
  let index = 0;
  for (const el of cards) {
    if (Number(el.dataset.cardId) === activeId) continue;
    const r = el.getBoundingClientRect();
    if (r.top + r.height / 2 < y) index += 1;
    else break;
  }
  return index;
}

/** Moves a card in the board's data to column `toStageId`, right under the card `afterId` (at the top without one). */
function moveCard(
  data: Kanban,
  extra: Extra,
  cardId: number,
  toStageId: number,
  afterId: number | null,
): { data: Kanban; extra: Extra; card: KanbanCard | null; fromStageId: number | null; fromAfterId: number | null } {
  let card: KanbanCard | null = null;
  let fromStageId: number | null = null;
  let fromAfterId: number | null = null;
  // Where the card stood: the card above it in its column (first page and loaded-more cards together).
  for (const col of data.columns) {
    const all = [...col.cards, ...(extra[col.stage.id]?.cards ?? [])];
    const idx = all.findIndex((c) => c.id === cardId);
    if (idx >= 0) fromAfterId = idx > 0 ? all[idx - 1]!.id : null;
  }
  const nextExtra: Extra = {};
  for (const [k, v] of Object.entries(extra)) {
    const idx = v.cards.findIndex((c) => c.id === cardId);
    if (idx >= 0) {
      card = v.cards[idx]!;
      fromStageId = Number(k);
      nextExtra[Number(k)] = { ...v, cards: v.cards.filter((c) => c.id !== cardId) };
    } else nextExtra[Number(k)] = v;
  }
  let columns = data.columns.map((col) => {
    const idx = col.cards.findIndex((c) => c.id === cardId);
    if (idx < 0) return col;
    card = col.cards[idx]!;
    fromStageId = col.stage.id;
    return { ...col, cards: col.cards.filter((c) => c.id !== cardId) };
  });
  if (!card || fromStageId === null) return { data, extra, card: null, fromStageId: null, fromAfterId: null };
  const moved: KanbanCard = card;
  const insertAfter = (cards: KanbanCard[]) => {
    const at = cards.findIndex((c) => c.id === afterId);
    return at < 0 ? null : [...cards.slice(0, at + 1), moved, ...cards.slice(at + 1)];
  };
  const target = columns.find((c) => c.stage.id === toStageId);
  const inFirstPage = afterId === null || (target?.cards.some((c) => c.id === afterId) ?? false);
  const more = nextExtra[toStageId];
  if (!inFirstPage && more) nextExtra[toStageId] = { ...more, cards: insertAfter(more.cards) ?? [moved, ...more.cards] };
  columns = columns.map((col) => {
    if (col.stage.id !== toStageId && col.stage.id !== fromStageId) return col;
    let next = col;
    if (col.stage.id === toStageId && (inFirstPage || !more)) next = { ...next, cards: (afterId !== null && insertAfter(next.cards)) || [moved, ...next.cards] };
    if (fromStageId === toStageId) return next;
    if (col.stage.id === fromStageId) return { ...next, count: Math.max(0, col.count - 1), sum: fromMinor(toMinor(col.sum) - toMinor(moved.amount)) };
    return { ...next, count: col.count + 1, sum: fromMinor(toMinor(col.sum) + toMinor(moved.amount)) };
  });
  return { data: { ...data, columns }, extra: nextExtra, card: moved, fromStageId, fromAfterId };
}

/** The deals Kanban of one pipeline: stage columns with count and sum, drag a card to change its stage. */
export function KanbanBoard({ params, onCreate }: { params: KanbanParams; onCreate: () => void }) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const key = kanbanKey(params);
  const board = useKanban(params, Boolean(params.pipelineId));
  const [extra, setExtra] = useState<Extra>({});
  const [activeId, setActiveId] = useState<number | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const [dragHeight, setDragHeight] = useState<number | null>(null);
  const [pending, setPending] = useState<Set<number>>(new Set());
  const openCard = useOpenCard();

  // A fresh first page: loaded-more cards that now appear in it are dropped from the extras.
  useEffect(() => {
    const fresh = new Set(board.data?.columns.flatMap((c) => c.cards.map((x) => x.id)) ?? []);
    setExtra((prev) => {
      const next: Extra = {};
      for (const [k, v] of Object.entries(prev)) next[Number(k)] = { ...v, cards: v.cards.filter((c) => !fresh.has(c.id)) };
      return next;
    });
  }, [board.data]);

  useEffect(() => setExtra({}), [params.pipelineId, params.search, params.responsibleId]);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  const columns: KanbanColumn[] = useMemo(
    () =>
      (board.data?.columns ?? []).map((c) => {
        const e = extra[c.stage.id];
        return e ? { ...c, cards: [...c.cards, ...e.cards], hasMore: e.hasMore } : c;
      }),
    [board.data, extra],
  );

  const activeCard = activeId !== null ? columns.flatMap((c) => c.cards).find((c) => c.id === activeId) ?? null : null;
  const activeStage = activeId !== null ? columns.find((c) => c.cards.some((x) => x.id === activeId))?.stage : undefined;

  const loadMore = async (col: KanbanColumn) => {
    const id = col.stage.id;
    if (extra[id]?.loading || !col.hasMore) return;
    const last = col.cards[col.cards.length - 1];
    if (!last) return;
    setExtra((p) => ({ ...p, [id]: { cards: p[id]?.cards ?? [], hasMore: true, loading: true } }));
    try {
      const more = await fetchKanbanColumn(id, last.id, params);
      setExtra((p) => {
        const have = new Set([...(board.data?.columns.find((c) => c.stage.id === id)?.cards ?? []), ...(p[id]?.cards ?? [])].map((c) => c.id));
        return { ...p, [id]: { cards: [...(p[id]?.cards ?? []), ...more.cards.filter((c) => !have.has(c.id))], hasMore: more.hasMore, loading: false } };
      });
    } catch (e) {
      setExtra((p) => ({ ...p, [id]: { cards: p[id]?.cards ?? [], hasMore: true, loading: false } }));
      notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const move = async (cardId: number, toStageId: number, afterId: number | null) => {
    const data = qc.getQueryData<Kanban>(key);
    if (!data) return;
    const res = moveCard(data, extra, cardId, toStageId, afterId);
    if (!res.card || (res.fromStageId === toStageId && res.fromAfterId === afterId)) return;
    const sameColumn = res.fromStageId === toStageId;
    const snapshotData = data;
    const snapshotExtra = extra;
    qc.setQueryData(key, res.data);
    setExtra(res.extra);
    setPending((p) => new Set(p).add(cardId));
    const stageName = columns.find((c) => c.stage.id === toStageId)?.stage.name ?? '';
    try {
      const answer = await moveDealStage(cardId, toStageId, res.card.version, afterId);
      const version = typeof answer?.version === 'number' ? answer.version : res.card.version + 1;
      qc.setQueryData<Kanban>(key, (d) =>
        d ? { ...d, columns: d.columns.map((c) => ({ ...c, cards: c.cards.map((x) => (x.id === cardId ? { ...x, version } : x)) })) } : d,
      );
      setExtra((p) => {
        const n: Extra = {};
        for (const [k, v] of Object.entries(p)) n[Number(k)] = { ...v, cards: v.cards.map((x) => (x.id === cardId ? { ...x, version } : x)) };
        return n;
      });
      void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'item', cardId] });
      void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'list'] });
      const from = res.fromStageId;
      const fromAfter = res.fromAfterId;
      if (!sameColumn) showUndoable(crmT('kanban.moved', { title: res.card.title, stage: stageName }), from !== null ? () => move(cardId, from, fromAfter) : undefined);
    } catch (e) {
      // The card goes back where it was, with the server's reason.
      qc.setQueryData(key, snapshotData);
      setExtra(snapshotExtra);
      notifications.show({
        color: 'red',
        icon: <IconAlertTriangle size={18} />,
        title: res.card.title,
        message: e instanceof Error ? e.message : String(e),
        autoClose: 8000,
      });
      if (isApiError(e) && (e.status === 409 || e.status === 404 || e.status === 400 || e.status === 422)) void qc.invalidateQueries({ queryKey: key });
    } finally {
      setPending((p) => {
        const n = new Set(p);
        n.delete(cardId);
        return n;
      });
    }
  };

  const cardOf = (e: { active: { id: string | number } }) => Number(String(e.active.id).replace('card-', ''));
  /** Where the card would land now: the column under the pointer and the place among its cards. */
  const dropOf = (e: DragMoveEvent): Drop | null => {
    const over = e.over?.id ? String(e.over.id) : null;
    if (!over?.startsWith('col-')) return null;
    const stageId = Number(over.replace('col-', ''));
    const y = pointerY(e);
    return { stageId, index: y === null ? 0 : dropIndex(stageId, cardOf(e), y) };
  };
  const onDragStart = (e: DragStartEvent) => {
    setActiveId(cardOf(e));
    setDrop(null);
    // The preview takes the dragged card's height: the gap it opens is the card's place.
    setDragHeight(e.active.rect.current.initial?.height ?? null);
  };
  const onDragMove = (e: DragMoveEvent) => {
    const next = dropOf(e);
    setDrop((prev) => (prev?.stageId === next?.stageId && prev?.index === next?.index ? prev : next));
  };
  const onDragEnd = (e: DragEndEvent) => {
    const id = cardOf(e);
    const at = dropOf(e);
    setActiveId(null);
    setDrop(null);
    if (!at) return;
    // The card lands where the preview stood: under the card above the preview.
    const others = (columns.find((c) => c.stage.id === at.stageId)?.cards ?? []).filter((c) => c.id !== id);
    void move(id, at.stageId, at.index > 0 ? others[at.index - 1]?.id ?? null : null);
  };

  if (board.isError && !board.data) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  if (!board.data) return <KanbanSkeleton />;
  if (columns.length === 0)
    return <EmptyState icon={<IconLayoutKanban size={30} />} title={t('kanban.emptyPipeline')} description={t('kanban.noPipelinesHint')} />;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragOver={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setActiveId(null);
        setDrop(null);
      }}
    >
      <div className={classes.board} role="region" aria-label={t('kanban.board')} style={{ opacity: board.isPlaceholderData ? 0.6 : 1 }}>
        {columns.map((col, i) => (
          <Column
            key={col.stage.id}
            column={col}
            first={i === 0}
            canAdd={board.data!.canAdd}
            pipelineId={board.data!.pipeline.id}
            activeId={activeId}
            dropIndex={drop?.stageId === col.stage.id ? drop.index : null}
            dropHeight={dragHeight}
            pending={pending}
            loading={Boolean(extra[col.stage.id]?.loading)}
            onLoadMore={() => void loadMore(col)}
            onOpen={(id) => openCard('deal', id)}
            onCreated={() => void qc.invalidateQueries({ queryKey: key })}
            onCreateFull={onCreate}
          />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>
        {activeCard ? <CardView card={activeCard} color={activeStage?.color} overlay /> : null}
      </DragOverlay>
    </DndContext>
  );
}

function Column({
  column,
  first,
  canAdd,
  pipelineId,
  activeId,
  dropIndex,
  dropHeight,
  pending,
  loading,
  onLoadMore,
  onOpen,
  onCreated,
  onCreateFull,
}: {
  column: KanbanColumn;
  first: boolean;
  canAdd: boolean;
  pipelineId: number;
  activeId: number | null;
  /** Where the dragged card would land among this column's other cards; null: not over this column. */
  dropIndex: number | null;
  dropHeight: number | null;
  pending: Set<number>;
  loading: boolean;
  onLoadMore: () => void;
  onOpen: (id: number) => void;
  onCreated: () => void;
  onCreateFull: () => void;
}) {
  const { t } = useCrmT();
  const { stage } = column;
  const { setNodeRef } = useDroppable({ id: `col-${stage.id}` });
  const others = column.cards.filter((c) => c.id !== activeId);
  // No preview where the card already stands.
  const ownIndex = column.cards.findIndex((c) => c.id === activeId);
  const hintAt = activeId !== null && dropIndex !== null && dropIndex !== ownIndex ? Math.min(dropIndex, others.length) : null;
  const showHint = hintAt !== null;
  const hintBefore = hintAt !== null ? others[hintAt]?.id ?? null : null;
  const hint = <div className={classes.dropHint} data-drop-preview aria-hidden style={dropHeight ? { height: dropHeight } : undefined} />;
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (column.hasMore && !loading && el.scrollTop + el.clientHeight >= el.scrollHeight - 120) onLoadMore();
  };
  const fg = textOn(stage.color);
  const headingId = `kanban-col-${stage.id}`;
  return (
    <section
      ref={setNodeRef}
      className={classes.column}
      data-over={showHint || undefined}
      data-kanban-stage={stage.id}
      aria-labelledby={headingId}
      style={{ ['--stage-color' as string]: stage.color }}
    >
      <div className={classes.columnHead} style={{ background: stage.color, color: fg }}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <h2 id={headingId} className={classes.columnTitle} style={{ margin: 0 }} title={stage.name}>
            {stage.name}
          </h2>
          <Badge size="sm" variant="white" color="dark" radius="sm" aria-label={`${stage.name}: ${column.count}`} style={{ flex: 'none' }}>
            {column.count}
          </Badge>
        </Group>
        <div className={classes.columnSum}>{formatMoney(column.sum, 'RUB')}</div>
      </div>
      <div className={classes.columnBody} onScroll={onScroll}>
        {first && canAdd ? <QuickCreate pipelineId={pipelineId} stageId={stage.id} onCreated={onCreated} onCreateFull={onCreateFull} /> : null}
        {column.cards.map((card) => (
          <Fragment key={card.id}>
            {showHint && hintBefore === card.id ? hint : null}
            <DraggableCard card={card} color={stage.color} pending={pending.has(card.id)} onOpen={() => onOpen(card.id)} />
          </Fragment>
        ))}
        {showHint && hintBefore === null ? hint : null}
        {column.cards.length === 0 && !showHint ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t('kanban.noCards')}
          </Text>
        ) : null}
        {column.hasMore ? (
          <Button variant="subtle" size="xs" onClick={onLoadMore} loading={loading} aria-label={`${t('kanban.loadMore')}: ${stage.name}`}>
            {t('kanban.loadMore')}
          </Button>
        ) : null}
      </div>
    </section>
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

function DraggableCard({ card, color, pending, onOpen }: { card: KanbanCard; color: string; pending: boolean; onOpen: () => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `card-${card.id}`, disabled: pending });
  return (
    <div ref={setNodeRef} {...listeners} {...attributes} data-card-id={card.id}>
      <CardView card={card} color={color} dragging={isDragging} pending={pending} onOpen={onOpen} />
    </div>
  );
}

function CardView({ card, color, overlay, dragging, pending, onOpen }: { card: KanbanCard; color?: string; overlay?: boolean; dragging?: boolean; pending?: boolean; onOpen?: () => void }) {
  const { t } = useCrmT();
  const location = useLocation();
  const current = sliderState(location.state);
  const state: SliderState = current ? { backgroundLocation: current.backgroundLocation, depth: current.depth + 1 } : { backgroundLocation: location, depth: 1 };
  const client = card.company ?? card.contact;
  return (
    <article
      className={classes.kanbanCard}
      data-overlay={overlay || undefined}
      data-dragging={dragging || undefined}
      data-pending={pending || undefined}
      style={{ ['--stage-color' as string]: color }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        onOpen?.();
      }}
      aria-label={card.title}
    >
      <Link
        to={cardPath('deal', card.id)}
        state={state}
        className={classes.cardTitle}
        onClick={(e) => e.stopPropagation()}
        draggable={false}
      >
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
    </article>
  );
}

function KanbanSkeleton() {
  return (
    <div className={classes.board} aria-busy="true">
      {Array.from({ length: 5 }, (_, i) => (
        <Box key={i} className={classes.column}>
          <Skeleton h={52} radius="md" mb={8} />
          <Stack gap={8} px={6}>
            {Array.from({ length: 4 - (i % 3) }, (_, j) => (
              <Skeleton key={j} h={78} radius="md" />
            ))}
          </Stack>
        </Box>
      ))}
    </div>
  );
}
