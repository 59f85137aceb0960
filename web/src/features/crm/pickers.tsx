import { Group, MultiSelect, Select, Text, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useUserList } from '../users/api';
import { useItemSearch } from './api';
import { RefAvatar } from './common';
import { useCrmT } from './i18n';
import type { EntityType, UserRef } from './types';

type Ref = { id: number; title: string };

/** Picks an employee (responsible, observers, employee fields), searching on the server. */
export function UserPicker({ value, onChange, ...rest }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: UserRef | null; onChange: (u: UserRef | null) => void }) {
  const { t } = useCrmT();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const query = debounced && debounced !== value?.fullName ? debounced : undefined;
  const list = useUserList({ search: query, pageSize: 20, status: 'active' });
  const users = useMemo(() => {
    const map = new Map<number, UserRef>();
    if (value) map.set(value.id, value);
    for (const u of list.data?.items ?? []) map.set(u.id, { id: u.id, fullName: u.fullName, photoUrl: u.photoUrl });
    return map;
  }, [list.data, value]);
  return (
    <Select
      data={[...users.values()].map((u) => ({ value: String(u.id), label: u.fullName }))}
      value={value ? String(value.id) : null}
      onChange={(v) => onChange(v ? (users.get(Number(v)) ?? null) : null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? t('common.loading') : '—'}
      placeholder={t('fields.chooseEmployee')}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      renderOption={({ option }) => {
        const u = users.get(Number(option.value));
        return u ? (
          <Group gap="sm" wrap="nowrap">
            <RefAvatar user={u} size={24} />
            <Text size="sm">{u.fullName}</Text>
          </Group>
        ) : (
          option.label
        );
      }}
      {...rest}
    />
  );
}

/** Several employees (observers). */
export function UsersPicker({ value, onChange, ...rest }: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { value: UserRef[]; onChange: (u: UserRef[]) => void }) {
  const { t } = useCrmT();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const list = useUserList({ search: debounced || undefined, pageSize: 20, status: 'active' });
  const users = useMemo(() => {
    const map = new Map<number, UserRef>();
    for (const u of value) map.set(u.id, u);
    for (const u of list.data?.items ?? []) map.set(u.id, { id: u.id, fullName: u.fullName, photoUrl: u.photoUrl });
    return map;
  }, [list.data, value]);
  return (
    <MultiSelect
      data={[...users.values()].map((u) => ({ value: String(u.id), label: u.fullName }))}
      value={value.map((u) => String(u.id))}
      onChange={(ids) => onChange(ids.map((id) => users.get(Number(id))).filter((u): u is UserRef => !!u))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      placeholder={value.length ? undefined : t('fields.chooseEmployee')}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      {...rest}
    />
  );
}

function rowsToRefs(items: Record<string, unknown>[] | undefined): Ref[] {
  return (items ?? []).map((r) => ({ id: Number(r.id), title: String(r.title ?? r.name ?? `#${r.id}`) }));
}

/** One CRM item (a deal's company), searched on the server. */
export function ItemPicker({
  entity,
  value,
  onChange,
  ...rest
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { entity: EntityType; value: Ref | null; onChange: (v: Ref | null) => void }) {
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
export function ItemsPicker({
  entity,
  value,
  onChange,
  ...rest
}: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { entity: EntityType; value: Ref[]; onChange: (v: Ref[]) => void }) {
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
