import { Group, Select, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { UserSummary } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserAvatar } from '../../ui/UserAvatar';
import { useUserList } from './api';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: UserSummary | null;
  onChange: (user: UserSummary | null) => void;
  excludeId?: number;
};

/** Picks an employee, searching on the server as the user types. */
export function UserSelect({ value, onChange, excludeId, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  // While the field shows the chosen person's name, list everyone rather than only that name.
  const query = debounced && debounced !== value?.fullName ? debounced : undefined;
  const list = useUserList({ search: query, pageSize: 20, status: 'active' });

  const users = useMemo(() => {
    const map = new Map<number, UserSummary>();
    if (value) map.set(value.id, value);
    for (const u of list.data?.items ?? []) if (u.id !== excludeId) map.set(u.id, u);
    return map;
  }, [list.data, value, excludeId]);

  const data = useMemo(() => [...users.values()].map((u) => ({ value: String(u.id), label: u.fullName })), [users]);

  return (
    <Select
      data={data}
      value={value ? String(value.id) : null}
      onChange={(v) => onChange(v ? (users.get(Number(v)) ?? null) : null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.nothingFound')}
      placeholder={t('users.chooseEmployee')}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => {
        const u = users.get(Number(option.value));
        if (!u) return option.label;
        return (
          <Group gap="sm" wrap="nowrap">
            <UserAvatar user={u} size={26} />
            <div style={{ minWidth: 0 }}>
              <Text size="sm" truncate>
                {u.fullName}
              </Text>
              {u.position ? (
                <Text size="xs" c="dimmed" truncate>
                  {u.position}
                </Text>
              ) : null}
            </div>
          </Group>
        );
      }}
      {...rest}
    />
  );
}
