import { Combobox, Group, Text, TextInput, useCombobox, type TextInputProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ProductBrief } from '@vavilon/contracts';
import { useState } from 'react';
import { api } from '../../../api/client';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';

/**
 * A row's name: what the user types stays a free row, and the catalogue's products found by name
 * or SKU are offered under the field; picking one hands it over to fill the row.
 */
export function ProductNameInput({
  value,
  onChange,
  onPick,
  ...rest
}: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (v: string) => void; onPick: (p: ProductBrief) => void }) {
  const { t } = useCrmT();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  // Only what the user types searches; a picked or stored name does not open the list.
  const [typed, setTyped] = useState(false);
  const [q] = useDebouncedValue(value.trim(), 200);
  const found = useQuery({
    queryKey: ['catalog', 'products', 'search', q],
    queryFn: ({ signal }) => api.get<ProductBrief[]>('/api/crm/catalog/products/search', { q }, signal),
    enabled: typed && q.length >= 2,
    staleTime: 10_000,
    retry: false,
  });
  const items = typed && q.length >= 2 ? (found.data ?? []) : [];
  const byId = new Map(items.map((p) => [String(p.id), p]));
  const showList = typed && q.length >= 2 && (items.length > 0 || found.isFetching || found.isSuccess);
  return (
    <Combobox
      store={combobox}
      withinPortal
      zIndex={500}
      onOptionSubmit={(id) => {
        const p = byId.get(id);
        if (p) onPick(p);
        setTyped(false);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          {...rest}
          value={value}
          onChange={(e) => {
            onChange(e.currentTarget.value);
            setTyped(true);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => typed && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          placeholder={t('products.search')}
          autoComplete="off"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!showList}>
        <Combobox.Options aria-label={t('products.fromCatalog')}>
          {items.map((p) => (
            <Combobox.Option value={String(p.id)} key={p.id}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" truncate>
                    {p.name}
                  </Text>
                  {p.sku ? (
                    <Text size="xs" c="dimmed">
                      {t('products.sku', { sku: p.sku })}
                    </Text>
                  ) : null}
                </div>
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t('products.perUnit', { price: formatMoney(p.price, p.currency), unit: p.unit })}
                </Text>
              </Group>
            </Combobox.Option>
          ))}
          {!items.length ? <Combobox.Empty>{found.isFetching ? t('products.searching') : t('products.notFound')}</Combobox.Empty> : null}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
