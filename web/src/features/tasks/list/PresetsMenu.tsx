import { ActionIcon, Button, Group, Menu, Modal, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconPencil, IconTrash } from '@tabler/icons-react';
import type { TaskFilterPreset } from '@vavilon/contracts';
import { useState } from 'react';
import { showError } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { usePresetWrites } from './api';

/** «Фильтры»: the user's saved filters, to apply, rename or delete (saving is in the filter panel). */
export function PresetsMenu({ presets, onApply }: { presets: TaskFilterPreset[]; onApply: (p: TaskFilterPreset) => void }) {
  const { t } = useTasksT();
  const writes = usePresetWrites();
  const [renaming, setRenaming] = useState<TaskFilterPreset | null>(null);
  const [name, setName] = useState('');
  return (
    <>
      <Menu position="bottom-end" width={280} withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            {t('list.presets.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {presets.length ? (
            presets.map((p) => (
              <Group key={p.id} gap={2} wrap="nowrap" px={4}>
                <Menu.Item onClick={() => onApply(p)} aria-label={t('list.presets.apply', { name: p.name })} style={{ flex: 1 }}>
                  {p.name}
                </Menu.Item>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`${t('list.presets.rename')}: ${p.name}`}
                  onClick={() => {
                    setRenaming(p);
                    setName(p.name);
                  }}
                >
                  <IconPencil size={14} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={`${t('list.presets.delete')}: ${p.name}`} onClick={() => writes.remove.mutate(p.id, { onError: showError })}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            ))
          ) : (
            <Text size="sm" c="dimmed" p="sm">
              {t('list.presets.empty')}
            </Text>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={t('list.presets.renameTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!renaming || !name.trim()) return;
            writes.rename.mutate({ id: renaming.id, name: name.trim() }, { onSuccess: () => setRenaming(null), onError: showError });
          }}
        >
          <TextInput label={t('list.presets.renameTitle')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end" mt="md">
            <Button type="submit" disabled={!name.trim()} loading={writes.rename.isPending}>
              {t('list.presets.save')}
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
