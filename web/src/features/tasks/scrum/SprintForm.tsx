import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import type { Sprint } from '@vavilon/contracts';
import { useState } from 'react';
import { DateInput } from '../../../ui/fields';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useScrumWrites } from './api';

const today = (plus = 0) => {
  const d = new Date(Date.now() + plus * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** «Создать спринт» / «Изменить спринт»: name, goal, dates; the server's refusals under their fields. */
export function SprintForm({ groupId, sprint, count, onClose }: { groupId: number; sprint: Sprint | null; count: number; onClose: () => void }) {
  const { t } = useTasksT();
  const writes = useScrumWrites(groupId);
  const form = useServerForm();
  const [title, setTitle] = useState(sprint?.title ?? `Спринт ${count + 1}`);
  const [goal, setGoal] = useState(sprint?.goal ?? '');
  const [dateStart, setStart] = useState(sprint?.dateStart ?? today());
  const [dateEnd, setEnd] = useState(sprint?.dateEnd ?? today(13));
  const busy = writes.createSprint.isPending || writes.updateSprint.isPending;
  const submit = async () => {
    if (!title.trim()) return form.setErrors({ title: t('scrum.sprintTitle') });
    const body = { title: title.trim(), goal, dateStart: dateStart || null, dateEnd: dateEnd || null };
    try {
      const saved = sprint ? await writes.updateSprint.mutateAsync({ id: sprint.id, patch: { ...body, version: sprint.version } }) : await writes.createSprint.mutateAsync(body);
      showSuccess(t(sprint ? 'scrum.sprintSaved' : 'scrum.sprintCreated', { title: saved.title }));
      onClose();
    } catch (e) {
      form.fromError(e);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t(sprint ? 'scrum.editSprint' : 'scrum.newSprint')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <FormError message={form.general} />
          <TextInput label={t('scrum.sprintTitle')} required value={title} onChange={(e) => (setTitle(e.currentTarget.value), form.clear('title'))} error={form.errorOf('title')} data-autofocus />
          <Textarea label={t('scrum.sprintGoal')} value={goal} onChange={(e) => setGoal(e.currentTarget.value)} autosize minRows={2} error={form.errorOf('goal')} />
          <Group grow>
            <DateInput label={t('scrum.dateStart')} value={dateStart ?? ''} onChange={(v) => (setStart(v), form.clear('dateStart'))} error={form.errorOf('dateStart')} />
            <DateInput label={t('scrum.dateEnd')} value={dateEnd ?? ''} onChange={(v) => (setEnd(v), form.clear('dateEnd'))} error={form.errorOf('dateEnd')} />
          </Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('scrum.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('scrum.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
