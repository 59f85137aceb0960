import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Group, Text } from '@mantine/core';
import { IconEye, IconEyeOff, IconGripVertical } from '@tabler/icons-react';
import type { MenuItem, Shell } from '@vavilon/contracts';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateShellSettings } from '../../features/shell/api';
import { showSuccess } from '../../ui/toasts';
import { menuIcon } from './menu-icons';
import { buildEntries, entryId, flattenOrder, type MenuEntry } from './menu-model';
import classes from './customizer.module.css';

function SortableRow({ id, label, children }: { id: string; label: string; children: (handle: ReactNode) => ReactNode }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const handle = (
    <button type="button" ref={setActivatorNodeRef} className={classes.handle} aria-label={t('menu.dragHandle', { title: label })} {...attributes} {...listeners}>
      <IconGripVertical size={16} />
    </button>
  );
  return (
    <div ref={setNodeRef} className={classes.sortable} data-dragging={isDragging || undefined} style={{ transform: CSS.Transform.toString(transform), transition }}>
      {children(handle)}
    </div>
  );
}

function ItemRow({ item, hidden, handle, onToggle }: { item: MenuItem; hidden: boolean; handle: ReactNode; onToggle: () => void }) {
  const { t } = useTranslation();
  const Icon = menuIcon(item.icon);
  return (
    <div className={classes.row} data-hidden={hidden || undefined} data-menu-item={item.id}>
      {handle}
      <Icon size={18} stroke={1.6} className={classes.icon} />
      <span className={classes.title}>{item.title}</span>
      <button
        type="button"
        className={classes.eye}
        aria-label={hidden ? t('menu.showItem', { title: item.title }) : t('menu.hideItem', { title: item.title })}
        aria-pressed={!hidden}
        onClick={onToggle}
      >
        {hidden ? <IconEyeOff size={16} /> : <IconEye size={16} />}
      </button>
    </div>
  );
}

function useListSensors() {
  return useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
}

function GroupItems({ items, hidden, onReorder, onToggle }: { items: MenuItem[]; hidden: Set<string>; onReorder: (items: MenuItem[]) => void; onToggle: (id: string) => void }) {
  const sensors = useListSensors();
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((i) => i.id === active.id);
    const to = items.findIndex((i) => i.id === over.id);
    if (from >= 0 && to >= 0) onReorder(arrayMove(items, from, to));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
        <div className={classes.groupItems}>
          {items.map((item) => (
            <SortableRow key={item.id} id={item.id} label={item.title}>
              {(handle) => <ItemRow item={item} hidden={hidden.has(item.id)} handle={handle} onToggle={() => onToggle(item.id)} />}
            </SortableRow>
          ))}
        </div>
      </SortableContext>
    </DndContext>
  );
}

/** «Настроить меню»: drag items to reorder, the eye hides or shows them; saved for the user. */
export default function MenuCustomizer({ shell, onClose }: { shell: Shell; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateShellSettings();
  const initial = buildEntries(shell, true);
  const [entries, setEntries] = useState<MenuEntry[]>(initial.entries);
  const [hidden, setHidden] = useState<Set<string>>(() => new Set(shell.settings.hidden));
  const sensors = useListSensors();

  const toggle = (id: string) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    setEntries((prev) => {
      const from = prev.findIndex((e) => entryId(e) === active.id);
      const to = prev.findIndex((e) => entryId(e) === over.id);
      return from >= 0 && to >= 0 ? arrayMove(prev, from, to) : prev;
    });
  };

  const save = () => {
    const order = flattenOrder(entries, initial.siteMap);
    update.mutate(
      { order, hidden: [...hidden] },
      {
        onSuccess: () => {
          showSuccess(t('menu.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <div className={classes.root}>
      <Text size="xs" c="gray.5" px={20} pb={6}>
        {t('menu.customizeHint')}
      </Text>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={entries.map(entryId)} strategy={verticalListSortingStrategy}>
          {entries.map((e) => (
            <SortableRow key={entryId(e)} id={entryId(e)} label={e.kind === 'item' ? e.item.title : e.group.title}>
              {(handle) =>
                e.kind === 'item' ? (
                  <ItemRow item={e.item} hidden={hidden.has(e.item.id)} handle={handle} onToggle={() => toggle(e.item.id)} />
                ) : (
                  <div className={classes.group}>
                    <div className={classes.row}>
                      {handle}
                      <span className={`${classes.title} ${classes.groupTitle}`}>{e.group.title}</span>
                    </div>
                    <GroupItems items={e.items} hidden={hidden} onToggle={toggle} onReorder={(items) => setEntries((prev) => prev.map((x) => (x === e ? { ...e, items } : x)))} />
                  </div>
                )
              }
            </SortableRow>
          ))}
        </SortableContext>
      </DndContext>
      <Group gap="xs" px={12} pt="md" pb={4} wrap="nowrap">
        <Button size="xs" onClick={save} loading={update.isPending}>
          {t('common.save')}
        </Button>
        <Button size="xs" variant="subtle" color="gray.3" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </Group>
    </div>
  );
}
