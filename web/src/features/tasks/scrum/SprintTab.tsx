import { Avatar, Badge, Button, Group, Modal, Radio, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconFlagCheck, IconLock, IconRun } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { SCRUM_COLUMNS, type ScrumBoard, type ScrumColumn, type ScrumItem, type Sprint } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { formatDate } from '../../../ui/format';
import { KanbanBoard, type BoardColumn } from '../../../ui/kanban';
import { showError, showSuccess } from '../../../ui/toasts';
import { tasksKeys } from '../api';
import { useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { moveScrumItem, useScrumWrites } from './api';

const COLORS: Record<ScrumColumn, string> = { pending: '#55d0e0', in_progress: '#2fc6f6', review: '#ffa900', completed: '#9dcf00' };
/** A deferred task waits with those not started. */
const columnOf = (i: ScrumItem): ScrumColumn => (i.status === 'deferred' ? 'pending' : i.status);

const daysLeft = (end: string) => Math.ceil((Date.parse(`${end}T23:59:59`) - Date.now()) / 86_400_000);

/** «Активный спринт»: the running sprint's Kanban (a drag changes the task's status by its own rules) and «Завершить спринт». */
export function SprintTab({ groupId, board }: { groupId: number; board: ScrumBoard }) {
  const { t } = useTasksT();
  const qc = useQueryClient();
  const open = useOpenTask();
  const [completing, setCompleting] = useState(false);
  const sprint = board.sprints.find((s) => s.status === 'active');
  const epics = useMemo(() => new Map(board.epics.map((e) => [e.id, e])), [board.epics]);
  const columns: BoardColumn<ScrumItem, ScrumColumn>[] | undefined = useMemo(
    () =>
      sprint
        ? SCRUM_COLUMNS.map((c) => {
            const cards = sprint.items.filter((i) => columnOf(i) === c);
            return { id: c, title: t(`status.${c}`), color: COLORS[c], count: cards.length, total: cards.reduce((s, i) => s + (i.storyPoints ?? 0), 0), cards };
          })
        : undefined,
    [sprint, t],
  );
  if (!sprint || !columns)
    return (
      <EmptyState
        icon={<IconRun size={30} />}
        title={t('scrum.noSprint')}
        description={t('scrum.noSprintText')}
        action={
          <Button component={Link} to={`/tasks/scrum/${groupId}/planning`} variant="light">
            {t('scrum.toPlanning')}
          </Button>
        }
      />
    );
  const left = sprint.dateEnd ? daysLeft(sprint.dateEnd) : null;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap={8}>
            <Title order={3} fz="lg" fw={600}>
              {sprint.title}
            </Title>
            {sprint.dateStart && sprint.dateEnd ? (
              <Text size="sm" c="dimmed">
                {t('scrum.dates', { from: formatDate(sprint.dateStart), to: formatDate(sprint.dateEnd) })}
              </Text>
            ) : null}
            {left !== null ? (
              <Badge color={left < 0 ? 'red' : 'blue'} variant="light">
                {left < 0 ? t('scrum.sprintOver') : t('scrum.daysLeft', { count: left })}
              </Badge>
            ) : null}
            <Badge color="teal" variant="light" aria-label={t('scrum.pointsDone', { done: sprint.donePoints, points: sprint.points })}>
              {t('scrum.pointsDone', { done: sprint.donePoints, points: sprint.points })}
            </Badge>
          </Group>
          {sprint.goal ? (
            <Text size="sm" c="dimmed">
              {sprint.goal}
            </Text>
          ) : null}
        </Stack>
        <Button leftSection={<IconFlagCheck size={16} />} onClick={() => setCompleting(true)}>
          {t('scrum.completeSprint')}
        </Button>
      </Group>
      <KanbanBoard<ScrumItem, ScrumColumn>
        label={t('scrum.board', { title: sprint.title })}
        columns={columns}
        cardId={(c) => c.id}
        cardLabel={(c) => c.title}
        cardValue={(c) => c.storyPoints ?? 0}
        renderTotal={(c) => t('scrum.pointsSum', { points: c.total ?? 0 })}
        canDrag={(c) => c.changeStatus}
        onOpen={(c) => open(c.id)}
        moveMessage={(c, to) => t('scrum.moved', { title: c.title, to: to.title })}
        onMove={async (m) => {
          const saved = await moveScrumItem(groupId, m.card.id, m.to, m.card.version);
          void qc.invalidateQueries({ queryKey: tasksKeys.all });
          return saved;
        }}
        onMoveFailed={() => void qc.invalidateQueries({ queryKey: tasksKeys.all })}
        renderCard={(c) => {
          const epic = c.epicId ? epics.get(c.epicId) : undefined;
          return (
            <Stack gap={6}>
              <Text size="sm" fw={500} lineClamp={2}>
                {c.title}
              </Text>
              <Group justify="space-between" gap={6} wrap="nowrap">
                <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                  {epic ? (
                    <Badge size="xs" variant="light" style={{ background: `${epic.color}33`, color: '#1f2d3d' }}>
                      {epic.title}
                    </Badge>
                  ) : null}
                  {c.status === 'deferred' ? (
                    <Badge size="xs" color="gray" variant="light">
                      {t('scrum.deferred')}
                    </Badge>
                  ) : null}
                  {!c.changeStatus ? (
                    <Tooltip label={t('scrum.readOnly')}>
                      <IconLock size={14} aria-label={t('scrum.readOnly')} />
                    </Tooltip>
                  ) : null}
                </Group>
                <Group gap={6} wrap="nowrap">
                  {c.storyPoints !== null ? (
                    <Badge size="sm" variant="filled" color="indigo" aria-label={`${t('scrum.points')}: ${c.storyPoints}`}>
                      {c.storyPoints}
                    </Badge>
                  ) : null}
                  {c.responsible ? <Avatar size={22} name={c.responsible.fullName} color="initials" src={c.responsible.photoUrl ?? undefined} alt={c.responsible.fullName} /> : null}
                </Group>
              </Group>
            </Stack>
          );
        }}
      />
      {completing ? <CompleteDialog groupId={groupId} sprint={sprint} planned={board.sprints.filter((s) => s.status === 'planned')} onClose={() => setCompleting(false)} /> : null}
    </Stack>
  );
}

/** «Завершить спринт»: where the unfinished items go — the backlog or a planned sprint. */
function CompleteDialog({ groupId, sprint, planned, onClose }: { groupId: number; sprint: Sprint; planned: Sprint[]; onClose: () => void }) {
  const { t } = useTasksT();
  const writes = useScrumWrites(groupId);
  const [to, setTo] = useState<string>(planned[0] ? String(planned[0].id) : 'backlog');
  const done = sprint.items.filter((i) => i.status === 'completed').length;
  const submit = async () => {
    try {
      const saved = await writes.completeSprint.mutateAsync({ id: sprint.id, body: { version: sprint.version, carryOverSprintId: to === 'backlog' ? null : Number(to) } });
      showSuccess(t('scrum.sprintCompleted', { title: saved.title, points: saved.completedPoints ?? 0 }));
      onClose();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('scrum.completeTitle', { title: sprint.title })} centered>
      <Stack gap="sm">
        <Text size="sm">{t('scrum.completeText', { done, total: sprint.items.length, donePoints: sprint.donePoints, points: sprint.points })}</Text>
        <Radio.Group value={to} onChange={setTo} aria-label={t('scrum.completeSprint')}>
          <Stack gap={8}>
            <Radio value="backlog" label={t('scrum.carryToBacklog')} />
            {planned.map((s) => (
              <Radio key={s.id} value={String(s.id)} label={t('scrum.carryToSprint', { title: s.title })} />
            ))}
          </Stack>
        </Radio.Group>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('scrum.cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={writes.completeSprint.isPending}>
            {t('scrum.completeSprint')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
