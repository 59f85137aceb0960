import { Group, MultiSelect, Select, Text, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { UserSummary } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserList } from '../../features/users/api';
import { UserAvatar } from '../UserAvatar';

/** A person as pickers take and give them; a server's UserRef or UserSummary fits. */
export interface PickedUser {
  id: number;
  fullName: string;
  photoUrl: string | null;
  position?: string;
}

const picked = (u: PickedUser | UserSummary): PickedUser => ({ id: u.id, fullName: u.fullName, photoUrl: u.photoUrl, ...(u.position ? { position: u.position } : {}) });

const avatarUser = (u: PickedUser) => {
  const [firstName = '', lastName = ''] = u.fullName.split(/\s+/);
  return { id: u.id, fullName: u.fullName, photoUrl: u.photoUrl, firstName, lastName };
};

/** Active employees whose name matches `search` (the server searches; at most `limit`). */
export function useUserSearch(search: string, { enabled = true, limit = 20 }: { enabled?: boolean; limit?: number } = {}) {
  const list = useUserList({ search: search || undefined, pageSize: limit, status: 'active' }, enabled);
  const users = useMemo(() => (list.data?.items ?? []).map(picked), [list.data]);
  return { users, loading: list.isFetching };
}

/** The option of a person: photo, name and position. */
export function UserOption({ user }: { user: PickedUser }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <UserAvatar user={avatarUser(user)} size={26} />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" truncate>
          {user.fullName}
        </Text>
        {user.position ? (
          <Text size="xs" c="dimmed" truncate>
            {user.position}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}

function usePickerSearch(selected: PickedUser[], excludeId?: number, keepWhenNamed?: string) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  // While the field shows the chosen person's name, list everyone rather than only that name.
  const query = debounced && debounced !== keepWhenNamed ? debounced : '';
  const found = useUserSearch(query);
  const users = useMemo(() => {
    const map = new Map<number, PickedUser>();
    for (const u of selected) map.set(u.id, u);
    for (const u of found.users) if (u.id !== excludeId && !map.has(u.id)) map.set(u.id, u);
    return map;
  }, [found.users, selected, excludeId]);
  return { search, setSearch, users, loading: found.loading };
}

export type UserPickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: PickedUser | null;
  onChange: (user: PickedUser | null) => void;
  /** Someone who may not be chosen (a person as their own manager). */
  excludeId?: number;
};

/** Picks one employee, searching on the server as the user types. The one user picker of the portal. */
export function UserPicker({ value, onChange, excludeId, ...rest }: UserPickerProps) {
  const { t } = useTranslation();
  const { search, setSearch, users, loading } = usePickerSearch(value ? [value] : [], excludeId, value?.fullName);
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
      nothingFoundMessage={loading ? t('common.loading') : t('common.nothingFound')}
      placeholder={t('users.chooseEmployee')}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      renderOption={({ option }) => {
        const u = users.get(Number(option.value));
        return u ? <UserOption user={u} /> : option.label;
      }}
      {...rest}
    />
  );
}

export type UsersPickerProps = Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & {
  value: PickedUser[];
  onChange: (users: PickedUser[]) => void;
};

/** Several employees (observers, participants). */
export function UsersPicker({ value, onChange, ...rest }: UsersPickerProps) {
  const { t } = useTranslation();
  const { search, setSearch, users } = usePickerSearch(value);
  return (
    <MultiSelect
      data={[...users.values()].map((u) => ({ value: String(u.id), label: u.fullName }))}
      value={value.map((u) => String(u.id))}
      onChange={(ids) => onChange(ids.map((id) => users.get(Number(id))).filter((u): u is PickedUser => !!u))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      placeholder={value.length ? undefined : t('users.chooseEmployee')}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      renderOption={({ option }) => {
        const u = users.get(Number(option.value));
        return u ? <UserOption user={u} /> : option.label;
      }}
      {...rest}
    />
  );
}
