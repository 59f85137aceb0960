import { Badge, Button, Group } from '@mantine/core';
import type { TaskCounterKind } from '@vavilon/contracts';
import { useTasksT } from '../i18n';
import { useTaskCounters } from './api';

const COLORS: Record<TaskCounterKind, string> = { overdue: 'red', comments: 'green', control: 'orange' };

/** «Просрочены N», «Новые комментарии N», «Ждут контроля N»: a click filters the list by it, a second click clears it. */
export function CountersBar({ active, onPick }: { active?: string; onPick: (kind: TaskCounterKind | undefined) => void }) {
  const { t } = useTasksT();
  const counters = useTaskCounters();
  const c = counters.data;
  return (
    <Group gap={6} role="group" aria-label={t('list.counters.label')}>
      {(['overdue', 'comments', 'control'] as const).map((kind) => {
        const n = c?.[kind] ?? 0;
        const on = active === kind;
        return (
          <Button
            key={kind}
            size="compact-sm"
            variant={on ? 'light' : 'subtle'}
            color={n ? COLORS[kind] : 'gray'}
            aria-pressed={on}
            data-counter={kind}
            onClick={() => onPick(on ? undefined : kind)}
            rightSection={
              <Badge size="sm" circle={n < 10} color={n ? COLORS[kind] : 'gray'} variant={n ? 'filled' : 'light'}>
                {c ? n : '…'}
              </Badge>
            }
          >
            {t(`list.counters.${kind}`)}
          </Button>
        );
      })}
    </Group>
  );
}
