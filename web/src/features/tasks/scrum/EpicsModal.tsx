import { ActionIcon, Button, ColorInput, Group, Modal, Stack, TextInput } from '@mantine/core';
import { IconCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Epic } from '@vavilon/contracts';
import { useState } from 'react';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showError, showSuccess } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useScrumWrites } from './api';

const SWATCHES = ['#2fc6f6', '#9dcf00', '#ffa900', '#ff5752', '#55d0e0', '#a861ab', '#3bc8f5', '#00b4ac'];

/** «Эпики»: add, rename, recolour and delete the project's epics. */
export function EpicsModal({ groupId, epics, onClose }: { groupId: number; epics: Epic[]; onClose: () => void }) {
  const { t } = useTasksT();
  const writes = useScrumWrites(groupId);
  const form = useServerForm();
  const [title, setTitle] = useState('');
  const [color, setColor] = useState(SWATCHES[epics.length % SWATCHES.length]!);
  const add = async () => {
    if (!title.trim()) return;
    try {
      const epic = await writes.createEpic.mutateAsync({ title: title.trim(), color });
      showSuccess(t('scrum.epicSaved', { title: epic.title }));
      setTitle('');
      setColor(SWATCHES[(epics.length + 1) % SWATCHES.length]!);
    } catch (e) {
      form.fromError(e);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('scrum.epics')} centered size="lg">
      <Stack gap="sm">
        {epics.map((e) => (
          <EpicRow key={`${e.id}-${e.version}`} groupId={groupId} epic={e} />
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <FormError message={form.general} />
          <Group align="flex-end" gap="xs">
            <TextInput
              label={t('scrum.newEpic')}
              placeholder={t('scrum.epicTitle')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={form.errorOf('title')}
              style={{ flex: 1 }}
            />
            <ColorInput label={t('scrum.epicColor')} value={color} onChange={setColor} swatches={SWATCHES} w={130} format="hex" error={form.errorOf('color')} />
            <Button type="submit" leftSection={<IconPlus size={14} />} loading={writes.createEpic.isPending}>
              {t('scrum.add')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Modal>
  );
}

function EpicRow({ groupId, epic }: { groupId: number; epic: Epic }) {
  const { t } = useTasksT();
  const writes = useScrumWrites(groupId);
  const [title, setTitle] = useState(epic.title);
  const [color, setColor] = useState(epic.color);
  const changed = title.trim() !== epic.title || color !== epic.color;
  const save = async () => {
    try {
      const saved = await writes.updateEpic.mutateAsync({ id: epic.id, patch: { title: title.trim(), color, version: epic.version } });
      showSuccess(t('scrum.epicSaved', { title: saved.title }));
    } catch (e) {
      showError(e);
    }
  };
  const remove = async () => {
    try {
      await writes.deleteEpic.mutateAsync(epic.id);
      showSuccess(t('scrum.epicDeleted', { title: epic.title }));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Group gap="xs" role="group" aria-label={epic.title}>
      <TextInput aria-label={t('scrum.epicTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} style={{ flex: 1 }} />
      <ColorInput aria-label={t('scrum.epicColor')} value={color} onChange={setColor} swatches={SWATCHES} w={130} format="hex" />
      <ActionIcon variant="light" color="teal" disabled={!changed || !title.trim()} onClick={() => void save()} aria-label={`${t('scrum.save')}: ${epic.title}`}>
        <IconCheck size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" onClick={() => void remove()} aria-label={`${t('scrum.deleteEpic')}: ${epic.title}`}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
