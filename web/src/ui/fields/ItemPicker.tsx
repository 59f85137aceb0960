import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { SearchResults } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useKitT } from '../kit-i18n';

/** An item of any module as the portal's search finds it: its kind (`crm.deal`), id, title and address. */
export interface PickedItem {
  kind: string;
  id: number;
  title: string;
  group: string;
}

export type ItemPickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  /** The kinds of item offered, as the search names them (`crm.deal`, `crm.company`…). */
  kinds: string[];
  onPick: (item: PickedItem) => void;
};

/**
 * Picks an item of other modules (a deal, a contact…) through the portal's search, which finds
 * only what the user may see. The choice is handed over and the field clears for the next one.
 */
export function ItemPicker({ kinds, onPick, ...rest }: ItemPickerProps) {
  const { t } = useKitT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['search', 'items', q],
    queryFn: ({ signal }) => api.get<SearchResults>('/api/search', { q, limit: 10 }, signal),
    enabled: q.length >= 2,
    staleTime: 10_000,
  });
  const items = useMemo(
    () => (found.data?.groups ?? []).filter((g) => kinds.includes(g.kind)).flatMap((g) => g.items.map((i): PickedItem => ({ kind: g.kind, id: Number(i.id), title: i.title, group: g.title }))),
    [found.data, kinds],
  );
  const byValue = new Map(items.map((i) => [`${i.kind}:${i.id}`, i]));
  const groups = [...new Set(items.map((i) => i.group))].map((group) => ({
    group,
    items: items.filter((i) => i.group === group).map((i) => ({ value: `${i.kind}:${i.id}`, label: i.title })),
  }));
  return (
    <Select
      searchable
      clearable={false}
      data={groups}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      placeholder={t('fields.findItem')}
      nothingFoundMessage={q.length >= 2 && !found.isFetching ? t('fields.nothingFound') : undefined}
      onChange={(v) => {
        const item = v ? byValue.get(v) : undefined;
        if (item) {
          onPick(item);
          setSearch('');
        }
      }}
      {...rest}
    />
  );
}
