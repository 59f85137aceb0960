import { MultiSelect, Select, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useItemSearch } from './api';
import { useCrmT } from './i18n';
import type { EntityType } from './types';

type Ref = { id: number; title: string };

// People are picked with the portal's one user picker.
export { UserPicker, UsersPicker } from '../../ui/fields';

function rowsToRefs(items: Record<string, unknown>[] | undefined): Ref[] {
  return (items ?? []).map((r) => ({ id: Number(r.id), title: String(r.title ?? r.name ?? `#${r.id}`) }));
}

/** One CRM item (a deal's company), searched on the server. */
export function ItemPicker({ entity, value, onChange, ...rest }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { entity: EntityType; value: Ref | null; onChange: (v: Ref | null) => void }) {
  const { t } = useCrmT();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const query = debounced && debounced !== value?.title ? debounced : '';
  const [open, setOpen] = useState(false);
  const list = useItemSearch(entity, query, open || Boolean(query));
  const refs = useMemo(() => {
    const map = new Map<number, Ref>();
    if (value) map.set(value.id, value);
    for (const r of rowsToRefs(list.data?.items)) map.set(r.id, r);
    return map;
  }, [list.data, value]);
  return (
    <Select
      data={[...refs.values()].map((r) => ({ value: String(r.id), label: r.title }))}
      value={value ? String(value.id) : null}
      onChange={(v) => onChange(v ? (refs.get(Number(v)) ?? null) : null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpen(true)}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? t('common.loading') : '—'}
      placeholder={t('fields.searchCompany')}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      {...rest}
    />
  );
}

/** Several CRM items (a contact's companies, a deal's contacts). */
export function ItemsPicker({ entity, value, onChange, ...rest }: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { entity: EntityType; value: Ref[]; onChange: (v: Ref[]) => void }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [open, setOpen] = useState(false);
  const list = useItemSearch(entity, debounced, open || Boolean(debounced));
  const refs = useMemo(() => {
    const map = new Map<number, Ref>();
    for (const v of value) map.set(v.id, v);
    for (const r of rowsToRefs(list.data?.items)) map.set(r.id, r);
    return map;
  }, [list.data, value]);
  return (
    <MultiSelect
      data={[...refs.values()].map((r) => ({ value: String(r.id), label: r.title }))}
      value={value.map((v) => String(v.id))}
      onChange={(ids) => onChange(ids.map((id) => refs.get(Number(id))).filter((r): r is Ref => !!r))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpen(true)}
      filter={({ options }) => options}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      {...rest}
    />
  );
}
