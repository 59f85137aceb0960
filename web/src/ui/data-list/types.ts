import type { ActionMenuItem } from '../ActionMenu';
import type { ComponentType, ReactNode } from 'react';

/** One column of a data list. */
export interface DataColumn<Row> {
  /** Stable id: the sort key sent to the server and the key remembered by the column chooser. */
  id: string;
  /** The header's text (also the chooser's label). */
  title: string;
  /** What a row shows in this column. */
  cell: (row: Row) => ReactNode;
  /** The header is a button that sorts by this column (on the server). */
  sortable?: boolean;
  /** Shown while the user has not chosen columns; default true. */
  defaultVisible?: boolean;
  /** Width of the column (CSS length or px). */
  width?: number | string;
  /** Shown from this breakpoint up only (phones leave it out). */
  visibleFrom?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  /** False: always shown, not offered by the chooser. Default true. */
  hideable?: boolean;
}

export type SortOrder = 'asc' | 'desc';
export interface SortState {
  column: string;
  order: SortOrder;
}

/** An item of a row's menu (⋮). */
export type RowMenuItem = ActionMenuItem;

/** Server-side pages. `total` undefined while it is being counted: then `hasMore` enables «next». */
export interface Paging {
  page: number;
  pageSize: number;
  pageSizes?: number[];
  total?: number;
  hasMore?: boolean;
  onPageChange: (page: number) => void;
  onPageSizeChange?: (pageSize: number) => void;
}

/** Reports the progress of a long action: `done` of `total` (ids, chunks — the caller's unit). */
export type Progress = (done: number, total: number) => void;

/**
 * An action of the bulk bar over the selected rows. Either `run` (after an optional confirm
 * and an optional prompt for a value) or `render` (a custom control such as an export menu).
 */
export interface BulkAction<Id> {
  id: string;
  label: string;
  icon?: ReactNode;
  color?: string;
  disabled?: boolean;
  /** A tooltip, e.g. why the action is disabled. */
  hint?: string;
  /** Asks before running: the dialog's title, the question for these ids and the button's word. */
  confirm?: { title: string; message: (ids: Id[]) => ReactNode; confirmLabel?: string; danger?: boolean };
  /** Asks for a value first (a user, a stage): a dialog with this field and «Применить». */
  prompt?: { title: string; field: (value: unknown, onChange: (value: unknown) => void) => ReactNode };
  /**
   * Does the work; `progress` moves the bar's progress line (none called: the line just runs).
   * Resolves `false` to keep the selection, anything else clears it. A throw shows the error.
   */
  run?: (ids: Id[], progress: Progress, value: unknown) => Promise<boolean | void>;
  /** Instead of a button: the caller's own control for these ids. */
  render?: (ids: Id[], clear: () => void) => ReactNode;
}

/** The field types of the filter panel. */
export type FilterField =
  | { id: string; label: string; type: 'text'; placeholder?: string; param?: string }
  | { id: string; label: string; type: 'select'; options: { value: string; label: string }[]; multiple?: boolean; param?: string }
  | {
      id: string;
      label: string;
      type: 'user';
      /** The picker of people (the caller's, so the kit knows no user API). */
      picker: ComponentType<{ label: string; value: number | undefined; onChange: (id: number | undefined) => void }>;
      param?: string;
    }
  | {
      id: string;
      label: string;
      type: 'dateRange';
      /** Which date the period applies to (created, closed…); the first is the default. */
      dateFields?: { value: string; label: string }[];
      params?: { field?: string; from: string; to: string };
    }
  | { id: string; label: string; type: 'numberRange'; params?: { min: string; max: string } };

export interface DateRangeValue {
  field?: string;
  from?: string;
  to?: string;
}
export interface NumberRangeValue {
  min?: number;
  max?: number;
}
/** text: string; select: string (or string[] when multiple); user: number; dateRange/numberRange: objects. */
export type FilterValue = string | string[] | number | DateRangeValue | NumberRangeValue | undefined;
export type FilterValues = Record<string, FilterValue>;

/** A chip of the filter bar that sets some values («Мои», «В работе»). */
export interface QuickPreset {
  id: string;
  label: string;
  values: FilterValues;
}

/** A filter the user saved under a name. */
export interface SavedFilter {
  name: string;
  values: FilterValues;
}
