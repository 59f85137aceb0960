import { Badge, Button, Checkbox, Group, Input, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Anchor } from '@mantine/core';
import type { Activity, ActivityDirection, ActivityInput, ActivityPatch, ActivityPriority, ActivityType } from '@vavilon/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DateTimeInput, UserPicker } from '../../ui/fields';
import { FormError, useServerForm } from '../../ui/form-kit';
import { showError, showSuccess, showUndoable } from '../../ui/toasts';
import { useSession } from '../auth/session';
import { useCompleteActivity, useCreateActivity, useDeleteActivity, useUpdateActivity } from './api';
import { DURATION, REMINDERS, draftOf, type ActivityDialogTarget, type Draft } from './draft';
import { addMinutes, formatWhen } from './format';
import { useActT } from './i18n';
import { OwnerField } from './OwnerField';
import { hasPeriod, TypeIcon } from './types';

export type { ActivityDialogTarget, OwnerRef } from './draft';

/** «Новый звонок», «Встреча» …: the one form of an activity, to create one or to view, change, complete and delete it. */
export function ActivityDialog({ target, onClose }: { target: ActivityDialogTarget | null; onClose: () => void }) {
  const { t } = useActT();
  const type = target ? (target.mode === 'edit' ? target.activity.type : target.type) : 'todo';
  const title = target ? (target.mode === 'edit' ? t(`type.${type}`) : t(`newOf.${type}`)) : '';
  return (
    <Modal
      opened={Boolean(target)}
      onClose={onClose}
      size="lg"
      zIndex={400}
      closeButtonProps={{ 'aria-label': t('close') }}
      title={
        target ? (
          <Group gap="sm">
            <TypeIcon activity={{ type, direction: target.mode === 'edit' ? target.activity.direction : null }} size={24} decorative />
            <Text fw={600}>{title}</Text>
          </Group>
        ) : null
      }
    >
      {target ? <ActivityForm key={target.mode === 'edit' ? `e${target.activity.id}:${target.activity.version}` : `n${type}`} target={target} onDone={onClose} /> : null}
    </Modal>
  );
}

function ActivityForm({ target, onDone }: { target: ActivityDialogTarget; onDone: () => void }) {
  const { t } = useActT();
  const me = useSession().user;
  const [draft, setDraft] = useState<Draft>(() => draftOf(target, me));
  const [endTouched, setEndTouched] = useState(target.mode === 'edit');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useServerForm();
  const create = useCreateActivity();
  const update = useUpdateActivity();
  const complete = useCompleteActivity();
  const remove = useDeleteActivity();
  const editing = target.mode === 'edit' ? target.activity : null;
  const type = editing ? editing.type : (target as { type: ActivityType }).type;
  const period = hasPeriod(type);
  const canEdit = editing ? editing.abilities.edit : true;
  const busy = create.isPending || update.isPending || complete.isPending || remove.isPending;

  const set = <K extends keyof Draft>(k: K, v: Draft[K], field: string = k) => {
    setDraft((d) => ({ ...d, [k]: v }));
    form.clear(field);
  };
  const setStart = (v: string | null) => {
    setDraft((d) => ({ ...d, startAt: v, endAt: !endTouched && v ? addMinutes(v, DURATION[type] ?? 30) : d.endAt }));
    form.clear('startAt');
  };

  const localErrors = () => {
    const e: Record<string, string> = {};
    if (!draft.subject.trim()) e.subject = t('required');
    if (!draft.owner) e.owner = t('itemRequired');
    if (period && !draft.startAt) e.startAt = t('required');
    if (period && draft.startAt && draft.endAt && draft.endAt < draft.startAt) e.endAt = t('endBeforeStart');
    return e;
  };

  const patchOf = (a: Activity): ActivityPatch => ({
    version: a.version,
    subject: draft.subject.trim(),
    description: draft.description,
    responsibleId: draft.responsible?.id,
    ...(period ? { startAt: draft.startAt, endAt: draft.endAt, deadline: draft.startAt } : { deadline: draft.deadline }),
    ...(type === 'call' ? { direction: draft.direction } : {}),
    priority: draft.priority,
    remindBefore: draft.remindBefore,
    result: draft.result,
  });

  const save = async (markDone?: boolean) => {
    const errors = localErrors();
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    try {
      if (!editing) {
        const input: ActivityInput = {
          type,
          subject: draft.subject.trim(),
          description: draft.description || undefined,
          owner: { type: draft.owner!.type, id: draft.owner!.id },
          responsibleId: draft.responsible?.id,
          ...(period ? { startAt: draft.startAt, endAt: draft.endAt } : { deadline: draft.deadline }),
          ...(type === 'call' ? { direction: draft.direction } : {}),
          priority: draft.priority,
          remindBefore: draft.remindBefore,
          ...((type === 'email' || type === 'call') && draft.completed ? { completed: true } : {}),
        };
        await create.mutateAsync(input);
        showSuccess(t('created'));
      } else {
        let current = editing;
        if (canEdit) current = await update.mutateAsync({ id: editing.id, patch: patchOf(editing) });
        if (markDone !== undefined) {
          const done = await complete.mutateAsync({ id: editing.id, body: { completed: markDone, result: draft.result || undefined, version: current.version } });
          showUndoable(t(markDone ? 'completedToast' : 'reopenedToast', { subject: done.subject }), () => complete.mutateAsync({ id: done.id, body: { completed: !markDone } }).catch(showError));
        } else showSuccess(t('saved'));
      }
      onDone();
    } catch (e) {
      if (!form.fromError(e)) showError(e);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  const reminderValue = REMINDERS.find((r) => r.minutes === draft.remindBefore)?.value ?? (draft.remindBefore === null ? 'none' : 'other');
  const reminderData = [
    ...REMINDERS.map((r) => ({ value: r.value, label: t(`reminder.${r.value}`) })),
    ...(reminderValue === 'other' ? [{ value: 'other', label: t('reminder.other', { count: draft.remindBefore ?? 0 }) }] : []),
  ];

  if (confirmDelete && editing) {
    return (
      <Stack gap="md">
        <Text size="sm">{t('deleteHint', { subject: editing.subject })}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => setConfirmDelete(false)} disabled={busy}>
            {t('cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            data-autofocus
            onClick={async () => {
              try {
                await remove.mutateAsync(editing);
                showSuccess(t('deleted'));
                onDone();
              } catch (e) {
                showError(e);
              }
            }}
          >
            {t('delete')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={editing ? editing.subject : t(`newOf.${type}`)}>
      <Stack gap="sm">
        <FormError message={form.general} />
        {editing?.completed ? (
          <Badge color="green" variant="light" size="lg" radius="sm">
            {editing.completedAt ? t('completedAt', { date: formatWhen(editing.completedAt) }) : t('done')}
          </Badge>
        ) : null}
        <TextInput
          label={t('field.subject')}
          required
          data-autofocus
          value={draft.subject}
          onChange={(e) => set('subject', e.currentTarget.value)}
          error={form.errorOf('subject')}
          disabled={!canEdit}
          maxLength={500}
        />
        <OwnerField
          value={draft.owner}
          link={Boolean(editing)}
          locked={Boolean(editing) || (target.mode === 'create' && Boolean(target.ownerFixed))}
          error={form.errorOf('owner')}
          onChange={(v) => set('owner', v)}
        />
        {period ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <DateTimeInput label={t('field.start')} required value={draft.startAt} onChange={setStart} error={form.errorOf('startAt')} disabled={!canEdit} />
            <DateTimeInput
              label={t('field.end')}
              value={draft.endAt}
              onChange={(v) => {
                setEndTouched(true);
                set('endAt', v);
              }}
              error={form.errorOf('endAt')}
              disabled={!canEdit}
            />
          </SimpleGrid>
        ) : (
          <DateTimeInput label={t('field.deadline')} value={draft.deadline} onChange={(v) => set('deadline', v)} error={form.errorOf('deadline')} disabled={!canEdit} />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <UserPicker label={t('field.responsible')} value={draft.responsible} onChange={(u) => set('responsible', u, 'responsibleId')} error={form.errorOf('responsibleId')} disabled={!canEdit} />
          <Select
            label={t('field.reminder')}
            data={reminderData}
            value={reminderValue}
            allowDeselect={false}
            onChange={(v) => set('remindBefore', REMINDERS.find((r) => r.value === v)?.minutes ?? (v === 'other' ? draft.remindBefore : null))}
            error={form.errorOf('remindBefore')}
            disabled={!canEdit}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
        </SimpleGrid>
        <Group gap="lg" align="flex-start" wrap="wrap">
          {type === 'call' ? (
            <Input.Wrapper label={t('direction.label')}>
              <div>
                <SegmentedControl
                  value={draft.direction}
                  onChange={(v) => set('direction', v as ActivityDirection)}
                  disabled={!canEdit}
                  data={[
                    { value: 'outgoing', label: t('direction.outgoing') },
                    { value: 'incoming', label: t('direction.incoming') },
                  ]}
                />
              </div>
            </Input.Wrapper>
          ) : null}
          <Input.Wrapper label={t('priority.label')} error={form.errorOf('priority')}>
            <div>
              <SegmentedControl
                value={draft.priority}
                onChange={(v) => set('priority', v as ActivityPriority)}
                disabled={!canEdit}
                data={(['low', 'normal', 'high'] as const).map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              />
            </div>
          </Input.Wrapper>
        </Group>
        <Textarea
          label={t('field.description')}
          autosize
          minRows={2}
          maxRows={8}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={form.errorOf('description')}
          disabled={!canEdit}
        />
        {!editing && (type === 'email' || type === 'call') ? (
          <Checkbox label={t(type === 'email' ? 'field.completedEmail' : 'field.completedCall')} checked={draft.completed} onChange={(e) => set('completed', e.currentTarget.checked)} />
        ) : null}
        {editing ? (
          <Textarea
            label={t('field.result')}
            autosize
            minRows={2}
            maxRows={6}
            value={draft.result}
            onChange={(e) => set('result', e.currentTarget.value)}
            error={form.errorOf('result')}
            disabled={!canEdit}
          />
        ) : null}
        {editing?.taskId ? (
          <Anchor component={Link} to={`/tasks/task/${editing.taskId}`} size="sm">
            {t('openTask')}
          </Anchor>
        ) : null}
        {editing ? (
          <Text size="xs" c="dimmed">
            {t('author')}: {editing.author?.fullName ?? '—'}, {formatWhen(editing.createdAt)}
          </Text>
        ) : null}
        <Group justify="space-between" mt="xs" gap="sm">
          <Group gap="sm">
            {editing && editing.abilities.delete ? (
              <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)} disabled={busy}>
                {t('delete')}
              </Button>
            ) : null}
          </Group>
          <Group gap="sm">
            <Button variant="default" onClick={onDone} disabled={busy}>
              {t('cancel')}
            </Button>
            {editing && canEdit ? (
              <Button variant="light" color={editing.completed ? 'gray' : 'green'} onClick={() => void save(!editing.completed)} loading={complete.isPending}>
                {editing.completed ? t('reopen') : t('done')}
              </Button>
            ) : null}
            {canEdit ? (
              <Button type="submit" loading={create.isPending || (update.isPending && !complete.isPending)}>
                {editing ? t('save') : t('add')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
