/** A column of a board: its first page of cards, and what the server counted for the whole column. */
export interface BoardColumn<Card, ColumnId extends string | number = string | number> {
  id: ColumnId;
  title: string;
  /** The header's colour (#rrggbb); the text on it is dark or light to stay readable. */
  color?: string;
  /** Cards in the whole column (not only those loaded). */
  count: number;
  /** A number summed over the whole column (a sum of money in minor units…), kept right on moves with `cardValue`. */
  total?: number;
  cards: Card[];
  /** More cards after the last one (load-more). */
  hasMore?: boolean;
}

export type Extra<Card> = Record<string, { cards: Card[]; hasMore: boolean; loading?: boolean }>;

export interface MoveResult<Card, ColumnId extends string | number> {
  columns: BoardColumn<Card, ColumnId>[];
  extra: Extra<Card>;
  card: Card | null;
  fromColumn: ColumnId | null;
  /** The card that stood above the moved one in its old column (null: it was first). */
  fromAfter: string | number | null;
}

/**
 * Moves card `cardId` to column `to`, right under the card `afterId` (at the top without one),
 * in the first pages and the loaded-more extras; counts and totals of both columns follow.
 */
export function moveCard<Card, ColumnId extends string | number>(
  columns: BoardColumn<Card, ColumnId>[],
  extra: Extra<Card>,
  idOf: (card: Card) => string | number,
  cardId: string | number,
  to: ColumnId,
  afterId: string | number | null,
  valueOf: (card: Card) => number = () => 0,
): MoveResult<Card, ColumnId> {
  let card: Card | null = null;
  let fromColumn: ColumnId | null = null;
  let fromAfter: string | number | null = null;
  for (const col of columns) {
    const all = [...col.cards, ...(extra[String(col.id)]?.cards ?? [])];
    const idx = all.findIndex((c) => idOf(c) === cardId);
    if (idx >= 0) fromAfter = idx > 0 ? idOf(all[idx - 1]!) : null;
  }
  const nextExtra: Extra<Card> = {};
  for (const [k, v] of Object.entries(extra)) {
    const idx = v.cards.findIndex((c) => idOf(c) === cardId);
    if (idx >= 0) {
      card = v.cards[idx]!;
      fromColumn = columns.find((c) => String(c.id) === k)?.id ?? null;
      nextExtra[k] = { ...v, cards: v.cards.filter((c) => idOf(c) !== cardId) };
    } else nextExtra[k] = v;
  }
  let next = columns.map((col) => {
    const idx = col.cards.findIndex((c) => idOf(c) === cardId);
    if (idx < 0) return col;
    card = col.cards[idx]!;
    fromColumn = col.id;
    return { ...col, cards: col.cards.filter((c) => idOf(c) !== cardId) };
  });
  if (card === null || fromColumn === null) return { columns, extra, card: null, fromColumn: null, fromAfter: null };
  const moved: Card = card;
  const insertAfter = (cards: Card[]) => {
    const at = cards.findIndex((c) => idOf(c) === afterId);
    return at < 0 ? null : [...cards.slice(0, at + 1), moved, ...cards.slice(at + 1)];
  };
  const target = next.find((c) => c.id === to);
  const inFirstPage = afterId === null || (target?.cards.some((c) => idOf(c) === afterId) ?? false);
  const more = nextExtra[String(to)];
  if (!inFirstPage && more) nextExtra[String(to)] = { ...more, cards: insertAfter(more.cards) ?? [moved, ...more.cards] };
  const from = fromColumn;
  const v = valueOf(moved);
  next = next.map((col) => {
    if (col.id !== to && col.id !== from) return col;
    let c = col;
    if (col.id === to && (inFirstPage || !more)) c = { ...c, cards: (afterId !== null && insertAfter(c.cards)) || [moved, ...c.cards] };
    if (from === to) return c;
    if (col.id === from) return { ...c, count: Math.max(0, col.count - 1), total: col.total === undefined ? undefined : col.total - v };
    return { ...c, count: col.count + 1, total: col.total === undefined ? undefined : col.total + v };
  });
  return { columns: next, extra: nextExtra, card: moved, fromColumn, fromAfter };
}

/** Replaces one card (after the server answered with its new version) wherever it is. */
export function replaceCard<Card, ColumnId extends string | number>(
  columns: BoardColumn<Card, ColumnId>[],
  extra: Extra<Card>,
  idOf: (card: Card) => string | number,
  card: Card,
): { columns: BoardColumn<Card, ColumnId>[]; extra: Extra<Card> } {
  const id = idOf(card);
  const swap = (cards: Card[]) => cards.map((c) => (idOf(c) === id ? card : c));
  const nextExtra: Extra<Card> = {};
  for (const [k, v] of Object.entries(extra)) nextExtra[k] = { ...v, cards: swap(v.cards) };
  return { columns: columns.map((c) => ({ ...c, cards: swap(c.cards) })), extra: nextExtra };
}

/** Dark or light text on a coloured column head. */
export function textOn(color: string): string {
  const m = color.match(/^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
  if (!m) return '#fff';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16) / 255);
  const lum = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return lum > 0.62 ? '#1f2d3d' : '#fff';
}
