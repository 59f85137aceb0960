import { ActionIcon, Button, Checkbox, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useKitT } from '../kit-i18n';

export interface ChooserColumn {
  id: string;
  title: string;
  defaultVisible?: boolean;
}

/** The gear at the header's left: which columns the list shows, in the columns' order. */
export function ColumnChooser({ columns, visible, onChange }: { columns: ChooserColumn[]; visible: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useKitT();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<string[]>(visible);
  useEffect(() => {
    if (opened) setDraft(visible);
  }, [opened]);
  const toggle = (id: string, on: boolean) => setDraft((d) => (on ? columns.map((c) => c.id).filter((k) => d.includes(k) || k === id) : d.filter((k) => k !== id)));
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
                <Checkbox key={c.id} label={c.title} checked={draft.includes(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} size="sm" />
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Group justify="space-between" gap="xs">
            <Button variant="subtle" size="compact-sm" onClick={() => setDraft(columns.filter((c) => c.defaultVisible !== false).map((c) => c.id))}>
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
