import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ProductBrief } from '@vavilon/contracts';
import { useState } from 'react';
import { searchProducts } from './api';
import { useStoreT } from './i18n';

/** Finds a product of the catalogue by name or SKU and hands it over; the field clears for the next one. */
export function ProductPicker({ onPick, error }: { onPick: (p: ProductBrief) => void; error?: string }) {
  const { t } = useStoreT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const found = useQuery({ queryKey: ['store', 'product-search', q], queryFn: ({ signal }) => searchProducts(q, signal), staleTime: 10_000 });
  const items = found.data ?? [];
  return (
    <Select
      searchable
      aria-label={t('documents.addRow')}
      placeholder={t('documents.findProduct')}
      data={items.map((p) => ({ value: String(p.id), label: p.sku ? `${p.name} · ${p.sku}` : p.name }))}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={!found.isFetching ? t('documents.nothingFound') : undefined}
      error={error}
      onChange={(v) => {
        const p = items.find((x) => String(x.id) === v);
        if (p) onPick(p);
        setSearch('');
      }}
      w={420}
    />
  );
}
