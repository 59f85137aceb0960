import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Anchor, Avatar, Badge, NumberInput, Select, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconExternalLink, IconGripVertical, IconRun } from '@tabler/icons-react';
import type { Epic, ScrumItem, Sprint } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { ActionMenu } from '../../../ui/ActionMenu';
import { useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import classes from './scrum.module.css';

export interface ItemActions {
  /** Resolves the server's reason when it refuses the points (shown under the field). */
  setPoints: (item: ScrumItem, points: number | null) => Promise<string | null>;
  setEpic: (item: ScrumItem, epicId: number | null) => void;
  moveTo: (item: ScrumItem, sprintId: number | null) => void;
}

/** A task in the backlog or a sprint: drag handle, title, epic, story points (edited in place), responsible, ⋮ menu. */
export function ItemRow({ item, epics, sprints, actions }: { item: ScrumItem; epics: Epic[]; sprints: Sprint[]; actions: ItemActions }) {
  const { t } = useTasksT();
  const open = useOpenTask();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: `i-${item.id}` });
  const [points, setPoints] = useState<string | number>(item.storyPoints ?? '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPoints(item.storyPoints ?? ''), [item.storyPoints, item.version]);
  const epic = epics.find((e) => e.id === item.epicId);
  const commit = () => {
    const next = points === '' ? null : Number(points);
    if (next !== item.storyPoints) void actions.setPoints(item, next).then(setError);
    else setError(null);
  };
  const targets = sprints.filter((s) => s.id !== item.sprintId && s.status !== 'completed');
  return (
    <div
      ref={setNodeRef}
      className={classes.row}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Translate.toString(transform), transition, borderLeftColor: epic?.color ?? 'transparent' }}
      role="listitem"
      aria-label={item.title}
    >
      <button type="button" className={classes.handle} {...attributes} {...listeners} aria-label={t('scrum.dragItem', { title: item.title })}>
        <IconGripVertical size={16} />
      </button>
      <Anchor
        className={classes.title}
        href={`/tasks/task/${item.id}`}
        onClick={(e) => {
          e.preventDefault();
          open(item.id);
        }}
        size="sm"
        c={item.status === 'completed' ? 'dimmed' : 'dark.7'}
        td={item.status === 'completed' ? 'line-through' : undefined}
      >
        {item.title}
      </Anchor>
      {item.status !== 'pending' ? (
        <Badge size="xs" variant="light" color={item.status === 'completed' ? 'teal' : item.status === 'deferred' ? 'gray' : 'blue'}>
          {t(`status.${item.status}`)}
        </Badge>
      ) : null}
      <Select
        size="xs"
        w={190}
        aria-label={t('scrum.epicOf', { title: item.title })}
        placeholder={t('scrum.noEpic')}
        data={epics.map((e) => ({ value: String(e.id), label: e.title }))}
        value={item.epicId ? String(item.epicId) : null}
        onChange={(v) => actions.setEpic(item, v ? Number(v) : null)}
        clearable
        comboboxProps={{ withinPortal: true }}
        leftSection={epic ? <span className={classes.dot} style={{ background: epic.color }} /> : undefined}
      />
      <NumberInput
        size="xs"
        w={64}
        aria-label={t('scrum.pointsOf', { title: item.title })}
        placeholder={t('scrum.pointsShort')}
        value={points}
        onChange={(v) => (setPoints(v), setError(null))}
        onBlur={commit}
        error={error}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.currentTarget as HTMLInputElement).blur();
        }}
        allowDecimal={false}
        hideControls
      />
      {item.responsible ? (
        <Tooltip label={item.responsible.fullName}>
          <Avatar size={24} name={item.responsible.fullName} color="initials" src={item.responsible.photoUrl ?? undefined} />
        </Tooltip>
      ) : (
        <span style={{ width: 24 }} />
      )}
      <ActionMenu
        position="bottom-end"
        size="sm"
        label={t('scrum.moveMenu', { title: item.title })}
        items={[
          ...targets.map((s) => ({ label: t('scrum.toSprint', { title: s.title }), icon: <IconRun size={14} />, onClick: () => actions.moveTo(item, s.id) })),
          ...(item.sprintId !== null ? [{ label: t('scrum.toBacklog'), icon: <IconArrowBackUp size={14} />, onClick: () => actions.moveTo(item, null) }] : []),
          { label: t('scrum.openTask'), icon: <IconExternalLink size={14} />, onClick: () => open(item.id) },
        ]}
      />
    </div>
  );
}

/** The row under the pointer while dragging. */
export function ItemGhost({ item }: { item: ScrumItem }) {
  return (
    <div className={classes.row} data-overlay>
      <IconGripVertical size={16} />
      <Text size="sm" className={classes.title}>
        {item.title}
      </Text>
      {item.storyPoints !== null ? <Badge variant="light">{item.storyPoints}</Badge> : null}
    </div>
  );
}
