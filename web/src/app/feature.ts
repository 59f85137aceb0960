import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Icon } from '@tabler/icons-react';
import type { AttachSource } from '../ui/comments/attach-sources';

/**
 * What a feature brings to the shell: its pages, the icons its menu entries name, and its items of
 * the top bar. A new feature is one line in `features/index.ts`.
 */
export interface WebFeature {
  name: string;
  /** Pages inside the frame (menu, top bar), for a signed-in member. */
  routes?: RouteObject[];
  /** Pages shown without the frame and without a session (sign-in, invitation). */
  publicRoutes?: RouteObject[];
  /** Icons by the name the server gives a menu entry (`icon`). */
  icons?: Record<string, Icon>;
  /** Items of the top bar, left of the user menu, in the order of the features. */
  topBar?: ComponentType[];
  /** Tabs of a work group's page («Задачи», «Лента», «Диск», «Чат», «Календарь»), shown by `order`. */
  groupTabs?: GroupTab[];
  /** What the expanded «Рабочий день» panel shows of today (tasks, events), by `order`. */
  todaySections?: TodaySection[];
  /** Places «Прикрепить файл» picks from besides the computer («Выбрать на Диске»). */
  attachSources?: AttachSource[];
}

/** A block of the workday panel: a feature's items for today, loaded when the panel opens. */
export interface TodaySection {
  id: string;
  order: number;
  component: ComponentType;
}

/** A tab a feature adds to a group's page: its content for the group is `element(groupId)`. */
export interface GroupTab {
  id: string;
  title: string | (() => string);
  order: number;
  element: (groupId: number) => ReactNode;
}
