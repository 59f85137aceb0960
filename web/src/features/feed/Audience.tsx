import { CloseButton, Group, Pill, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AudienceChip } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { useGroups } from '../groups/api';
import { useDepartments } from '../users/api';
import { useUserSearch } from '../../ui/fields/UserPicker';
import { useFeedT } from './i18n';

export type Chip = AudienceChip;
export const EVERYONE = (name: string): Chip => ({ type: 'all', id: null, name });
const key = (c: Chip) => `${c.type}:${c.id ?? ''}`;

/** Who a post is for, as removable chips, and a search over departments, groups and people to add more. */
export function AudienceField({ value, onChange, error }: { value: Chip[]; onChange: (v: Chip[]) => void; error?: string }) {
  const { t } = useFeedT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const deps = useDepartments();
  const groups = useGroups({ filter: 'all', search: q || undefined });
  const people = useUserSearch(q, { limit: 8 });
  const chosen = new Set(value.map(key));
  const options = useMemo(() => {
    const low = q.toLocaleLowerCase();
    const all: Chip[] = [
      EVERYONE(t('everyone')),
      ...(deps.data ?? []).filter((d) => !low || d.name.toLocaleLowerCase().includes(low)).map((d): Chip => ({ type: 'department', id: d.id, name: d.name })),
      ...(groups.data?.items ?? []).map((g): Chip => ({ type: 'group', id: g.id, name: g.name })),
      ...people.users.map((u): Chip => ({ type: 'user', id: u.id, name: u.fullName })),
    ];
    return all.filter((c) => !chosen.has(key(c)));
  }, [q, deps.data, groups.data, people.users, value]);
  const byKey = new Map(options.map((c) => [key(c), c]));
  const label = { all: t('everyone'), department: t('department'), group: t('group'), user: t('person') };
  const data = (['all', 'department', 'group', 'user'] as const)
    .map((type) => ({ group: label[type], items: options.filter((c) => c.type === type).map((c) => ({ value: key(c), label: c.name })) }))
    .filter((g) => g.items.length);

  return (
    <div>
      <Group gap={6} align="center">
        <Text size="sm" fw={500}>
          {t('audience')}:
        </Text>
        {value.map((c) => (
          <Pill key={key(c)} data-chip={c.name} size="md">
            <Group gap={2} wrap="nowrap" component="span">
              {c.name}
              <CloseButton size="xs" aria-label={t('removeChip', { name: c.name })} onClick={() => onChange(value.filter((x) => key(x) !== key(c)))} />
            </Group>
          </Pill>
        ))}
        <Select
          size="xs"
          w={260}
          aria-label={t('audienceAdd')}
          placeholder={t('audienceAdd')}
          searchable
          value={null}
          data={data}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: o }) => o}
          comboboxProps={{ withinPortal: true, zIndex: 500 }}
          onChange={(v) => {
            const c = v ? byKey.get(v) : undefined;
            if (!c) return;
            // «Всем» replaces the rest; anything else replaces «Всем».
            onChange(c.type === 'all' ? [c] : [...value.filter((x) => x.type !== 'all'), c]);
            setSearch('');
          }}
        />
      </Group>
      {error ? (
        <Text size="xs" c="red" mt={4}>
          {error}
        </Text>
      ) : null}
    </div>
  );
}

export function AudienceChips({ chips }: { chips: Chip[] }) {
  return (
    <Group gap={4}>
      {chips.map((c) => (
        <Pill key={key(c)} size="xs" bg="var(--mantine-color-blue-0)">
          {c.name}
        </Pill>
      ))}
    </Group>
  );
}

export const toAudience = (chips: Chip[]) => chips.map((c) => (c.type === 'all' ? { type: 'all' as const } : { type: c.type, id: c.id! }));
