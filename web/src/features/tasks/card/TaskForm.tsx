import { Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import type { Task, TaskInput, TaskPatch } from '@vavilon/contracts';
import { useState } from 'react';
import { isApiError } from '../../../api/client';
import { CommentEditor } from '../../../ui/comments';
import { DateTimeInput, UserPicker, UsersPicker, type PickedUser } from '../../../ui/fields';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { useTasksT } from '../i18n';
import { useTaskGroups } from './api';
import './i18n';

interface Draft {
  title: string;
  description: string;
  responsible: PickedUser | null;
  accomplices: PickedUser[];
  auditors: PickedUser[];
  deadline: string | null;
  allowChangeDeadline: boolean;
  startPlan: string | null;
  endPlan: string | null;
  taskControl: boolean;
  requireResult: boolean;
  important: boolean;
  groupId: number | null;
  tags: string[];
  estimateHours: number | null;
  parentId: number | null;
}

function draftOf(task: Task | undefined, me: PickedUser | null, parentId: number | null): Draft {
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    responsible: task ? task.responsible : me,
    accomplices: task?.accomplices ?? [],
    auditors: task?.auditors ?? [],
    deadline: task?.deadline ?? null,
    allowChangeDeadline: task?.allowChangeDeadline ?? true,
    startPlan: task?.startPlan ?? null,
    endPlan: task?.endPlan ?? null,
    taskControl: task?.taskControl ?? false,
    requireResult: task?.requireResult ?? false,
    important: task?.important ?? false,
    groupId: task?.group?.id ?? null,
    tags: task?.tags ?? [],
    estimateHours: task?.estimateSeconds ? Math.round((task.estimateSeconds / 3600) * 100) / 100 : null,
    parentId: task?.parent?.id ?? parentId,
  };
}

function inputOf(d: Draft): TaskInput {
  return {
    title: d.title.trim(),
    description: d.description,
    responsibleId: d.responsible?.id,
    accompliceIds: d.accomplices.map((u) => u.id),
    auditorIds: d.auditors.map((u) => u.id),
    deadline: d.deadline,
    allowChangeDeadline: d.allowChangeDeadline,
    startPlan: d.startPlan,
    endPlan: d.endPlan,
    taskControl: d.taskControl,
    requireResult: d.requireResult,
    important: d.important,
    groupId: d.groupId,
    tags: d.tags,
    estimateSeconds: d.estimateHours ? Math.round(d.estimateHours * 3600) : null,
    parentId: d.parentId,
  };
}

/** Only what changed, on the version the user saw. */
function patchOf(task: Task, d: Draft): TaskPatch {
  const before = inputOf(draftOf(task, null, null));
  const after = inputOf(d);
  const patch: Record<string, unknown> = { version: task.version };
  for (const k of Object.keys(after) as (keyof TaskInput)[]) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) patch[k] = after[k];
  return patch as TaskPatch;
}

export interface TaskFormProps {
  /** The task being changed; none: a new task. */
  task?: Task;
  me: PickedUser | null;
  parentId?: number | null;
  saving: boolean;
  onCreate: (input: TaskInput) => Promise<unknown>;
  onUpdate: (patch: TaskPatch) => Promise<unknown>;
  onCancel: () => void;
  /** A save answered 409: the card shows the banner with «Обновить». */
  onConflict: () => void;
}

/**
 * The task's fields: the new-task form at /tasks/task/0 and the card's «Изменить». Enter in a
 * field saves; the deadline of a task whose creator forbids changing it is shown locked, with why.
 */
export function TaskForm({ task, me, parentId = null, saving, onCreate, onUpdate, onCancel, onConflict }: TaskFormProps) {
  const { t } = useTasksT();
  const [d, setD] = useState<Draft>(() => draftOf(task, me, parentId));
  const form = useServerForm();
  const groups = useTaskGroups();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    form.clear(k === 'responsible' ? 'responsibleId' : k === 'estimateHours' ? 'estimateSeconds' : k);
  };
  const deadlineLocked = !!task && !task.abilities.changeDeadline;
  const canSetFlag = !task || task.abilities.changeDeadline;

  const submit = async () => {
    if (!d.title.trim()) return form.setErrors({ title: t('card.titleRequired') });
    try {
      if (task) await onUpdate(patchOf(task, d));
      else await onCreate(inputOf(d));
    } catch (e) {
      if (isApiError(e) && e.status === 409) return onConflict();
      form.fromError(e);
    }
  };

  const groupData = [
    ...(groups.data?.items ?? []).map((g) => ({ value: String(g.id), label: g.name })),
    ...(task?.group && !groups.data?.items.some((g) => g.id === task.group!.id) ? [{ value: String(task.group.id), label: task.group.name }] : []),
  ];

  return (
    <form
      noValidate
      aria-label={task ? task.title : t('card.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        <FormError message={form.general} />
        <TextInput
          label={t('field.title')}
          placeholder={t('card.titlePlaceholder')}
          required
          autoFocus={!task}
          value={d.title}
          error={form.errorOf('title')}
          onChange={(e) => set('title', e.currentTarget.value)}
          size="md"
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('field.description')}
          </Text>
          <CommentEditor label={t('card.descriptionLabel')} initialHtml={task?.description} withFiles={false} onSubmit={async () => undefined} onChange={(html) => set('description', html)} />
          {form.errorOf('description') ? (
            <Text size="xs" c="red">
              {form.errorOf('description')}
            </Text>
          ) : null}
        </div>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <UserPicker label={t('people.responsible')} value={d.responsible} onChange={(u) => set('responsible', u)} error={form.errorOf('responsibleId')} clearable={false} />
          <UsersPicker label={t('people.accomplices')} value={d.accomplices} onChange={(u) => set('accomplices', u)} error={form.errorOf('accompliceIds')} />
          <UsersPicker label={t('people.auditors')} value={d.auditors} onChange={(u) => set('auditors', u)} error={form.errorOf('auditorIds')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <div>
            <DateTimeInput label={t('field.deadline')} value={d.deadline} onChange={(v) => set('deadline', v)} error={form.errorOf('deadline')} disabled={deadlineLocked} />
            {deadlineLocked ? (
              <Text size="xs" c="orange.8" mt={4} data-testid="deadline-locked">
                {t('card.deadlineLocked')}
              </Text>
            ) : null}
          </div>
          <DateTimeInput label={t('field.startPlan')} value={d.startPlan} onChange={(v) => set('startPlan', v)} error={form.errorOf('startPlan')} />
          <DateTimeInput label={t('field.endPlan')} value={d.endPlan} onChange={(v) => set('endPlan', v)} error={form.errorOf('endPlan')} />
        </SimpleGrid>
        <Stack gap={8}>
          {canSetFlag ? <Checkbox label={t('field.allowChangeDeadline')} checked={d.allowChangeDeadline} onChange={(e) => set('allowChangeDeadline', e.currentTarget.checked)} /> : null}
          <Checkbox label={t('field.taskControl')} checked={d.taskControl} onChange={(e) => set('taskControl', e.currentTarget.checked)} />
          <Checkbox label={t('field.requireResult')} checked={d.requireResult} onChange={(e) => set('requireResult', e.currentTarget.checked)} />
          <Checkbox label={t('field.important')} checked={d.important} onChange={(e) => set('important', e.currentTarget.checked)} />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('field.group')}
            placeholder={t('card.groupPlaceholder')}
            data={groupData}
            value={d.groupId ? String(d.groupId) : null}
            onChange={(v) => set('groupId', v ? Number(v) : null)}
            clearable
            searchable
            nothingFoundMessage={t('card.noGroup')}
            error={form.errorOf('groupId')}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
          <TagsInput
            label={t('field.tags')}
            placeholder={t('card.tagsPlaceholder')}
            value={d.tags}
            onChange={(v) => set('tags', v)}
            error={form.errorOf('tags')}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
          <NumberInput
            label={t('card.estimateHours')}
            min={0}
            step={0.5}
            decimalScale={2}
            value={d.estimateHours ?? ''}
            onChange={(v) => set('estimateHours', typeof v === 'number' ? v : null)}
            error={form.errorOf('estimateSeconds')}
          />
          <NumberInput
            label={t('card.parentId')}
            min={1}
            allowDecimal={false}
            value={d.parentId ?? ''}
            onChange={(v) => set('parentId', typeof v === 'number' ? v : null)}
            error={form.errorOf('parentId')}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" loading={saving}>
            {task ? t('common.save', { ns: 'translation' }) : t('card.create')}
          </Button>
          <Button variant="default" onClick={onCancel} disabled={saving}>
            {t('common.cancel', { ns: 'translation' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
