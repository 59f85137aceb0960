import type { Group } from '@vavilon/contracts';
import { formatDate } from '../../ui/format';
import { groupsT } from './i18n';

/** «1 декабря 2026 — 31 января 2027», «с …», «до …», or null without dates. */
export function datesLabel(g: Pick<Group, 'dateStart' | 'dateEnd'>): string | null {
  if (!g.dateStart && !g.dateEnd) return null;
  return groupsT('dates', { from: g.dateStart ? formatDate(g.dateStart) : '…', to: g.dateEnd ? formatDate(g.dateEnd) : '…' });
}

export const groupPath = (id: number, tab?: string) => `/groups/${id}${tab ? `/${tab}` : ''}`;
