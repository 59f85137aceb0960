import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, closestCorners, useDroppable, useSensor, useSensors, type DragEndEvent, type DragOverEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Badge, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlayerPlay, IconPencil, IconPlus, IconTags, IconTrash } from '@tabler/icons-react';
import type { ScrumBoard, ScrumItem, Sprint } from '@vavilon/contracts';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { ActionMenu } from '../../../ui/ActionMenu';
import { formatDate } from '../../../ui/format';
import { showError, showSuccess } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useScrumWrites } from './api';
import { EpicsModal } from './EpicsModal';
import { ItemGhost, ItemRow, type ItemActions } from './ItemRow';
import classes from './scrum.module.css';
import { SprintForm } from './SprintForm';

type ListKey = 'backlog' | `s${number}`;
const keyOf = (sprintId: number | null): ListKey => (sprintId === null ? 'backlog' : `s${sprintId}`);
const sprintOf = (key: ListKey): number | null => (key === 'backlog' ? null : Number(key.slice(1)));

/** «Планирование»: the active and planned sprints over the backlog; items are dragged between them and in order. */
export function PlanningTab({ groupId, board }: { groupId: number; board: ScrumBoard }) {
  const { t } = useTasksT();
  const writes = useScrumWrites(groupId);
  const [epicFilter, setEpicFilter] = useState<string | null>(null);
  const [editing, setEditing] = useState<Sprint | 'new' | null>(null);
  const [epicsOpen, setEpicsOpen] = useState(false);
  const [newTitle, setNewTitle] = useState('');
  const [dragging, setDragging] = useState<ScrumItem | null>(null);

  const fromServer = useMemo(() => {
    const out: Record<ListKey, ScrumItem[]> = { backlog: board.backlog };
    for (const s of board.sprints) out[keyOf(s.id)] = s.items;
    return out;
  }, [board]);
  // The lists as this page last arranged them, until the server's next answer.
  const [local, setLocal] = useState<Record<ListKey, ScrumItem[]> | null>(null);
  useEffect(() => setLocal(null), [fromServer]);
  const lists = local ?? fromServer;

  const visible = (items: ScrumItem[]) => (epicFilter === null ? items : epicFilter === 'none' ? items.filter((i) => i.epicId === null) : items.filter((i) => String(i.epicId) === epicFilter));
  const listOfItem = (id: number): ListKey | null => (Object.keys(lists) as ListKey[]).find((k) => lists[k].some((i) => i.id === id)) ?? null;
  const active = board.sprints.find((s) => s.status === 'active');

  const place = async (item: ScrumItem, to: ListKey, afterId: number | null, arranged: Record<ListKey, ScrumItem[]>) => {
    setLocal(arranged);
    try {
      await writes.placeItem.mutateAsync({ id: item.id, place: { sprintId: sprintOf(to), afterId, version: item.version } });
    } catch (e) {
      setLocal(null);
      showError(e);
    }
  };

  const actions: ItemActions = {
    setPoints: async (item, storyPoints) => {
      try {
        await writes.updateItem.mutateAsync({ id: item.id, patch: { storyPoints, version: item.version } });
        return null;
      } catch (e) {
        if (isApiError(e) && e.status === 400 && e.fields[0]) return e.fields[0].message;
        showError(e);
        return null;
      }
    },
    setEpic: (item, epicId) => writes.updateItem.mutate({ id: item.id, patch: { epicId, version: item.version } }, { onError: showError }),
    moveTo: (item, sprintId) => {
      const from = listOfItem(item.id);
      const to = keyOf(sprintId);
      if (!from) return;
      const target = lists[to] ?? [];
      const last = target[target.length - 1];
      void place(item, to, last ? last.id : null, { ...lists, [from]: lists[from].filter((i) => i.id !== item.id), [to]: [...target, { ...item, sprintId }] });
    },
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const idOf = (dnd: string | number) => Number(String(dnd).slice(2));
  const targetOf = (over: DragOverEvent['over']): { list: ListKey; index: number } | null => {
    if (!over) return null;
    const id = String(over.id);
    if (id.startsWith('l-')) return { list: id.slice(2) as ListKey, index: lists[id.slice(2) as ListKey]?.length ?? 0 };
    const list = listOfItem(idOf(id));
    return list ? { list, index: lists[list].findIndex((i) => i.id === idOf(id)) } : null;
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const item = Object.values(lists)
      .flat()
      .find((i) => i.id === idOf(e.active.id));
    const from = item ? listOfItem(item.id) : null;
    const at = targetOf(e.over);
    if (!item || !from || !at) return;
    const without = lists[at.list].filter((i) => i.id !== item.id);
    let index = at.index;
    // Within its own list the item takes the place of the one it was dropped on.
    if (from === at.list) {
      const old = lists[from].findIndex((i) => i.id === item.id);
      if (old === at.index) return;
      index = at.index;
    }
    index = Math.max(0, Math.min(index, without.length));
    const arranged = [...without.slice(0, index), { ...item, sprintId: sprintOf(at.list) }, ...without.slice(index)];
    const afterId = index > 0 ? without[index - 1]!.id : null;
    void place(item, at.list, afterId, { ...lists, [from]: lists[from].filter((i) => i.id !== item.id), [at.list]: arranged });
  };

  const addItem = async () => {
    const title = newTitle.trim();
    if (!title) return;
    try {
      await writes.createItem.mutateAsync({ title, epicId: epicFilter && epicFilter !== 'none' ? Number(epicFilter) : null });
      setNewTitle('');
    } catch (e) {
      showError(e);
    }
  };

  const start = async (s: Sprint) => {
    try {
      const started = await writes.startSprint.mutateAsync({ id: s.id, version: s.version });
      showSuccess(t('scrum.sprintStarted', { title: started.title }));
    } catch (e) {
      showError(e);
    }
  };
  const remove = async (s: Sprint) => {
    try {
      await writes.deleteSprint.mutateAsync(s.id);
      showSuccess(t('scrum.sprintDeleted', { title: s.title }));
    } catch (e) {
      showError(e);
    }
  };

  const epicOptions = [{ value: 'all', label: t('scrum.allEpics') }, { value: 'none', label: t('scrum.noEpic') }, ...board.epics.map((e) => ({ value: String(e.id), label: e.title }))];
  const points = (items: ScrumItem[]) => items.reduce((s, i) => s + (i.storyPoints ?? 0), 0);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs">
          <Select size="sm" w={220} aria-label={t('scrum.epicsFilter')} data={epicOptions} value={epicFilter ?? 'all'} onChange={(v) => setEpicFilter(v === 'all' ? null : v)} allowDeselect={false} />
          <Button variant="default" size="sm" leftSection={<IconTags size={16} />} onClick={() => setEpicsOpen(true)}>
            {t('scrum.manageEpics')}
          </Button>
        </Group>
        <Button size="sm" variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('scrum.newSprint')}
        </Button>
      </Group>

      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={(e) =>
          setDragging(
            Object.values(lists)
              .flat()
              .find((i) => i.id === idOf(e.active.id)) ?? null,
          )
        }
        onDragCancel={() => setDragging(null)}
        onDragEnd={onDragEnd}
      >
        {board.sprints.map((s) => {
          const items = lists[keyOf(s.id)] ?? [];
          return (
            <section key={s.id} className={classes.section} data-active={s.status === 'active' || undefined} aria-label={s.title}>
              <Group justify="space-between" mb={8} wrap="nowrap">
                <Group gap={8} wrap="wrap">
                  <Title order={3} fz="md" fw={600}>
                    {s.title}
                  </Title>
                  <Badge color={s.status === 'active' ? 'green' : 'blue'} variant="light">
                    {t(`scrum.status.${s.status}`)}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {s.dateStart && s.dateEnd ? t('scrum.dates', { from: formatDate(s.dateStart), to: formatDate(s.dateEnd) }) : t('scrum.noDates')}
                  </Text>
                  <Badge variant="outline" color="gray" aria-label={`${s.title}: ${t('scrum.pointsSum', { points: points(items) })}`}>
                    {t('scrum.pointsSum', { points: points(items) })}
                  </Badge>
                </Group>
                <Group gap={6} wrap="nowrap">
                  {s.status === 'planned' && !active ? (
                    <Button
                      size="xs"
                      leftSection={<IconPlayerPlay size={14} />}
                      onClick={() => void start(s)}
                      loading={writes.startSprint.isPending}
                      aria-label={`${t('scrum.startSprint')}: ${s.title}`}
                    >
                      {t('scrum.startSprint')}
                    </Button>
                  ) : null}
                  <ActionMenu
                    position="bottom-end"
                    label={`${t('scrum.editSprint')}: ${s.title}`}
                    items={[
                      { label: t('scrum.editSprint'), icon: <IconPencil size={14} />, onClick: () => setEditing(s) },
                      ...(s.status === 'planned' ? [{ label: t('scrum.deleteSprint'), icon: <IconTrash size={14} />, color: 'red', onClick: () => void remove(s) }] : []),
                    ]}
                  />
                </Group>
              </Group>
              {s.goal ? (
                <Text size="sm" c="dimmed" mb={6}>
                  {s.goal}
                </Text>
              ) : null}
              <DropList id={keyOf(s.id)} label={s.title} items={visible(items)} empty={t('scrum.sprintEmpty')}>
                {visible(items).map((i) => (
                  <ItemRow key={i.id} item={i} epics={board.epics} sprints={board.sprints} actions={actions} />
                ))}
              </DropList>
            </section>
          );
        })}

        <section className={classes.section} aria-label={t('scrum.backlog')}>
          <Group justify="space-between" mb={8}>
            <Group gap={8}>
              <Title order={3} fz="md" fw={600}>
                {t('scrum.backlog')}
              </Title>
              <Badge variant="outline" color="gray">
                {t('scrum.pointsSum', { points: points(lists.backlog) })}
              </Badge>
            </Group>
          </Group>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void addItem();
            }}
          >
            <Group gap="xs" mb={8}>
              <TextInput
                size="sm"
                style={{ flex: 1 }}
                aria-label={t('scrum.newItem')}
                placeholder={t('scrum.newItemPlaceholder')}
                value={newTitle}
                onChange={(e) => setNewTitle(e.currentTarget.value)}
              />
              <Button type="submit" size="sm" variant="light" leftSection={<IconPlus size={14} />} loading={writes.createItem.isPending}>
                {t('scrum.add')}
              </Button>
            </Group>
          </form>
          <DropList id="backlog" label={t('scrum.backlog')} items={visible(lists.backlog)} empty={t('scrum.backlogEmpty')}>
            {visible(lists.backlog).map((i) => (
              <ItemRow key={i.id} item={i} epics={board.epics} sprints={board.sprints} actions={actions} />
            ))}
          </DropList>
        </section>
        <DragOverlay dropAnimation={null}>{dragging ? <ItemGhost item={dragging} /> : null}</DragOverlay>
      </DndContext>

      {editing ? <SprintForm groupId={groupId} sprint={editing === 'new' ? null : editing} count={board.sprints.length} onClose={() => setEditing(null)} /> : null}
      {epicsOpen ? <EpicsModal groupId={groupId} epics={board.epics} onClose={() => setEpicsOpen(false)} /> : null}
    </Stack>
  );
}

function DropList({ id, label, items, empty, children }: { id: ListKey; label: string; items: ScrumItem[]; empty: string; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: `l-${id}` });
  return (
    <SortableContext id={id} items={items.map((i) => `i-${i.id}`)} strategy={verticalListSortingStrategy}>
      <div ref={setNodeRef} className={classes.list} data-over={isOver || undefined} role="list" aria-label={label}>
        {children}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py={8}>
            {empty}
          </Text>
        ) : null}
      </div>
    </SortableContext>
  );
}
