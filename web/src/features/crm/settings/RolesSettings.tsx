import { Alert, Button, Card, Checkbox, Group, List, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useUserList } from '../../users/api';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { useRoleMutations, useRoles } from '../api';
import { ConfirmDialog } from '../common';
import { useCrmT } from '../i18n';
import { UsersPicker } from '../pickers';
import { ACTIONS, ENTITY_TYPES, SCOPES, type CrmRole, type Permissions, type UserRef } from '../types';

function emptyPermissions(): Permissions {
  return Object.fromEntries(
    ENTITY_TYPES.map((e) => [e, Object.fromEntries(ACTIONS.map((a) => [a, a === 'read' || a === 'add' ? 'all' : a === 'edit' || a === 'delete' ? 'own' : 'none']))]),
  ) as Permissions;
}

function RoleEditor({ role, onSaved, onDelete }: { role: CrmRole | null; onSaved: (r: CrmRole) => void; onDelete?: () => void }) {
  const { t } = useCrmT();
  const m = useRoleMutations();
  const [name, setName] = useState(role?.name ?? '');
  const [perms, setPerms] = useState<Permissions>((role?.permissions as Permissions) ?? emptyPermissions());
  const [isDefault, setIsDefault] = useState(role?.isDefault ?? false);
  const [users, setUsers] = useState<UserRef[]>([]);
  const form = useServerForm();
  const clearForm = form.clear;
  // Names of the role's people: the directory answers them.
  const directory = useUserList({ pageSize: 200, status: 'active' }, Boolean(role?.userIds.length));
  useEffect(() => {
    setName(role?.name ?? '');
    setPerms((role?.permissions as Permissions) ?? emptyPermissions());
    setIsDefault(role?.isDefault ?? false);
    clearForm();
  }, [role, clearForm]);
  useEffect(() => {
    const ids = role?.userIds ?? [];
    const known = new Map((directory.data?.items ?? []).map((u) => [u.id, { id: u.id, fullName: u.fullName, photoUrl: u.photoUrl }]));
    setUsers(ids.map((id) => known.get(id) ?? { id, fullName: `#${id}`, photoUrl: null }));
  }, [role, directory.data]);

  const save = () => {
    if (!name.trim()) {
      form.setErrors({ name: t('card.required') });
      return;
    }
    const body = { name: name.trim(), permissions: perms, isDefault, userIds: users.map((u) => u.id) };
    const opts = {
      onSuccess: (r: CrmRole) => {
        showSuccess(t('settings.roles.saved'));
        onSaved(r);
      },
      onError: (e: unknown) => form.fromError(e),
    };
    if (role) m.update.mutate({ id: role.id, version: role.version, ...body }, opts);
    else m.create.mutate(body, opts);
  };

  return (
    <Stack gap="md">
      <FormError message={form.general} />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('settings.roles.name')}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            form.clear('name');
          }}
          error={form.errorOf('name')}
          required
          style={{ flex: '1 1 240px' }}
        />
        <Checkbox label={t('settings.roles.default')} description={t('settings.roles.defaultHint')} checked={isDefault} onChange={(e) => setIsDefault(e.currentTarget.checked)} mb={4} />
      </Group>
      <div style={{ overflowX: 'auto' }}>
        <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} miw={760} aria-label={t('settings.roles.matrix', { name: name || '…' })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.roles.item')}</Table.Th>
              {ACTIONS.map((a) => (
                <Table.Th key={a}>{t(`settings.roles.actions.${a}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ENTITY_TYPES.map((e) => (
              <Table.Tr key={e}>
                <Table.Td fw={500}>{t(`entity.${e}.many`)}</Table.Td>
                {ACTIONS.map((a) => (
                  <Table.Td key={a} p={4}>
                    <Select
                      aria-label={t('settings.roles.scope', { entity: t(`entity.${e}.many`), action: t(`settings.roles.actions.${a}`) })}
                      data={SCOPES.map((s) => ({ value: s, label: t(`settings.roles.scopes.${s}`) }))}
                      value={perms[e]?.[a] ?? 'none'}
                      onChange={(v) => setPerms((p) => ({ ...p, [e]: { ...p[e], [a]: (v ?? 'none') as never } }))}
                      allowDeselect={false}
                      size="xs"
                      variant={perms[e]?.[a] === 'none' ? 'filled' : 'default'}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <UsersPicker label={t('settings.roles.users')} value={users} onChange={setUsers} />
      <Group justify="space-between">
        {onDelete ? (
          <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={onDelete}>
            {t('settings.roles.delete', { name: role?.name ?? '' })}
          </Button>
        ) : (
          <span />
        )}
        <Button onClick={save} loading={m.create.isPending || m.update.isPending}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** CRM roles: item type × action with the scope none / own / department / all, and who has each role. */
export function RolesSettings() {
  const { t } = useCrmT();
  const roles = useRoles();
  const m = useRoleMutations();
  const [selected, setSelected] = useState<number | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CrmRole | null>(null);
  const list = roles.data ?? [];
  const role = selected === 'new' ? null : (list.find((r) => r.id === selected) ?? list[0] ?? null);
  const creating = selected === 'new' || (roles.data && list.length === 0);
  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <Card w={260} p="sm">
        <Stack gap={4}>
          {!roles.data ? (
            <Skeleton h={120} />
          ) : (
            list.map((r) => (
              <Button
                key={r.id}
                variant={!creating && r.id === role?.id ? 'light' : 'subtle'}
                color={!creating && r.id === role?.id ? 'brand' : 'gray'}
                justify="flex-start"
                fullWidth
                onClick={() => setSelected(r.id)}
              >
                {r.name}
              </Button>
            ))
          )}
          <Button variant="subtle" leftSection={<IconPlus size={16} />} mt="xs" onClick={() => setSelected('new')}>
            {t('settings.roles.add')}
          </Button>
        </Stack>
      </Card>
      <Card style={{ flex: '1 1 640px' }}>
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} mb="md" title={t('settings.roles.adminNote')}>
          <Text size="sm" fw={500}>
            {t('settings.roles.defaultsTitle')}
          </Text>
          <List size="sm" spacing={2} mt={2} mb={4}>
            {(['employee', 'head', 'admin'] as const).map((k) => (
              <List.Item key={k}>{t(`settings.roles.defaults.${k}`)}</List.Item>
            ))}
          </List>
          <Text size="sm">{t('settings.roles.hiddenNote')}</Text>
        </Alert>
        {!roles.data ? (
          <Skeleton h={240} />
        ) : creating ? (
          <>
            <Title order={2} fz="md" fw={600} mb="md">
              {t('settings.roles.add')}
            </Title>
            <RoleEditor role={null} onSaved={(r) => setSelected(r.id)} />
          </>
        ) : role ? (
          <>
            <Title order={2} fz="md" fw={600} mb="md">
              {role.name}
            </Title>
            <RoleEditor key={role.id} role={role} onSaved={(r) => setSelected(r.id)} onDelete={() => setDeleting(role)} />
          </>
        ) : (
          <Text c="dimmed">{t('settings.roles.none')}</Text>
        )}
      </Card>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('settings.roles.delete', { name: deleting?.name ?? '' })}
        message={t('settings.roles.deleteConfirm', { name: deleting?.name ?? '' })}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await m.remove.mutateAsync(deleting.id);
            setSelected(null);
            setDeleting(null);
          } catch {
            /* the toast says why */
          }
        }}
      />
    </Group>
  );
}
