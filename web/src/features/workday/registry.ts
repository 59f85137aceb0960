import type { ComponentType } from 'react';

/** What other features show in the expanded panel for today (tasks, events): a registry slot, no hard link. */
const sections: { id: string; order: number; component: ComponentType }[] = [];

export function registerWorkdaySection(id: string, order: number, component: ComponentType): void {
  if (!sections.some((s) => s.id === id)) sections.push({ id, order, component });
  sections.sort((a, b) => a.order - b.order);
}

export const workdaySections = () => sections;
