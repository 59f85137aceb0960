import { Button, Group, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { showError } from '../../../ui/toasts';

/** One line to type a title into and add it (Enter adds): a checklist item, a group, a subtask. */
export function AddLine({ placeholder, label, onAdd, icon }: { placeholder: string; label: string; onAdd: (title: string) => Promise<unknown>; icon: ReactNode }) {
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!title.trim()) return;
    setBusy(true);
    try {
      await onAdd(title.trim());
      setTitle('');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap={6} wrap="nowrap">
      <TextInput
        size="xs"
        style={{ flex: 1 }}
        placeholder={placeholder}
        aria-label={placeholder}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void add();
          }
        }}
      />
      <Button size="xs" variant="light" leftSection={icon} onClick={() => void add()} loading={busy} disabled={!title.trim()}>
        {label}
      </Button>
    </Group>
  );
}
