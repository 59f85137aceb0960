import type { Agent } from './harness.js';

/** An instant `n` days from now at `h` o'clock UTC. */
export const inDays = (n: number, h = 12) => {
  const d = new Date(Date.now() + n * 86_400_000);
  d.setUTCHours(h, 0, 0, 0);
  return d.toISOString();
};

export type CalendarLayerItem = { id: string; title: string; startAt: string; endAt: string | null; url: string; layer: string };

/** The module layers «Мой календарь» shows the user over the next two weeks (`q`: more of the query). */
export const calendarLayers = async (a: Agent, q = '') => (await a.get(`/api/calendar/occurrences?from=${inDays(0, 0)}&to=${inDays(14, 0)}${q}`)).json().layers as CalendarLayerItem[];
