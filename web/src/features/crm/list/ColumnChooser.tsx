import { ActionIcon, Button, Checkbox, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useCrmT } from '../i18n';
import type { ListColumn } from '../types';

/** The gear at the header's left: which columns the list shows (remembered per user). */
export function ColumnChooser({ columns, visible, onChange }: { columns: ListColumn[]; visible: string[]; onChange: (keys: string[]) => void }) {
  const { t } = useCrmT();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<string[]>(visible);
  useEffect(() => {
    if (opened) setDraft(visible);
  }, [opened]);
  const toggle = (key: string, on: boolean) => setDraft((d) => (on ? columns.map((c) => c.key).filter((k) => d.includes(k) || k === key) : d.filter((k) => k !== key)));
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" width={300} withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('list.columnsChooser')} onClick={() => setOpened((o) => !o)}>
          <IconSettings size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label={t('list.columnsTitle')}>
          <Text fw={600} size="sm">
            {t('list.columnsTitle')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('list.columnsHint')}
          </Text>
          <ScrollArea.Autosize mah={320} type="auto">
            <Stack gap={6} py={4}>
              {columns.map((c) => (
                <Checkbox key={c.key} label={c.label} checked={draft.includes(c.key)} onChange={(e) => toggle(c.key, e.currentTarget.checked)} size="sm" />
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Group justify="space-between" gap="xs">
            <Button variant="subtle" size="compact-sm" onClick={() => setDraft(columns.filter((c) => c.byDefault).map((c) => c.key))}>
              {t('list.columnsReset')}
            </Button>
            <Group gap="xs">
              <Button variant="default" size="compact-sm" onClick={() => setOpened(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                size="compact-sm"
                disabled={draft.length === 0}
                onClick={() => {
                  onChange(draft);
                  setOpened(false);
                }}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
