import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Badge, Button, Card, ColorInput, Group, Modal, Select, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconGripVertical, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { useLeadStatuses, usePipelineMutations, usePipelines } from '../api';
import { ConfirmDialog } from '../common';
import { useCrmT } from '../i18n';
import type { Pipeline, Stage } from '../types';
import classes from '../crm.module.css';

const SWATCHES = ['#39a8ef', '#2fc6f6', '#55d0e0', '#47e4c2', '#7bd500', '#ffa900', '#ff5752', '#a5a5ff', '#f2c500', '#9dcf00', '#e89b06', '#ace5fb'];
const KINDS = ['progress', 'success', 'failure'] as const;

function StageRow({ stage, onSave, onDelete }: { stage: Stage; onSave: (patch: Partial<Pick<Stage, 'name' | 'color' | 'kind'>>) => void; onDelete: () => void }) {
  const { t } = useCrmT();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: stage.id });
  const [name, setName] = useState(stage.name);
  const [color, setColor] = useState(stage.color);
  useEffect(() => setName(stage.name), [stage.name]);
  useEffect(() => setColor(stage.color), [stage.color]);
  return (
    <Group
      ref={setNodeRef}
      gap="xs"
      wrap="nowrap"
      p={6}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.5 : 1, background: '#fff', borderRadius: 8, border: '1px solid var(--mantine-color-gray-2)', borderLeft: `4px solid ${stage.color}` }}
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
        style={{ flex: 1 }}
        size="sm"
      />
      <ColorInput
        aria-label={t('settings.pipelines.color')}
        value={color}
        onChange={setColor}
        onChangeEnd={(c) => /^#[0-9a-f]{6}$/i.test(c) && c !== stage.color && onSave({ color: c })}
        swatches={SWATCHES}
        format="hex"
        w={130}
        size="sm"
        popoverProps={{ withinPortal: true }}
      />
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
      <Group gap="xs" wrap="nowrap" mt="xs" p={6} style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 8 }}>
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
          style={{ flex: 1 }}
          size="sm"
        />
        <ColorInput aria-label={t('settings.pipelines.color')} value={newColor} onChange={setNewColor} swatches={SWATCHES} format="hex" w={130} size="sm" />
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
                rightSection={p.isDefault ? <Badge size="xs" variant="light">{t('settings.pipelines.default')}</Badge> : <Text size="xs" c="dimmed">{p.stages.length}</Text>}
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
              m.renamePipeline.mutate({ id: nameDialog.pipeline.id, name: name.trim(), version: nameDialog.pipeline.version }, { onSuccess: () => { showSuccess(t('settings.pipelines.saved')); done(); }, onError });
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
            <TextInput label={t('settings.pipelines.newName')} value={name} onChange={(e) => { setName(e.currentTarget.value); nameForm.clear('name'); }} error={nameForm.errorOf('name')} required data-autofocus />
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
