import { ActionIcon, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, Select, Skeleton, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { IconForms, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../../ui/EmptyState';
import { showSuccess } from '../../../ui/toasts';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { useFieldMutations, useFields, useLayout, usePipelines, useRoles, useSaveLayout, type FieldBody } from '../api';
import { ConfirmDialog } from '../common';
import { useCrmT } from '../i18n';
import { fieldLabel, STANDARD } from '../card/fields';
import type { EntityType, FieldDef, Layout } from '../types';

const TYPES = ['string', 'text', 'number', 'money', 'date', 'datetime', 'list', 'boolean', 'employee', 'crm', 'file', 'url'] as const;
const ENTITIES: EntityType[] = ['deal', 'lead', 'contact', 'company'];

function FieldDialog({ entity, field, opened, onClose }: { entity: EntityType; field: FieldDef | null; opened: boolean; onClose: () => void }) {
  const { t } = useCrmT();
  const m = useFieldMutations(entity);
  const roles = useRoles(opened);
  const { errorOf, general, setErrors, fromError, clear } = useServerForm();
  const [label, setLabel] = useState('');
  const [type, setType] = useState<string>('string');
  const [required, setRequired] = useState(false);
  const [multiple, setMultiple] = useState(false);
  const [options, setOptions] = useState<{ id?: string; label: string }[]>([]);
  const [readRoles, setReadRoles] = useState<string[]>([]);
  const [editRoles, setEditRoles] = useState<string[]>([]);
  useEffect(() => {
    if (!opened) return;
    setLabel(field?.label ?? '');
    setType(field?.type ?? 'string');
    setRequired(field?.required ?? false);
    setMultiple(field?.multiple ?? false);
    setOptions(field?.options ?? []);
    setReadRoles((field?.readRoles ?? []).map(String));
    setEditRoles((field?.editRoles ?? []).map(String));
    setErrors({});
  }, [opened, field]);
  const roleData = (roles.data ?? []).map((r) => ({ value: String(r.id), label: r.name }));
  const submit = () => {
    if (!label.trim()) {
      setErrors({ label: t('card.required') });
      return;
    }
    const body: FieldBody = {
      label: label.trim(),
      type,
      required,
      multiple: type === 'list' || type === 'employee' || type === 'file' || type === 'crm' ? multiple : false,
      options: type === 'list' ? options.filter((o) => o.label.trim()).map((o) => ({ ...o, label: o.label.trim() })) : [],
      readRoles: readRoles.map(Number),
      editRoles: editRoles.map(Number),
    };
    const done = {
      onSuccess: () => {
        showSuccess(field ? t('settings.fields.saved') : t('settings.fields.created', { label: body.label }));
        onClose();
      },
      onError: (e: unknown) => fromError(e),
    };
    if (field) m.update.mutate({ id: field.id, version: field.version, ...body }, done);
    else m.create.mutate(body, done);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={field ? t('settings.fields.edit', { label: field.label }) : t('settings.fields.add')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <FormError message={general} />
          <TextInput
            label={t('settings.fields.label')}
            value={label}
            onChange={(e) => {
              setLabel(e.currentTarget.value);
              clear('label');
            }}
            required
            error={errorOf('label')}
            data-autofocus
          />
          <Select
            label={t('settings.fields.type')}
            data={TYPES.map((v) => ({ value: v, label: t(`settings.fields.types.${v}`) }))}
            value={type}
            onChange={(v) => {
              setType(v ?? 'string');
              clear('type');
            }}
            allowDeselect={false}
            disabled={Boolean(field)}
            error={errorOf('type')}
          />
          <Group gap="lg">
            <Checkbox label={t('settings.fields.required')} checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
            {type === 'list' || type === 'employee' || type === 'crm' || type === 'file' ? (
              <Checkbox label={t('settings.fields.multiple')} checked={multiple} onChange={(e) => setMultiple(e.currentTarget.checked)} disabled={Boolean(field)} />
            ) : null}
          </Group>
          {type === 'list' ? (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('settings.fields.options')}
              </Text>
              {options.map((o, i) => (
                <Group key={i} gap={6} wrap="nowrap">
                  <TextInput
                    aria-label={t('settings.fields.option', { n: i + 1 })}
                    value={o.label}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setOptions((prev) => prev.map((x, j) => (j === i ? { ...x, label: v } : x)));
                    }}
                    error={errorOf(`options.${i}.label`)}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon variant="subtle" color="gray" aria-label={`${t('common.delete')} ${i + 1}`} onClick={() => setOptions((prev) => prev.filter((_, j) => j !== i))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              {errorOf('options') ? (
                <Text size="xs" c="red" role="alert">
                  {errorOf('options')}
                </Text>
              ) : null}
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} />}
                style={{ alignSelf: 'flex-start' }}
                onClick={() => {
                  setOptions((p) => [...p, { label: '' }]);
                  clear('options');
                }}
              >
                {t('settings.fields.addOption')}
              </Button>
            </Stack>
          ) : null}
          <MultiSelect
            label={t('settings.fields.readRoles')}
            data={roleData}
            value={readRoles}
            onChange={setReadRoles}
            placeholder={readRoles.length ? undefined : t('settings.fields.everyone')}
            clearable
          />
          <MultiSelect
            label={t('settings.fields.editRoles')}
            data={roleData}
            value={editRoles}
            onChange={setEditRoles}
            placeholder={editRoles.length ? undefined : t('settings.fields.everyone')}
            clearable
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Where each field sits in the card: a block per field, saved per item type (and pipeline for deals). */
function LayoutEditor({ entity, fields }: { entity: EntityType; fields: FieldDef[] }) {
  const { t } = useCrmT();
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<number | undefined>(undefined);
  const layout = useLayout(entity, entity === 'deal' ? pipelineId : undefined);
  const save = useSaveLayout(entity, entity === 'deal' ? pipelineId : undefined);
  const [blocks, setBlocks] = useState<Layout['blocks']>([]);
  const defMap = useMemo(() => new Map(fields.map((f) => [f.code, f])), [fields]);
  useEffect(() => {
    if (layout.data?.blocks) setBlocks(layout.data.blocks.map((b) => ({ ...b, fields: [...b.fields] })));
  }, [layout.data]);
  if (layout.isError) return null;
  const placed = new Map<string, string>();
  for (const b of blocks) for (const f of b.fields) placed.set(f, b.id);
  const available = layout.data?.available ?? [
    ...STANDARD[entity].map((k) => ({ key: k, label: fieldLabel(entity, k, defMap), custom: false })),
    ...fields.map((f) => ({ key: f.code, label: f.label, custom: true })),
  ];
  const move = (key: string, blockId: string | null) =>
    setBlocks((prev) => prev.map((b) => (b.id === blockId ? { ...b, fields: [...b.fields.filter((f) => f !== key), key] } : { ...b, fields: b.fields.filter((f) => f !== key) })));
  return (
    <Card mt="md">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" fw={600}>
          {t('settings.fields.layout')}
        </Title>
        {entity === 'deal' && (pipelines.data?.length ?? 0) > 1 ? (
          <Select
            aria-label={t('pipeline.label')}
            data={(pipelines.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            value={pipelineId ? String(pipelineId) : String(pipelines.data?.find((p) => p.isDefault)?.id ?? '')}
            onChange={(v) => setPipelineId(Number(v) || undefined)}
            allowDeselect={false}
            size="xs"
            w={220}
          />
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('settings.fields.layoutHint')}
      </Text>
      {!layout.data ? (
        <Skeleton h={160} />
      ) : (
        <>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.fields.label')}</Table.Th>
                <Table.Th w={260}>{t('settings.fields.block')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {available.map(({ key: k, label }) => (
                <Table.Tr key={k}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${t('settings.fields.block')}: ${label}`}
                      data={blocks.map((b) => ({ value: b.id, label: b.title }))}
                      value={placed.get(k) ?? null}
                      onChange={(v) => move(k, v)}
                      clearable
                      size="xs"
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end" mt="sm">
            <Button size="sm" loading={save.isPending} onClick={() => save.mutate({ blocks }, { onSuccess: () => showSuccess(t('settings.fields.layoutSaved')) })}>
              {t('settings.fields.saveLayout')}
            </Button>
          </Group>
        </>
      )}
    </Card>
  );
}

/** Custom fields per item type: type, label, required, list options, who sees and edits them. */
export function FieldsSettings() {
  const { t } = useCrmT();
  const [entity, setEntity] = useState<EntityType>('deal');
  const fields = useFields(entity);
  const m = useFieldMutations(entity);
  const [editing, setEditing] = useState<FieldDef | null>(null);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState<FieldDef | null>(null);
  return (
    <>
      <Card>
        <Group justify="space-between" mb="md" wrap="wrap">
          <Tabs value={entity} onChange={(v) => v && setEntity(v as EntityType)} variant="outline" radius="md">
            <Tabs.List aria-label={t('settings.fields.entity')}>
              {ENTITIES.map((e) => (
                <Tabs.Tab key={e} value={e}>
                  {t(`entity.${e}.many`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            {t('settings.fields.add')}
          </Button>
        </Group>
        {!fields.data ? (
          <Skeleton h={160} />
        ) : fields.data.length === 0 ? (
          <EmptyState icon={<IconForms size={30} />} title={t('settings.fields.none')} description={t('settings.fields.noneHint')} />
        ) : (
          <Table fz="sm" verticalSpacing={6} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.fields.label')}</Table.Th>
                <Table.Th>{t('settings.fields.type')}</Table.Th>
                <Table.Th>{t('settings.fields.code')}</Table.Th>
                <Table.Th />
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.data.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td fw={500}>{f.label}</Table.Td>
                  <Table.Td>{t(`settings.fields.types.${f.type}`)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {f.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {f.required ? (
                        <Badge size="xs" color="red" variant="light">
                          {t('settings.fields.required')}
                        </Badge>
                      ) : null}
                      {f.multiple ? (
                        <Badge size="xs" variant="light">
                          {t('settings.fields.multiple')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} justify="flex-end">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('settings.fields.edit', { label: f.label })}
                        onClick={() => {
                          setEditing(f);
                          setOpen(true);
                        }}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" aria-label={t('settings.fields.delete', { label: f.label })} onClick={() => setDeleting(f)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <LayoutEditor key={entity} entity={entity} fields={fields.data ?? []} />
      <FieldDialog entity={entity} field={editing} opened={open} onClose={() => setOpen(false)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={t('settings.fields.delete', { label: deleting?.label ?? '' })}
        message={t('settings.fields.deleteConfirm', { label: deleting?.label ?? '' })}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await m.remove.mutateAsync(deleting.id);
            setDeleting(null);
          } catch {
            /* the toast says why */
          }
        }}
      />
    </>
  );
}
