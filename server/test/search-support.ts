import { expect } from 'vitest';
import type { Agent } from './harness.js';

/** One hit of the top-bar box. */
export type SearchItem = { id: string; title: string; subtitle: string | null; url: string };

/** The hits of one kind the top-bar box gives `a` for `q` (the harness lets the index catch up with the writes first). */
export async function boxItems(a: Agent, q: string, kind: string): Promise<SearchItem[]> {
  const res = await a.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode).toBe(200);
  return (res.json().groups as { kind: string; items: SearchItem[] }[]).find((g) => g.kind === kind)?.items ?? [];
}

/** Their titles, sorted. */
export const boxTitles = async (a: Agent, q: string, kind: string): Promise<string[]> => (await boxItems(a, q, kind)).map((i) => i.title).sort();
