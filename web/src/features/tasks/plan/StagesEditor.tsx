import { ActionIcon, Button, ColorSwatch, Drawer, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import type { PlanStage } from '@vavilon/contracts';
import { useState, type KeyboardEvent } from 'react';
import { isApiError } from '../../../api/client';
import { showUndoable } from '../../../ui/toasts';
import { tasksT, useTasksT } from '../i18n';
import { usePlanStages } from './api';
import './i18n';

const PALETTE = ['#00c4fb', '#47d1e2', '#75d900', '#ffab00', '#ff8f30', '#ff5752', '#e869c9', '#9f7be6', '#468ee5', '#a8adb4'];

const fieldError = (e: unknown) => (isApiError(e) ? (e.fields[0]?.message ?? e.message) : e instanceof Error ? e.message : null);

/** «Этапы»: the user's stages of «Мой план»: add, rename, recolour, reorder, delete. */
export function StagesEditor({ opened, onClose, stages }: { opened: boolean; onClose: () => void; stages: PlanStage[] }) {
  const { t } = useTasksT();
  const w = usePlanStages();
  const [title, setTitle] = useState('');
  const add = async () => {
    const v = title.trim();
    if (!v) return;
    const made = await w.create.mutateAsync({ title: v, color: PALETTE[stages.length % PALETTE.length] });
    setTitle('');
    showUndoable(tasksT('plan.added', { title: made.title }));
  };
  const swap = (i: number, j: number) => {
    const ids = stages.map((s) => s.id);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    w.order.mutate(ids);
  };
  return (
    <Drawer opened={opened} onClose={onClose} position="right" title={t('plan.stagesTitle')} size="md">
      <Text size="sm" c="dimmed" mb="md">
        {t('plan.stagesHint')}
      </Text>
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('plan.stages')}>
        {stages.map((s, i) => (
          <StageRow key={s.id} stage={s} target={stages[i === 0 ? 1 : 0]} index={i} count={stages.length} onUp={() => swap(i, i - 1)} onDown={() => swap(i, i + 1)} />
        ))}
      </Stack>
      <Group mt="lg" gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          aria-label={t('plan.newStage')}
          placeholder={t('plan.newStage')}
          value={title}
          maxLength={100}
          onChange={(e) => setTitle(e.currentTarget.value)}
          onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
          error={fieldError(w.create.error)}
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => void add()} loading={w.create.isPending} disabled={!title.trim()}>
          {t('plan.addStage')}
        </Button>
      </Group>
      <Group justify="flex-end" mt="xl">
        <Button variant="default" onClick={onClose}>
          {t('plan.close')}
        </Button>
      </Group>
    </Drawer>
  );
}

function StageRow({ stage, target, index, count, onUp, onDown }: { stage: PlanStage; target: PlanStage | undefined; index: number; count: number; onUp: () => void; onDown: () => void }) {
  const { t } = useTasksT();
  const w = usePlanStages();
  const [title, setTitle] = useState(stage.title);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rename = async () => {
    const v = title.trim();
    if (v === stage.title) return;
    try {
      await w.update.mutateAsync({ id: stage.id, patch: { title: v } });
      setError(null);
    } catch (e) {
      setError(fieldError(e));
    }
  };
  return (
    <li>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <TextInput
          style={{ flex: 1 }}
          aria-label={t('plan.stageTitle')}
          value={title}
          maxLength={100}
          onChange={(e) => setTitle(e.currentTarget.value)}
          onBlur={() => void rename()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void rename();
          }}
          error={error}
          leftSection={<ColorSwatch color={stage.color} size={14} />}
        />
        <Popover width={220} position="bottom-end" withArrow>
          <Popover.Target>
            <ActionIcon variant="default" size="lg" aria-label={t('plan.stageColor', { title: stage.title })}>
              <ColorSwatch color={stage.color} size={18} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <Group gap={6}>
              {PALETTE.map((c) => (
                <ColorSwatch
                  key={c}
                  component="button"
                  type="button"
                  color={c}
                  size={26}
                  aria-label={c}
                  aria-pressed={c === stage.color}
                  onClick={() => w.update.mutate({ id: stage.id, patch: { color: c } })}
                  style={{ color: '#fff', cursor: 'pointer' }}
                >
                  {c === stage.color ? <IconCheck size={14} /> : null}
                </ColorSwatch>
              ))}
            </Group>
          </Popover.Dropdown>
        </Popover>
        <ActionIcon variant="default" size="lg" aria-label={t('plan.up', { title: stage.title })} disabled={index === 0} onClick={onUp}>
          <IconArrowUp size={16} />
        </ActionIcon>
        <ActionIcon variant="default" size="lg" aria-label={t('plan.down', { title: stage.title })} disabled={index === count - 1} onClick={onDown}>
          <IconArrowDown size={16} />
        </ActionIcon>
        <Popover opened={confirm} onChange={setConfirm} width={260} position="bottom-end" withArrow>
          <Popover.Target>
            <ActionIcon variant="default" color="red" size="lg" aria-label={t('plan.remove', { title: stage.title })} disabled={count === 1} onClick={() => setConfirm((o) => !o)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <Text size="sm" mb="sm">
              {t('plan.removeConfirm', { title: stage.title, first: target?.title ?? '' })}
            </Text>
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setConfirm(false)}>
                {t('plan.cancel')}
              </Button>
              <Button
                size="xs"
                color="red"
                loading={w.remove.isPending}
                onClick={async () => {
                  await w.remove.mutateAsync(stage.id);
                  setConfirm(false);
                  showUndoable(tasksT('plan.removed', { title: stage.title }));
                }}
              >
                {t('plan.remove', { title: stage.title })}
              </Button>
            </Group>
          </Popover.Dropdown>
        </Popover>
      </Group>
    </li>
  );
}
