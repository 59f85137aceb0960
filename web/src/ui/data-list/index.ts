export { DataList, type DataListProps } from './DataList';
export { pageButtons } from './paging';
export { FilterBar, type FilterBarProps, type DateInputProps } from './FilterBar';
export { ColumnChooser } from './ColumnChooser';
export { BulkBar } from './BulkBar';
export { useUrlFilter, readFilter, writeFilter, hasValue, type UrlFilter } from './filters';
export { useStoredState } from './storage';
export { runInChunks } from './chunks';
export type * from './types';
