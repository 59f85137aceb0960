import { Alert, Badge, Button, Card, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconAlertTriangle, IconFlame, IconLock } from '@tabler/icons-react';
import type { Task, TaskAction } from '@vavilon/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/client';
import { useMeQuery } from '../../auth/api';
import { RecordCard, RecordCardError, RecordCardSkeleton, RecordSection } from '../../../ui/record-card';
import { formatDateTime } from '../../../ui/format';
import { showError, showSuccess } from '../../../ui/toasts';
import { tasksKeys, useTask, useTaskWrites } from '../api';
import { useTasksT } from '../i18n';
import { taskPath } from '../navigation';
import { markViewed, useTaskCard } from './api';
import { CrmLinksSection } from '../signals/CrmLinks';
import { RemindersSection } from '../signals/Reminders';
import { Checklist } from './Checklist';
import { RichTextView } from '../../../ui/comments';
import { Comments } from './Comments';
import { History } from './History';
import { Results } from './Results';
import { Subtasks } from './Subtasks';
import { TaskForm } from './TaskForm';
import { TimeTracking, TimerButton } from './TimeTracking';
import classes from './card.module.css';
import './i18n';

/** The status actions the card offers in each status, as the server allows them. */
const ACTIONS: Record<Task['status'], TaskAction[]> = {
  pending: ['start', 'complete', 'defer'],
  in_progress: ['pause', 'complete', 'defer'],
  review: ['approve', 'disapprove'],
  completed: ['renew'],
  deferred: ['renew'],
};
const STATUS_COLOR: Record<Task['status'], string> = { pending: 'gray', in_progress: 'blue', review: 'orange', completed: 'teal', deferred: 'yellow' };

export interface TaskCardViewProps {
  id: number;
  mode: 'slider' | 'page';
  onClose: () => void;
  onDirtyChange?: (dirty: boolean) => void;
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </>
  );
}

/** A task's card: status and its actions, description, checklist, result, subtasks, time, comments and history; its people and dates at the side. */
export function TaskCardView({ id, mode, onClose, onDirtyChange }: TaskCardViewProps) {
  const { t } = useTasksT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMeQuery(true).data?.user ?? null;
  const task = useTask(id || null);
  const card = useTaskCard(id || null);
  const writes = useTaskWrites();
  // The task as it was when «Изменить» was pressed: the form edits that version, so a newer one saved meanwhile shows the banner instead of replacing the user's draft.
  const [editBase, setEditBase] = useState<Task | null>(null);
  const editing = editBase !== null;
  const setEditing = (on: boolean) => setEditBase(on ? (task.data ?? null) : null);
  const [refused, setConflict] = useState(false);
  const conflict = refused || (!!editBase && !!task.data && task.data.version !== editBase.version);
  const [tab, setTab] = useState<string | null>('comments');
  useEffect(() => onDirtyChange?.(editing && id !== 0), [editing, id, onDirtyChange]);
  useEffect(() => {
    if (id && task.data) markViewed(id);
  }, [id, !!task.data]);

  const mePicked = me ? { id: me.id, fullName: me.fullName, photoUrl: me.photoUrl } : null;
  const shareUrl = id ? new URL(taskPath(id), window.location.origin).toString() : undefined;

  if (id === 0)
    return (
      <RecordCard mode={mode} title={t('card.new')} onClose={onClose}>
        <Card style={{ gridColumn: '1 / -1', maxWidth: 980 }}>
          <TaskForm
            me={mePicked}
            saving={writes.create.isPending}
            onCreate={async (input) => {
              const created = await writes.create.mutateAsync(input);
              showSuccess(t('card.created'));
              navigate(taskPath(created.id), { replace: true, state: window.history.state?.usr });
            }}
            onUpdate={async () => undefined}
            onCancel={onClose}
            onConflict={() => undefined}
          />
        </Card>
      </RecordCard>
    );
  if (task.isLoading) return <RecordCardSkeleton onClose={onClose} />;
  if (!task.data) return <RecordCardError message={isApiError(task.error) && task.error.status === 404 ? t('card.notFound') : undefined} onClose={onClose} />;
  const tk = task.data;
  const act = (action: TaskAction) =>
    writes.action.mutateAsync({ id: tk.id, action, version: tk.version }).catch((e) => {
      if (isApiError(e) && e.status === 409) setConflict(true);
      else showError(e);
    });
  const actions = ACTIONS[tk.status].filter((a) => (a === 'approve' || a === 'disapprove' ? tk.abilities.approve : tk.abilities.changeStatus));
  const reload = () => {
    setConflict(false);
    setEditing(false);
    void qc.invalidateQueries({ queryKey: tasksKeys.task(tk.id) });
  };

  return (
    <RecordCard
      mode={mode}
      title={tk.title}
      badges={
        <Group gap={6}>
          <Badge color={STATUS_COLOR[tk.status]} variant="light" data-testid="task-status">
            {t(`status.${tk.status}`)}
          </Badge>
          {tk.important ? (
            <Badge color="red" variant="light" leftSection={<IconFlame size={12} />}>
              {t('card.flags.important')}
            </Badge>
          ) : null}
          <Text size="sm" c="dimmed">
            #{tk.id}
          </Text>
        </Group>
      }
      shareUrl={shareUrl}
      backTo="/tasks/list"
      onClose={onClose}
      menu={
        tk.abilities.delete
          ? [
              {
                label: t('card.delete'),
                color: 'red',
                onClick: () => {
                  if (!window.confirm(t('card.deleteConfirm', { title: tk.title }))) return;
                  void writes.remove.mutateAsync(tk.id).then(() => (showSuccess(t('card.deleted')), onClose()), showError);
                },
              },
            ]
          : []
      }
      conflict={conflict ? { onReload: reload } : null}
      headerExtra={
        <Group gap="xs">
          {actions.map((a, i) => (
            <Button
              key={a}
              size="sm"
              variant={i === 0 ? 'filled' : 'default'}
              color={a === 'disapprove' ? 'orange' : undefined}
              loading={writes.action.isPending && writes.action.variables?.action === a}
              onClick={() => void act(a)}
            >
              {t(`action.${a}`)}
            </Button>
          ))}
          {card.data ? <TimerButton task={tk} card={card.data} /> : null}
          {tk.abilities.edit && !editing ? (
            <Button size="sm" variant="subtle" onClick={() => setEditing(true)}>
              {t('card.edit')}
            </Button>
          ) : null}
        </Group>
      }
      aside={
        <Card>
          <Stack gap="md">
            <div className={classes.meta}>
              <Meta label={t('people.creator')}>{tk.creator?.fullName ?? '—'}</Meta>
              <Meta label={t('people.responsible')}>{tk.responsible?.fullName ?? '—'}</Meta>
              <Meta label={t('people.accomplices')}>{tk.accomplices.map((u) => u.fullName).join(', ') || t('card.none')}</Meta>
              <Meta label={t('people.auditors')}>
                <span data-testid="task-auditors">{tk.auditors.map((u) => u.fullName).join(', ') || t('card.none')}</span>
              </Meta>
            </div>
            <div className={classes.meta}>
              <Meta label={t('field.deadline')}>
                <Group gap={4}>
                  {tk.deadline ? formatDateTime(tk.deadline) : t('card.noDeadline')}
                  {!tk.abilities.changeDeadline ? (
                    <IconLock size={14} aria-label={t('card.deadlineLocked')} color="var(--mantine-color-orange-7)">
                      <title>{t('card.deadlineLocked')}</title>
                    </IconLock>
                  ) : null}
                </Group>
              </Meta>
              <Meta label={t('field.startPlan')}>{tk.startPlan ? formatDateTime(tk.startPlan) : '—'}</Meta>
              <Meta label={t('field.endPlan')}>{tk.endPlan ? formatDateTime(tk.endPlan) : '—'}</Meta>
              <Meta label={t('card.created_at')}>{formatDateTime(tk.createdAt)}</Meta>
              {tk.closedAt ? <Meta label={t('card.closed')}>{formatDateTime(tk.closedAt)}</Meta> : null}
              <Meta label={t('field.group')}>{tk.group?.name ?? t('card.noGroup')}</Meta>
              {tk.parent ? <Meta label={t('field.parent')}>{tk.parent.title}</Meta> : null}
              {tk.tags.length ? <Meta label={t('field.tags')}>{tk.tags.map((x) => `#${x}`).join(' ')}</Meta> : null}
            </div>
            <Group gap={6}>
              {tk.taskControl ? <Badge variant="outline">{t('card.flags.control')}</Badge> : null}
              {tk.requireResult ? <Badge variant="outline">{t('card.flags.result')}</Badge> : null}
            </Group>
            {!tk.abilities.changeDeadline ? (
              <Text size="xs" c="orange.8" data-testid="deadline-locked-note">
                {t('card.deadlineLocked')}
              </Text>
            ) : null}
          </Stack>
        </Card>
      }
    >
      <Stack gap="md">
        {tk.status === 'review' ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />}>
            {t('card.waitsForControl')}
          </Alert>
        ) : null}
        <Card>
          {editing ? (
            <TaskForm
              key={editBase!.version}
              task={editBase!}
              me={mePicked}
              saving={writes.update.isPending}
              onCreate={async () => undefined}
              onUpdate={async (patch) => {
                await writes.update.mutateAsync({ id: tk.id, patch });
                showSuccess(t('card.saved'));
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
              onConflict={() => setConflict(true)}
            />
          ) : (
            <Stack gap="lg">
              <RecordSection id="description" title={t('field.description')} first>
                {tk.description ? (
                  <RichTextView html={tk.description} className={classes.description} />
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </RecordSection>
              {card.data ? (
                <>
                  <RecordSection id="checklist" title={t('checklist.title')}>
                    <Checklist task={tk} card={card.data} meId={me?.id ?? null} />
                  </RecordSection>
                  <RecordSection id="result" title={t('result.title')}>
                    <Results task={tk} card={card.data} />
                  </RecordSection>
                  <RecordSection id="subtasks" title={t('subtasks.title')}>
                    <Subtasks task={tk} card={card.data} />
                  </RecordSection>
                  <CrmLinksSection taskId={tk.id} canEdit={tk.abilities.edit} />
                  <RemindersSection taskId={tk.id} />
                </>
              ) : null}
            </Stack>
          )}
        </Card>
        <Card>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="comments">{t('card.tabs.comments')}</Tabs.Tab>
              <Tabs.Tab value="history">{t('card.tabs.history')}</Tabs.Tab>
              <Tabs.Tab value="time">{t('card.tabs.time')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="comments">
              <Comments task={tk} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <History task={tk} />
            </Tabs.Panel>
            <Tabs.Panel value="time">{card.data ? <TimeTracking task={tk} card={card.data} /> : null}</Tabs.Panel>
          </Tabs>
        </Card>
      </Stack>
    </RecordCard>
  );
}
