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
import { Badge, Box, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode, type UIEvent } from 'react';
import { isApiError } from '../../api/client';
import { ErrorState } from '../ErrorState';
import { kitT, useKitT } from '../kit-i18n';
import { showUndoable } from '../toasts';
import { moveCard, replaceCard, textOn, type BoardColumn, type Extra } from './model';
import classes from './kanban.module.css';

/** A move the board asks the caller to make on the server. */
export interface KanbanMove<Card, ColumnId extends string | number> {
  card: Card;
  from: ColumnId;
  to: ColumnId;
  /** The card it now stands under in `to` (null: at the top). */
  afterId: string | number | null;
  /** True when the move is the «Отменить» of an earlier one. */
  undo: boolean;
}

export interface CardState<ColumnId extends string | number> {
  column: BoardColumn<unknown, ColumnId>;
  /** Drawn under the pointer while dragging. */
  overlay: boolean;
  /** The card's place in its column while it is being dragged. */
  dragging: boolean;
  /** Its move is waiting for the server. */
  pending: boolean;
}

export interface KanbanBoardProps<Card, ColumnId extends string | number> {
  /** The board's accessible name («Канбан сделок»). */
  label: string;
  /** undefined while loading (a skeleton shows). */
  columns: BoardColumn<Card, ColumnId>[] | undefined;
  error?: unknown;
  onRetry?: () => void;
  /** The columns are the previous request's: dimmed. */
  stale?: boolean;
  /** What shows when there are no columns. */
  empty?: ReactNode;
  cardId: (card: Card) => string | number;
  /** The card's accessible name, also used in the toasts. */
  cardLabel: (card: Card) => string;
  /** The card's content (the kit draws the card's frame, colour edge and drag handle). */
  renderCard: (card: Card, state: CardState<ColumnId>) => ReactNode;
  /** A click on the card (not on a link in it). */
  onOpen?: (card: Card) => void;
  /**
   * Makes the move on the server; resolves the card as the server now has it (a new version) or
   * nothing. A rejection returns the card where it was; a 409 says that someone changed it.
   */
  onMove: (move: KanbanMove<Card, ColumnId>) => Promise<Card | void>;
  /** After a failed move (the caller refetches the board, e.g. on 409). */
  onMoveFailed?: (error: unknown, move: KanbanMove<Card, ColumnId>) => void;
  /** The toast after a move to another column (the card as the server answered it); «Отменить» in it moves the card back. Default «“title” перенесено в “column”». */
  moveMessage?: (card: Card, to: BoardColumn<Card, ColumnId>) => ReactNode;
  /** Loads the cards after `last` in a column («Загрузить ещё» and scrolling to the end). */
  loadMore?: (column: BoardColumn<Card, ColumnId>, last: Card) => Promise<{ cards: Card[]; hasMore: boolean }>;
  /** The loaded-more cards are dropped when this changes (another filter). */
  resetKey?: string;
  /** A card's share of its column's `total` (kept right on a move). */
  cardValue?: (card: Card) => number;
  /** The line under the column's title (its sum). */
  renderTotal?: (column: BoardColumn<Card, ColumnId>) => ReactNode;
  /** Above a column's cards (a quick-create field in the first one). */
  columnTop?: (column: BoardColumn<Card, ColumnId>, index: number) => ReactNode;
  /** The word in an empty column. */
  emptyColumnText?: string;
  canDrag?: (card: Card) => boolean;
  /** Cards keep a place the user chose within a column (false: the column orders them, e.g. by deadline, and a drop there changes nothing). */
  reorder?: boolean;
  /** The columns share the board's width (a few fixed columns, e.g. «Сроки») instead of scrolling sideways at their full width. */
  fit?: boolean;
}

const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

/** The pointer's height on screen during a drag (the dragged card's middle for the keyboard). */
function pointerY(e: DragMoveEvent): number | null {
  const start = e.activatorEvent as Partial<PointerEvent> | null;
  if (start && typeof start.clientY === 'number') return start.clientY + e.delta.y;
  const r = e.active.rect.current.translated;
  return r ? r.top + r.height / 2 : null;
}

/** The index among the column's other cards that a drop at height `y` takes: under every card whose middle is above it. */
function dropIndex(board: HTMLElement | null, column: string, active: string, y: number): number {
  const cards = board?.querySelectorAll<HTMLElement>(`[data-kanban-column="${CSS.escape(column)}"] [data-card-id]`) ?? [];
  let index = 0;
  for (const el of cards) {
    if (el.dataset.cardId === active) continue;
    const r = el.getBoundingClientRect();
    if (r.top + r.height / 2 < y) index += 1;
    else break;
  }
  return index;
}

type Drop = { column: string; index: number };

/** Columns of cards moved by drag and drop (mouse, touch, keyboard), optimistic with undo and rollback. */
export function KanbanBoard<Card, ColumnId extends string | number>(props: KanbanBoardProps<Card, ColumnId>) {
  const {
    label,
    columns: given,
    error,
    onRetry,
    stale,
    empty,
    cardId,
    cardLabel,
    renderCard,
    onOpen,
    onMove,
    onMoveFailed,
    moveMessage,
    loadMore,
    resetKey,
    cardValue,
    renderTotal,
    columnTop,
    emptyColumnText,
    canDrag,
    reorder = true,
    fit = false,
  } = props;
  const { t } = useKitT();
  const boardRef = useRef<HTMLDivElement>(null);
  const [extra, setExtra] = useState<Extra<Card>>({});
  // The board as this page last changed it, until the next columns arrive (then those are the truth).
  const [override, setOverride] = useState<BoardColumn<Card, ColumnId>[] | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const [dragHeight, setDragHeight] = useState<number | null>(null);
  const [pending, setPending] = useState<Set<string>>(new Set());
  const pendingRef = useRef(0);
  const key = (c: Card) => String(cardId(c));

  useEffect(() => {
    if (pendingRef.current === 0) setOverride(null);
    // A fresh first page: loaded-more cards that now appear in it are dropped from the extras.
    const fresh = new Set(given?.flatMap((c) => c.cards.map(key)) ?? []);
    setExtra((prev) => {
      const next: Extra<Card> = {};
      for (const [k, v] of Object.entries(prev)) next[k] = { ...v, cards: v.cards.filter((c) => !fresh.has(key(c))) };
      return next;
    });
  }, [given]);
  useEffect(() => setExtra({}), [resetKey]);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));
  const first = override ?? given;
  const columns = useMemo(
    () =>
      (first ?? []).map((c) => {
        const e = extra[String(c.id)];
        return e ? { ...c, cards: [...c.cards, ...e.cards], hasMore: e.hasMore } : c;
      }),
    [first, extra],
  );
  // The latest state for the async move and its undo.
  const latest = useRef({ first, extra });
  latest.current = { first, extra };

  const activeCard = active !== null ? (columns.flatMap((c) => c.cards).find((c) => key(c) === active) ?? null) : null;
  const activeColumn = active !== null ? columns.find((c) => c.cards.some((x) => key(x) === active)) : undefined;

  const more = async (col: BoardColumn<Card, ColumnId>) => {
    const k = String(col.id);
    if (!loadMore || extra[k]?.loading || !col.hasMore) return;
    const last = col.cards[col.cards.length - 1];
    if (!last) return;
    setExtra((p) => ({ ...p, [k]: { cards: p[k]?.cards ?? [], hasMore: true, loading: true } }));
    try {
      const got = await loadMore(col, last);
      setExtra((p) => {
        const have = new Set([...(latest.current.first?.find((c) => String(c.id) === k)?.cards ?? []), ...(p[k]?.cards ?? [])].map(key));
        return { ...p, [k]: { cards: [...(p[k]?.cards ?? []), ...got.cards.filter((c) => !have.has(key(c)))], hasMore: got.hasMore, loading: false } };
      });
    } catch (e) {
      setExtra((p) => ({ ...p, [k]: { cards: p[k]?.cards ?? [], hasMore: true, loading: false } }));
      notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const move = async (id: string, to: ColumnId, afterId: string | number | null, undo: boolean) => {
    const { first: now, extra: nowExtra } = latest.current;
    if (!now) return;
    const realId = columns.flatMap((c) => c.cards).find((c) => key(c) === id);
    const res = moveCard(now, nowExtra, cardId, realId ? cardId(realId) : id, to, afterId, cardValue);
    if (res.card === null || res.fromColumn === null || (res.fromColumn === to && (res.fromAfter === afterId || !reorder))) return;
    const moved = res.card;
    const from = res.fromColumn;
    const fromAfter = res.fromAfter;
    const request: KanbanMove<Card, ColumnId> = { card: moved, from, to, afterId, undo };
    setOverride(res.columns);
    setExtra(res.extra);
    latest.current = { first: res.columns, extra: res.extra };
    pendingRef.current += 1;
    setPending((p) => new Set(p).add(id));
    try {
      const answer = await onMove(request);
      if (answer) {
        const r = replaceCard(latest.current.first ?? [], latest.current.extra, cardId, answer);
        setOverride(r.columns);
        setExtra(r.extra);
        latest.current = { first: r.columns, extra: r.extra };
      }
      if (from !== to && !undo) {
        const target = res.columns.find((c) => c.id === to)!;
        const now = answer || moved;
        showUndoable(moveMessage ? moveMessage(now, target) : kitT('kanban.moved', { title: cardLabel(now), column: target.title }), () => move(id, from, fromAfter, true));
      }
    } catch (e) {
      // The card goes back where it was, with the reason.
      setOverride(now);
      setExtra(nowExtra);
      latest.current = { first: now, extra: nowExtra };
      const conflict = isApiError(e) && e.status === 409;
      notifications.show({
        color: conflict ? 'orange' : 'red',
        icon: <IconAlertTriangle size={18} />,
        title: conflict ? kitT('kanban.conflictTitle') : cardLabel(moved),
        message: conflict ? kitT('kanban.conflict', { title: cardLabel(moved) }) : e instanceof Error ? e.message : String(e),
        autoClose: 8000,
      });
      onMoveFailed?.(e, request);
    } finally {
      pendingRef.current -= 1;
      setPending((p) => {
        const n = new Set(p);
        n.delete(id);
        return n;
      });
    }
  };

  const cardOf = (e: { active: { id: string | number } }) => String(e.active.id).replace(/^card-/, '');
  const dropOf = (e: DragMoveEvent): Drop | null => {
    const over = e.over?.id ? String(e.over.id) : null;
    if (!over?.startsWith('col-')) return null;
    const column = over.slice(4);
    const y = pointerY(e);
    return { column, index: y === null ? 0 : dropIndex(boardRef.current, column, cardOf(e), y) };
  };
  const onDragStart = (e: DragStartEvent) => {
    setActive(cardOf(e));
    setDrop(null);
    // The preview takes the dragged card's height: the gap it opens is the card's place.
    setDragHeight(e.active.rect.current.initial?.height ?? null);
  };
  const onDragMove = (e: DragMoveEvent) => {
    const next = dropOf(e);
    setDrop((prev) => (prev?.column === next?.column && prev?.index === next?.index ? prev : next));
  };
  const onDragEnd = (e: DragEndEvent) => {
    const id = cardOf(e);
    const at = dropOf(e);
    setActive(null);
    setDrop(null);
    if (!at) return;
    const target = columns.find((c) => String(c.id) === at.column);
    if (!target) return;
    // The card lands where the preview stood: under the card above the preview.
    const others = target.cards.filter((c) => key(c) !== id);
    const above = at.index > 0 ? others[at.index - 1] : undefined;
    void move(id, target.id, above ? cardId(above) : null, false);
  };

  if (error && !given) return <ErrorState error={error} onRetry={onRetry} />;
  if (!given) return <KanbanSkeleton />;
  if (columns.length === 0) return <>{empty ?? null}</>;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragOver={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setActive(null);
        setDrop(null);
      }}
    >
      <div ref={boardRef} className={classes.board} data-fit={fit || undefined} role="region" aria-label={label} style={{ opacity: stale ? 0.6 : 1 }}>
        {columns.map((col, i) => {
          const k = String(col.id);
          return (
            <Column
              key={k}
              column={col}
              top={columnTop?.(col, i)}
              total={renderTotal?.(col)}
              activeId={active}
              dropIndex={drop?.column === k ? drop.index : null}
              dropHeight={dragHeight}
              loading={Boolean(extra[k]?.loading)}
              emptyText={emptyColumnText ?? t('kanban.noCards')}
              onLoadMore={loadMore ? () => void more(col) : undefined}
              keyOf={key}
            >
              {(card, hintBefore) => (
                <Fragment key={key(card)}>
                  {hintBefore}
                  <DraggableCard id={key(card)} disabled={pending.has(key(card)) || (canDrag ? !canDrag(card) : false)}>
                    {(dragging) => (
                      <CardFrame label={cardLabel(card)} color={col.color} dragging={dragging} pending={pending.has(key(card))} onOpen={onOpen ? () => onOpen(card) : undefined}>
                        {renderCard(card, { column: col as BoardColumn<unknown, ColumnId>, overlay: false, dragging, pending: pending.has(key(card)) })}
                      </CardFrame>
                    )}
                  </DraggableCard>
                </Fragment>
              )}
            </Column>
          );
        })}
      </div>
      <DragOverlay dropAnimation={null}>
        {activeCard && activeColumn ? (
          <CardFrame label={cardLabel(activeCard)} color={activeColumn.color} overlay>
            {renderCard(activeCard, { column: activeColumn as BoardColumn<unknown, ColumnId>, overlay: true, dragging: false, pending: false })}
          </CardFrame>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

function Column<Card, ColumnId extends string | number>({
  column,
  top,
  total,
  activeId,
  dropIndex,
  dropHeight,
  loading,
  emptyText,
  onLoadMore,
  keyOf,
  children,
}: {
  column: BoardColumn<Card, ColumnId>;
  keyOf: (card: Card) => string;
  top: ReactNode;
  total: ReactNode;
  activeId: string | null;
  /** Where the dragged card would land among this column's other cards; null: not over this column. */
  dropIndex: number | null;
  dropHeight: number | null;
  loading: boolean;
  emptyText: string;
  onLoadMore?: () => void;
  children: (card: Card, hintBefore: ReactNode) => ReactNode;
}) {
  const { t } = useKitT();
  const k = String(column.id);
  const { setNodeRef } = useDroppable({ id: `col-${k}` });
  const els = column.cards;
  const cardKeys = els.map(keyOf);
  const others = els.filter((_, i) => cardKeys[i] !== activeId);
  const othersKeys = cardKeys.filter((x) => x !== activeId);
  // No preview where the card already stands.
  const ownIndex = cardKeys.findIndex((x) => x === activeId);
  const hintAt = activeId !== null && dropIndex !== null && dropIndex !== ownIndex ? Math.min(dropIndex, others.length) : null;
  const showHint = hintAt !== null;
  const hintBefore = hintAt !== null ? (othersKeys[hintAt] ?? null) : null;
  const hint = <div className={classes.dropHint} data-drop-preview aria-hidden style={dropHeight ? { height: dropHeight } : undefined} />;
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (onLoadMore && column.hasMore && !loading && el.scrollTop + el.clientHeight >= el.scrollHeight - 120) onLoadMore();
  };
  const headingId = `kanban-col-${k}`;
  return (
    <section ref={setNodeRef} className={classes.column} data-over={showHint || undefined} data-kanban-column={k} aria-labelledby={headingId} style={{ ['--column-color' as string]: column.color }}>
      <div className={classes.columnHead} style={column.color ? { background: column.color, color: textOn(column.color) } : undefined}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <h2 id={headingId} className={classes.columnTitle} title={column.title}>
            {column.title}
          </h2>
          <Badge size="sm" variant="white" color="dark" radius="sm" aria-label={`${column.title}: ${column.count}`} style={{ flex: 'none' }}>
            {column.count}
          </Badge>
        </Group>
        {total !== undefined && total !== null ? <div className={classes.columnSum}>{total}</div> : null}
      </div>
      <div className={classes.columnBody} onScroll={onScroll}>
        {top}
        {els.map((card, i) => children(card, showHint && hintBefore === cardKeys[i] ? hint : null))}
        {showHint && hintBefore === null ? hint : null}
        {els.length === 0 && !showHint ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {emptyText}
          </Text>
        ) : null}
        {column.hasMore && onLoadMore ? (
          <Button variant="subtle" size="xs" onClick={onLoadMore} loading={loading} aria-label={`${t('kanban.loadMore')}: ${column.title}`}>
            {t('kanban.loadMore')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function DraggableCard({ id, disabled, children }: { id: string; disabled: boolean; children: (dragging: boolean) => ReactNode }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `card-${id}`, disabled });
  return (
    <div ref={setNodeRef} {...listeners} {...attributes} data-card-id={id} className={classes.handle}>
      {children(isDragging)}
    </div>
  );
}

function CardFrame({
  label,
  color,
  overlay,
  dragging,
  pending,
  onOpen,
  children,
}: {
  label: string;
  color?: string;
  overlay?: boolean;
  dragging?: boolean;
  pending?: boolean;
  onOpen?: () => void;
  children: ReactNode;
}) {
  return (
    <article
      className={classes.card}
      data-overlay={overlay || undefined}
      data-dragging={dragging || undefined}
      data-pending={pending || undefined}
      style={{ ['--column-color' as string]: color }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        onOpen?.();
      }}
      aria-label={label}
    >
      {children}
    </article>
  );
}

/** The board while its columns load. */
export function KanbanSkeleton({ columns = 5 }: { columns?: number }) {
  return (
    <div className={classes.board} aria-busy="true">
      {Array.from({ length: columns }, (_, i) => (
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
