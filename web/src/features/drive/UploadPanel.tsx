import { ActionIcon, Button, Card, FileButton, Group, Progress, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconChevronDown, IconChevronUp, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { formatBytes } from './format';
import { useDriveT } from './i18n';
import { cancelUpload, clearFinished, restoreUnfinished, resumeOrphan, resumeUpload, useUploads, type UploadEntry } from './uploads';
import classes from './drive.module.css';

/** The panel of uploads at the bottom right: a bar per file and overall, cancel, «Продолжить» after a break. */
export function UploadPanel() {
  const { t } = useDriveT();
  const list = useUploads();
  const [collapsed, setCollapsed] = useState(false);
  useEffect(() => void restoreUnfinished(), []);
  if (!list.length) return null;
  const total = list.reduce((n, e) => n + e.size, 0);
  const sent = list.reduce((n, e) => n + (e.status === 'done' ? e.size : e.sent), 0);
  const finished = list.filter((e) => e.status === 'done').length;
  const active = list.some((e) => e.status === 'uploading' || e.status === 'queued');
  const overall = total ? Math.round((sent / total) * 100) : 0;
  return (
    <Card className={classes.uploads} shadow="lg" p={0} role="region" aria-label={t('uploads')}>
      <Group justify="space-between" px="md" py="xs" className={classes.uploadsHead}>
        <Text size="sm" fw={600} aria-live="polite">
          {active ? t('uploading', { done: finished, total: list.length }) : t('uploadsDone', { count: finished })}
        </Text>
        <Group gap={4}>
          {!active ? (
            <Button size="compact-xs" variant="subtle" onClick={clearFinished}>
              {t('clearDone')}
            </Button>
          ) : null}
          <ActionIcon variant="subtle" color="gray" aria-label={collapsed ? t('open') : t('close')} onClick={() => setCollapsed((c) => !c)}>
            {collapsed ? <IconChevronUp size={16} /> : <IconChevronDown size={16} />}
          </ActionIcon>
        </Group>
      </Group>
      <Progress value={overall} size="xs" radius={0} aria-label={t('overall')} color={list.some((e) => e.status === 'error' || e.status === 'paused') ? 'orange' : 'teal'} />
      {!collapsed ? (
        <div className={classes.uploadList}>
          {list.map((e) => (
            <UploadRow key={e.key} e={e} />
          ))}
        </div>
      ) : null}
    </Card>
  );
}

function UploadRow({ e }: { e: UploadEntry }) {
  const { t } = useDriveT();
  const pct = e.size ? Math.round(((e.status === 'done' ? e.size : e.sent) / e.size) * 100) : 0;
  const color = e.status === 'error' ? 'red' : e.status === 'paused' ? 'orange' : e.status === 'done' ? 'teal' : 'blue';
  return (
    <div className={classes.uploadRow} data-status={e.status}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" truncate title={e.relativePath ?? e.name} style={{ flex: 1, minWidth: 0 }}>
          {e.relativePath ?? e.name}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {e.status === 'done' ? formatBytes(e.size) : `${formatBytes(e.sent)} / ${formatBytes(e.size)}`}
        </Text>
        {e.status === 'done' ? <IconCheck size={16} color="var(--mantine-color-teal-6)" aria-label={t('done')} /> : null}
        {e.status === 'paused' && !e.orphan ? (
          <Button size="compact-xs" variant="light" leftSection={<IconPlayerPlay size={12} />} onClick={() => resumeUpload(e.key)}>
            {t('resume')}
          </Button>
        ) : null}
        {e.status === 'paused' && e.orphan ? (
          <FileButton onChange={(f) => f && resumeOrphan(e.key, f)}>
            {(props) => (
              <Button {...props} size="compact-xs" variant="light" leftSection={<IconPlayerPlay size={12} />}>
                {t('resume')}
              </Button>
            )}
          </FileButton>
        ) : null}
        {e.status !== 'done' ? (
          <Tooltip label={t('cancelUpload', { name: e.name })}>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('cancelUpload', { name: e.name })} onClick={() => cancelUpload(e.key)}>
              <IconX size={14} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
      <Progress value={pct} size="sm" mt={4} color={color} aria-label={t('progressOf', { name: e.name })} animated={e.status === 'uploading'} />
      {e.error ? (
        <Text size="xs" c={e.status === 'error' ? 'red' : 'orange.8'} mt={4} role={e.status === 'error' ? 'alert' : undefined}>
          {e.error}
        </Text>
      ) : null}
    </div>
  );
}
