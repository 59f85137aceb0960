import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  ColorPicker,
  ColorSwatch,
  Divider,
  Group,
  Modal,
  Popover,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconCheck, IconGripVertical, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { useLeadStatuses, usePipelineMutations, usePipelines } from '../api';
import { ConfirmDialog } from '../common';
import { useCrmT } from '../i18n';
import type { Pipeline, Stage } from '../types';
import classes from '../crm.module.css';

/** The stage palette, after Bitrix24's: colour and its name's key in `settings.pipelines.colors`. */
const PALETTE = [
  ['#39a8ef', 'blue'],
  ['#2fc6f6', 'lightBlue'],
  ['#55d0e0', 'teal'],
  ['#47e4c2', 'mint'],
  ['#00b38c', 'emerald'],
  ['#7bd500', 'green'],
  ['#9dcf00', 'lime'],
  ['#f2c500', 'yellow'],
  ['#ffa900', 'orange'],
  ['#e89b06', 'amber'],
  ['#ff5752', 'red'],
  ['#ff799c', 'pink'],
  ['#a5a5ff', 'lilac'],
  ['#9985dd', 'violet'],
  ['#ace5fb', 'sky'],
  ['#a8adb4', 'grey'],
] as const;
const SWATCHES: string[] = PALETTE.map(([c]) => c);

/**
 * A stage's colour: a swatch that opens the palette (and a free picker below it for any other
 * colour), as in Bitrix24's pipeline settings; no hex to type.
 */
function StageColor({ value, onChange, stageName }: { value: string; onChange: (color: string) => void; stageName?: string }) {
  const { t } = useCrmT();
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(value);
  useEffect(() => setCustom(value), [value]);
  const named = PALETTE.find(([c]) => c === value.toLowerCase());
  const colorName = named ? t(`settings.pipelines.colors.${named[1]}`) : t('settings.pipelines.customColor');
  const label = stageName ? t('settings.pipelines.colorOf', { name: stageName }) : t('settings.pipelines.color');
  const pick = (c: string) => {
    setOpen(false);
    if (c.toLowerCase() !== value.toLowerCase()) onChange(c);
  };
  return (
    <Popover opened={open} onChange={setOpen} position="bottom-end" withinPortal shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <UnstyledButton
          onClick={() => setOpen((o) => !o)}
          aria-label={`${label}: ${colorName}`}
          title={colorName}
          aria-haspopup="dialog"
          aria-expanded={open}
          style={{ display: 'flex', alignItems: 'center', padding: 7, borderRadius: 6, border: '1px solid var(--mantine-color-gray-4)', flex: 'none', background: '#fff' }}
        >
          <ColorSwatch color={value} size={20} radius="sm" />
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown aria-label={label} role="dialog">
        <Text size="xs" fw={600} c="dimmed" mb={6}>
          {label}
        </Text>
        <SimpleGrid cols={8} spacing={6} role="group" aria-label={t('settings.pipelines.palette')}>
          {PALETTE.map(([c, key]) => {
            const on = c === value.toLowerCase();
            return (
              <Tooltip key={c} label={t(`settings.pipelines.colors.${key}`)} withinPortal>
                <UnstyledButton onClick={() => pick(c)} aria-label={t(`settings.pipelines.colors.${key}`)} aria-pressed={on} style={{ borderRadius: 6 }}>
                  <ColorSwatch color={c} size={24} radius="sm" style={{ color: '#fff', boxShadow: on ? '0 0 0 2px #fff, 0 0 0 4px var(--mantine-color-brand-6)' : undefined }}>
                    {on ? <IconCheck size={14} stroke={3} /> : null}
                  </ColorSwatch>
                </UnstyledButton>
              </Tooltip>
            );
          })}
        </SimpleGrid>
        <Divider my="sm" label={t('settings.pipelines.customColor')} labelPosition="left" />
        <ColorPicker
          format="hex"
          size="sm"
          fullWidth
          value={custom}
          onChange={setCustom}
          onChangeEnd={(c) => /^#[0-9a-f]{6}$/i.test(c) && c.toLowerCase() !== value.toLowerCase() && onChange(c)}
          saturationLabel={t('settings.pipelines.saturation')}
          hueLabel={t('settings.pipelines.hue')}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
const KINDS = ['progress', 'success', 'failure'] as const;

function StageRow({ stage, onSave, onDelete }: { stage: Stage; onSave: (patch: Partial<Pick<Stage, 'name' | 'color' | 'kind'>>) => void; onDelete: () => void }) {
  const { t } = useCrmT();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: stage.id });
  const [name, setName] = useState(stage.name);
  useEffect(() => setName(stage.name), [stage.name]);
  return (
    <Group
      ref={setNodeRef}
      gap="xs"
      wrap="wrap"
      p={6}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.5 : 1,
        background: '#fff',
        borderRadius: 8,
        border: '1px solid var(--mantine-color-gray-2)',
        borderLeft: `4px solid ${stage.color}`,
      }}
    >
      <ActionIcon variant="subtle" color="gray" className={classes.dragHandle} aria-label={t('settings.pipelines.drag', { name: stage.name })} {...attributes} {...listeners}>
        <IconGripVertical size={16} />
      </ActionIcon>
      <TextInput
        aria-label={t('settings.pipelines.stageName')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        onBlur={() => name.trim() && name.trim() !== stage.name && onSave({ name: name.trim() })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
        // On a narrow screen the name keeps its width and the colour, kind and delete go to the next line.
        style={{ flex: '1 1 180px', minWidth: 0 }}
        size="sm"
      />
      <StageColor value={stage.color} stageName={stage.name} onChange={(c) => onSave({ color: c })} />
      <Select
        aria-label={t('settings.pipelines.kind')}
        data={KINDS.map((k) => ({ value: k, label: t(`settings.pipelines.kinds.${k}`) }))}
        value={stage.kind}
        onChange={(v) => v && v !== stage.kind && onSave({ kind: v as Stage['kind'] })}
        allowDeselect={false}
        w={150}
        size="sm"
      />
      <ActionIcon variant="subtle" color="red" aria-label={t('settings.pipelines.deleteStage', { name: stage.name })} onClick={onDelete}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

function StagesEditor({ owner, stages }: { owner: number | 'lead'; stages: Stage[] }) {
  const { t } = useCrmT();
  const m = usePipelineMutations();
  const [order, setOrder] = useState<Stage[]>(stages);
  const [newName, setNewName] = useState('');
  const [newColor, setNewColor] = useState(SWATCHES[0]!);
  const [newKind, setNewKind] = useState<Stage['kind']>('progress');
  const [deleting, setDeleting] = useState<Stage | null>(null);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const addForm = useServerForm();
  const deleteForm = useServerForm();
  useEffect(() => setOrder(stages), [stages]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = order.findIndex((s) => s.id === e.active.id);
    const to = order.findIndex((s) => s.id === e.over!.id);
    const next = arrayMove(order, from, to);
    setOrder(next);
    m.reorderStages.mutate({ pipelineId: owner, stageIds: next.map((s) => s.id) }, { onSuccess: () => showSuccess(t('settings.pipelines.saved')) });
  };

  const update = (s: Stage, patch: Partial<Pick<Stage, 'name' | 'color' | 'kind'>>) =>
    m.updateStage.mutate({ id: s.id, ...patch, version: s.version }, { onSuccess: () => showSuccess(t('settings.pipelines.saved')) });

  const add = () => {
    if (!newName.trim()) return;
    m.addStage.mutate(
      { pipelineId: owner, name: newName.trim(), color: newColor, kind: newKind },
      {
        onSuccess: () => {
          showSuccess(t('settings.pipelines.stageAdded', { name: newName.trim() }));
          setNewName('');
        },
        onError: (e) => addForm.fromError(e, { generalAt: 'name' }),
      },
    );
  };

  const others = order.filter((s) => s.id !== deleting?.id);

  return (
    <Stack gap="xs">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={order.map((s) => s.id)} strategy={verticalListSortingStrategy}>
          <Stack gap={6} role="list" aria-label={t('settings.pipelines.stages')}>
            {order.map((s) => (
              <div role="listitem" key={s.id}>
                <StageRow
                  stage={s}
                  onSave={(p) => update(s, p)}
                  onDelete={() => {
                    setDeleting(s);
                    deleteForm.clear();
                    setMoveTo(String(order.find((x) => x.id !== s.id && x.kind === 'progress')?.id ?? order.find((x) => x.id !== s.id)?.id ?? ''));
                  }}
                />
              </div>
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      <Group gap="xs" wrap="wrap" mt="xs" p={6} style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 8 }}>
        <TextInput
          aria-label={t('settings.pipelines.stageName')}
          placeholder={t('settings.pipelines.stageName')}
          value={newName}
          onChange={(e) => {
            setNewName(e.currentTarget.value);
            addForm.clear('name');
          }}
          error={addForm.errorOf('name')}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
          style={{ flex: '1 1 180px', minWidth: 0 }}
          size="sm"
        />
        <StageColor value={newColor} onChange={setNewColor} />
        <Select
          aria-label={t('settings.pipelines.kind')}
          data={KINDS.map((k) => ({ value: k, label: t(`settings.pipelines.kinds.${k}`) }))}
          value={newKind}
          onChange={(v) => setNewKind((v as Stage['kind']) ?? 'progress')}
          allowDeselect={false}
          w={150}
          size="sm"
        />
        <Button leftSection={<IconPlus size={16} />} onClick={add} disabled={!newName.trim()} loading={m.addStage.isPending} size="sm">
          {t('settings.pipelines.addStage')}
        </Button>
      </Group>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('settings.pipelines.deleteStageTitle', { name: deleting?.name ?? '' })}
        message={t('settings.pipelines.deleteStageHint')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await m.deleteStage.mutateAsync({ id: deleting.id, moveToStageId: Number(moveTo) || undefined });
            showSuccess(t('settings.pipelines.stageDeleted'));
            setDeleting(null);
          } catch (e) {
            deleteForm.fromError(e, { generalAt: 'moveToStageId' });
          }
        }}
      >
        <Select
          label={t('settings.pipelines.moveTo')}
          data={others.map((s) => ({ value: String(s.id), label: s.name }))}
          value={moveTo}
          onChange={setMoveTo}
          error={deleteForm.errorOf('moveToStageId')}
          comboboxProps={{ withinPortal: true, zIndex: 500 }}
        />
      </ConfirmDialog>
    </Stack>
  );
}

/** Pipelines («воронки») and their stages, or the lead statuses: add, rename, colour, kind, reorder, delete. */
export function PipelinesSettings({ mode }: { mode: 'deal' | 'lead' }) {
  const { t } = useCrmT();
  const pipelines = usePipelines();
  const statuses = useLeadStatuses();
  const m = usePipelineMutations();
  const [selected, setSelected] = useState<number | null>(null);
  const [nameDialog, setNameDialog] = useState<{ mode: 'create' | 'rename'; pipeline?: Pipeline } | null>(null);
  const [name, setName] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<Pipeline | null>(null);
  const nameForm = useServerForm();
  const clearNameForm = nameForm.clear;
  useEffect(() => {
    if (nameDialog) clearNameForm();
  }, [nameDialog, clearNameForm]);

  if (mode === 'lead') {
    return (
      <Card>
        <Title order={2} fz="md" fw={600} mb="md">
          {t('settings.tabs.statuses')}
        </Title>
        {statuses.data ? <StagesEditor owner="lead" stages={statuses.data} /> : <Skeleton h={200} />}
      </Card>
    );
  }

  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === selected) ?? list.find((p) => p.isDefault) ?? list[0];

  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <Card w={260} p="sm">
        <Stack gap={4} role="list" aria-label={t('pipeline.label')}>
          {!pipelines.data ? (
            <Skeleton h={120} />
          ) : (
            list.map((p) => (
              <Button
                key={p.id}
                role="listitem"
                variant={p.id === pipeline?.id ? 'light' : 'subtle'}
                color={p.id === pipeline?.id ? 'brand' : 'gray'}
                justify="space-between"
                fullWidth
                onClick={() => setSelected(p.id)}
                rightSection={
                  p.isDefault ? (
                    <Badge size="xs" variant="light">
                      {t('settings.pipelines.default')}
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {p.stages.length}
                    </Text>
                  )
                }
                aria-current={p.id === pipeline?.id ? 'true' : undefined}
              >
                {p.name}
              </Button>
            ))
          )}
          <Button
            variant="subtle"
            leftSection={<IconPlus size={16} />}
            mt="xs"
            onClick={() => {
              setName('');
              setNameDialog({ mode: 'create' });
            }}
          >
            {t('settings.pipelines.add')}
          </Button>
        </Stack>
      </Card>
      <Card style={{ flex: '1 1 560px' }}>
        {pipeline ? (
          <>
            <Group justify="space-between" mb="md">
              <Title order={2} fz="md" fw={600}>
                {pipeline.name}
              </Title>
              <Group gap="xs">
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPencil size={14} />}
                  onClick={() => {
                    setName(pipeline.name);
                    setNameDialog({ mode: 'rename', pipeline });
                  }}
                >
                  {t('settings.pipelines.rename')}
                </Button>
                {!pipeline.isDefault ? (
                  <Button variant="default" color="red" size="xs" leftSection={<IconTrash size={14} />} onClick={() => setConfirmDelete(pipeline)}>
                    {t('settings.pipelines.delete')}
                  </Button>
                ) : null}
              </Group>
            </Group>
            <Text size="sm" fw={600} mb="xs">
              {t('settings.pipelines.stages')}
            </Text>
            <StagesEditor key={pipeline.id} owner={pipeline.id} stages={pipeline.stages} />
          </>
        ) : (
          <Skeleton h={240} />
        )}
      </Card>
      <Modal opened={nameDialog !== null} onClose={() => setNameDialog(null)} title={nameDialog?.mode === 'rename' ? t('settings.pipelines.rename') : t('settings.pipelines.add')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            const done = () => setNameDialog(null);
            const onError = (err: unknown) => nameForm.fromError(err);
            if (nameDialog?.mode === 'rename' && nameDialog.pipeline)
              m.renamePipeline.mutate(
                { id: nameDialog.pipeline.id, name: name.trim(), version: nameDialog.pipeline.version },
                {
                  onSuccess: () => {
                    showSuccess(t('settings.pipelines.saved'));
                    done();
                  },
                  onError,
                },
              );
            else
              m.createPipeline.mutate(
                { name: name.trim() },
                {
                  onSuccess: (p) => {
                    showSuccess(t('settings.pipelines.created', { name: name.trim() }));
                    if (p?.id) setSelected(p.id);
                    done();
                  },
                  onError,
                },
              );
          }}
        >
          <Stack>
            <FormError message={nameForm.general} />
            <TextInput
              label={t('settings.pipelines.newName')}
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                nameForm.clear('name');
              }}
              error={nameForm.errorOf('name')}
              required
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNameDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={m.createPipeline.isPending || m.renamePipeline.isPending} disabled={!name.trim()}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmDialog
        opened={confirmDelete !== null}
        title={t('settings.pipelines.delete')}
        message={t('settings.pipelines.deleteConfirm', { name: confirmDelete?.name ?? '' })}
        onClose={() => setConfirmDelete(null)}
        onConfirm={async () => {
          if (!confirmDelete) return;
          try {
            await m.deletePipeline.mutateAsync(confirmDelete.id);
            setSelected(null);
            setConfirmDelete(null);
          } catch {
            /* the toast says why */
          }
        }}
      />
    </Group>
  );
}
