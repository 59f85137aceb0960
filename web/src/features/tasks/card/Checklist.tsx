import { ActionIcon, Badge, Checkbox, Group, Progress, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowUp, IconFolderPlus, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ChecklistItem, Task, TaskCard } from '@vavilon/contracts';
import { showError } from '../../../ui/toasts';
import { AddLine } from './AddLine';
import { useTasksT } from '../i18n';
import { useCardWrites } from './api';
import classes from './card.module.css';

/** «Чек-лист»: groups of lines, each line assigned and ticked; who may edit the task builds it, accomplices tick. */
export function Checklist({ task, card, meId }: { task: Task; card: TaskCard; meId: number | null }) {
  const { t } = useTasksT();
  const w = useCardWrites(task.id);
  const items = card.checklist;
  const lines = items.filter((i) => !i.isGroup);
  const done = lines.filter((i) => i.isComplete).length;
  const groups = items.filter((i) => i.isGroup);
  const loose = items.filter((i) => !i.isGroup && i.parentId === null);
  const can = card.abilities;
  const people = [task.creator, task.responsible, ...task.accomplices, ...task.auditors].filter((u, i, all): u is NonNullable<typeof u> => !!u && all.findIndex((x) => x?.id === u.id) === i);
  const run = (p: Promise<unknown>) => p.catch(showError);

  const line = (item: ChecklistItem, siblings: ChecklistItem[]) => {
    const mayTick = can.tickChecklist || (meId !== null && item.assignee?.id === meId);
    const at = siblings.indexOf(item);
    return (
      <Group key={item.id} gap={8} wrap="nowrap" className={classes.checkLine} data-testid="checklist-item">
        <Checkbox
          checked={item.isComplete}
          disabled={!mayTick}
          aria-label={t('checklist.tick', { title: item.title })}
          onChange={(e) => void run(w.updateItem.mutateAsync({ id: item.id, patch: { isComplete: e.currentTarget.checked } }))}
        />
        <Text size="sm" style={{ flex: 1, textDecoration: item.isComplete ? 'line-through' : undefined }} c={item.isComplete ? 'dimmed' : undefined}>
          {item.title}
          {item.completedBy ? (
            <Text span size="xs" c="dimmed" ml={6}>
              {t('checklist.tickedBy', { name: item.completedBy.fullName })}
            </Text>
          ) : null}
        </Text>
        {can.editChecklist ? (
          <Select
            size="xs"
            w={170}
            placeholder={t('checklist.assignee')}
            aria-label={t('checklist.assignee')}
            data={people.map((u) => ({ value: String(u.id), label: u.fullName }))}
            value={item.assignee ? String(item.assignee.id) : null}
            onChange={(v) => void run(w.updateItem.mutateAsync({ id: item.id, patch: { assigneeId: v ? Number(v) : null } }))}
            clearable
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
        ) : item.assignee ? (
          <Badge variant="light" color="gray" size="sm">
            {item.assignee.fullName}
          </Badge>
        ) : null}
        {can.editChecklist ? (
          <>
            <Tooltip label={t('checklist.up', { title: item.title })}>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                disabled={at <= 0}
                aria-label={t('checklist.up', { title: item.title })}
                onClick={() => {
                  const ids = siblings.map((s) => s.id);
                  [ids[at - 1], ids[at]] = [ids[at]!, ids[at - 1]!];
                  void run(w.reorder.mutateAsync(ids));
                }}
              >
                <IconArrowUp size={14} />
              </ActionIcon>
            </Tooltip>
            <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('checklist.remove', { title: item.title })} onClick={() => void run(w.deleteItem.mutateAsync(item.id))}>
              <IconTrash size={14} />
            </ActionIcon>
          </>
        ) : null}
      </Group>
    );
  };

  return (
    <Stack gap="sm">
      {lines.length ? (
        <Group gap="sm">
          <Progress value={(done / lines.length) * 100} style={{ flex: 1 }} size="sm" color="teal" aria-label={t('checklist.title')} />
          <Text size="xs" c="dimmed">
            {t('checklist.done', { done, total: lines.length })}
          </Text>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('checklist.empty')}
        </Text>
      )}
      {loose.length ? <Stack gap={4}>{loose.map((i) => line(i, loose))}</Stack> : null}
      {groups.map((g) => {
        const own = items.filter((i) => i.parentId === g.id);
        return (
          <div key={g.id} className={classes.checkGroup} role="group" aria-label={g.title}>
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={600}>
                {g.title}{' '}
                <Text span size="xs" c="dimmed">
                  {t('checklist.done', { done: own.filter((i) => i.isComplete).length, total: own.length })}
                </Text>
              </Text>
              {can.editChecklist ? (
                <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('checklist.remove', { title: g.title })} onClick={() => void run(w.deleteItem.mutateAsync(g.id))}>
                  <IconTrash size={14} />
                </ActionIcon>
              ) : null}
            </Group>
            <Stack gap={4}>{own.map((i) => line(i, own))}</Stack>
            {can.editChecklist ? (
              <div style={{ marginTop: 6 }}>
                <AddLine
                  placeholder={`${t('checklist.itemPlaceholder')} (${g.title})`}
                  label={t('checklist.add')}
                  icon={<IconPlus size={14} />}
                  onAdd={(title) => w.addItem.mutateAsync({ title, parentId: g.id })}
                />
              </div>
            ) : null}
          </div>
        );
      })}
      {can.editChecklist ? (
        <Stack gap={6}>
          <AddLine placeholder={t('checklist.itemPlaceholder')} label={t('checklist.add')} icon={<IconPlus size={14} />} onAdd={(title) => w.addItem.mutateAsync({ title })} />
          <AddLine
            placeholder={t('checklist.groupPlaceholder')}
            label={t('checklist.addGroup')}
            icon={<IconFolderPlus size={14} />}
            onAdd={(title) => w.addItem.mutateAsync({ title, isGroup: true })}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}
