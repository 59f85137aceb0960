import { ActionIcon, Alert, Button, Card, Checkbox, Group, List, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconInfoCircle, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { GoodsRightsEditor, type GoodsRights } from '../../catalog/GoodsRights';
import { useDepartments, useUserList } from '../../users/api';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { usePipelines, useRoleMutations, useRoles } from '../api';
import { ConfirmDialog } from '../common';
import { useCrmT } from '../i18n';
import { UsersPicker } from '../pickers';
import { ACTIONS, ENTITY_TYPES, SCOPES, type CrmAction, type CrmRole, type Permissions, type Scope, type UserRef } from '../types';

type ActionScopes = Record<CrmAction, Scope>;
type PipelineScopes = Record<string, ActionScopes>;
type RoleDepartment = CrmRole['departments'][number];
const WHO: RoleDepartment['who'][] = ['members', 'tree', 'head'];

/** One row of the matrix: an item type (or a pipeline's deals) × the actions, each a scope. */
function ScopeRow({ label, scopes, onChange, extra }: { label: string; scopes: Partial<ActionScopes> | undefined; onChange: (a: CrmAction, s: Scope) => void; extra?: ReactNode }) {
  const { t } = useCrmT();
  return (
    <Table.Tr>
      <Table.Td fw={500}>
        <Group gap={4} wrap="nowrap" justify="space-between">
          <span>{label}</span>
          {extra}
        </Group>
      </Table.Td>
      {ACTIONS.map((a) => (
        <Table.Td key={a} p={4}>
          <Select
            aria-label={t('settings.roles.scope', { entity: label, action: t(`settings.roles.actions.${a}`) })}
            data={SCOPES.map((s) => ({ value: s, label: t(`settings.roles.scopes.${s}`) }))}
            value={scopes?.[a] ?? 'none'}
            onChange={(v) => onChange(a, (v ?? 'none') as Scope)}
            allowDeselect={false}
            size="xs"
            variant={(scopes?.[a] ?? 'none') === 'none' ? 'filled' : 'default'}
          />
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

/** The departments holding the role: each with whom of it (members, with subdepartments, the head). */
function DepartmentsEditor({ value, onChange }: { value: RoleDepartment[]; onChange: (v: RoleDepartment[]) => void }) {
  const { t } = useCrmT();
  const departments = useDepartments();
  const options = (departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }));
  const nameOf = (id: number) => departments.data?.find((d) => d.id === id)?.name ?? `#${id}`;
  const set = (i: number, patch: Partial<RoleDepartment>) => onChange(value.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('settings.roles.departments')}
      </Text>
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('settings.roles.noDepartments')}
        </Text>
      )}
      {value.map((d, i) => (
        <Group key={i} gap="xs" wrap="nowrap">
          <Select
            aria-label={t('settings.roles.department')}
            placeholder={t('settings.roles.department')}
            data={options}
            value={String(d.departmentId)}
            onChange={(v) => v && set(i, { departmentId: Number(v) })}
            allowDeselect={false}
            searchable
            style={{ flex: '1 1 240px' }}
          />
          <Select
            aria-label={t('settings.roles.who')}
            data={WHO.map((w) => ({ value: w, label: t(`settings.roles.whoOptions.${w}`) }))}
            value={d.who}
            onChange={(v) => v && set(i, { who: v as RoleDepartment['who'] })}
            allowDeselect={false}
            style={{ flex: '1 1 260px' }}
          />
          <ActionIcon variant="subtle" color="gray" aria-label={t('settings.roles.removeDepartment', { name: nameOf(d.departmentId) })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={!departments.data?.length}
          onClick={() => {
            const first = departments.data?.find((x) => !value.some((d) => d.departmentId === x.id)) ?? departments.data?.[0];
            if (first) onChange([...value, { departmentId: first.id, who: 'members' }]);
          }}
        >
          {t('settings.roles.addDepartment')}
        </Button>
      </Group>
    </Stack>
  );
}

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
  const [pipelineScopes, setPipelineScopes] = useState<PipelineScopes>((role?.dealPipelines as PipelineScopes) ?? {});
  const [departments, setDepartments] = useState<RoleDepartment[]>(role?.departments ?? []);
  const [isDefault, setIsDefault] = useState(role?.isDefault ?? false);
  const [goods, setGoods] = useState<GoodsRights>({ catalog: role?.catalog ?? 'read', store: role?.store ?? 'read' });
  const [users, setUsers] = useState<UserRef[]>([]);
  const pipelines = usePipelines();
  const form = useServerForm();
  const clearForm = form.clear;
  // Names of the role's people: the directory answers them.
  const directory = useUserList({ pageSize: 200, status: 'active' }, Boolean(role?.userIds.length));
  useEffect(() => {
    setName(role?.name ?? '');
    setPerms((role?.permissions as Permissions) ?? emptyPermissions());
    setPipelineScopes((role?.dealPipelines as PipelineScopes) ?? {});
    setDepartments(role?.departments ?? []);
    setIsDefault(role?.isDefault ?? false);
    setGoods({ catalog: role?.catalog ?? 'read', store: role?.store ?? 'read' });
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
    const body = { name: name.trim(), permissions: perms, dealPipelines: pipelineScopes, isDefault, userIds: users.map((u) => u.id), departments, ...goods };
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

  const pipelineList = pipelines.data ?? [];
  const named = pipelineList.filter((pl) => pipelineScopes[String(pl.id)]);
  const unnamed = pipelineList.filter((pl) => !pipelineScopes[String(pl.id)]);
  // Deals: the general row, a row per pipeline the role sets its own rights for, and a picker for one more.
  const dealRows = () => (
    <>
      <ScopeRow label={named.length ? t('settings.roles.dealsRest') : t('entity.deal.many')} scopes={perms.deal} onChange={(a, v) => setPerms((p) => ({ ...p, deal: { ...p.deal, [a]: v } }))} />
      {named.map((pl) => (
        <ScopeRow
          key={pl.id}
          label={t('settings.roles.dealsPipeline', { name: pl.name })}
          scopes={pipelineScopes[String(pl.id)]}
          onChange={(a, v) => setPipelineScopes((ps) => ({ ...ps, [String(pl.id)]: { ...ps[String(pl.id)]!, [a]: v } }))}
          extra={
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              aria-label={t('settings.roles.removePipeline', { name: pl.name })}
              onClick={() =>
                setPipelineScopes((ps) => {
                  const next = { ...ps };
                  delete next[String(pl.id)];
                  return next;
                })
              }
            >
              <IconX size={14} />
            </ActionIcon>
          }
        />
      ))}
      {unnamed.length > 0 && (
        <Table.Tr>
          <Table.Td colSpan={ACTIONS.length + 1} p={4}>
            <Select
              aria-label={t('settings.roles.addPipeline')}
              placeholder={t('settings.roles.addPipeline')}
              data={unnamed.map((pl) => ({ value: String(pl.id), label: pl.name }))}
              value={null}
              onChange={(v) => v && setPipelineScopes((ps) => ({ ...ps, [v]: { ...(perms.deal as ActionScopes) } }))}
              size="xs"
              variant="unstyled"
              leftSection={<IconPlus size={14} />}
              w={280}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );

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
            {ENTITY_TYPES.map((e) =>
              e === 'deal' ? (
                <Fragment key={e}>{dealRows()}</Fragment>
              ) : (
                <ScopeRow key={e} label={t(`entity.${e}.many`)} scopes={perms[e]} onChange={(a, v) => setPerms((p) => ({ ...p, [e]: { ...p[e], [a]: v } }))} />
              ),
            )}
          </Table.Tbody>
        </Table>
      </div>
      {named.length > 0 && (
        <Text size="xs" c="dimmed" mt={-8}>
          {t('settings.roles.pipelineHint')}
        </Text>
      )}
      <GoodsRightsEditor value={goods} onChange={setGoods} />
      <Text size="sm" c="dimmed">
        {t('settings.roles.holdersHint')}
      </Text>
      <UsersPicker label={t('settings.roles.users')} value={users} onChange={setUsers} />
      <DepartmentsEditor value={departments} onChange={setDepartments} />
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
