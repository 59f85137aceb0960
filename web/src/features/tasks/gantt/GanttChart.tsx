import { useCallback, useMemo, useRef, type MouseEvent } from 'react';
import { Locale } from '@svar-ui/react-core';
import { Gantt, Willow, type IApi, type IColumnConfig, type ILink, type IScaleConfig, type ITask } from '@svar-ui/react-gantt';
import '@svar-ui/react-gantt/style.css';
import type { DependencyKind, GanttData } from '@vavilon/contracts';
import { useTasksT } from '../i18n';
import './gantt.css';

export type Zoom = 'day' | 'week' | 'month';

const KIND_TO_TYPE: Record<DependencyKind, ILink['type']> = { finish_start: 'e2s', start_start: 's2s', finish_finish: 'e2e', start_finish: 's2e' };
const TYPE_TO_KIND = Object.fromEntries(Object.entries(KIND_TO_TYPE).map(([k, v]) => [v, k])) as Record<ILink['type'], DependencyKind>;

interface Handlers {
  move: (id: number, start: Date, end: Date) => void;
  link: (predecessorId: number, successorId: number, kind: DependencyKind) => void;
  unlink: (id: number) => void;
  open: (id: number) => void;
}

function scalesFor(zoom: Zoom, lang: string): { scales: IScaleConfig[]; cellWidth: number } {
  const f = (o: Intl.DateTimeFormatOptions) => {
    const fmt = new Intl.DateTimeFormat(lang, o);
    return (d: Date) => fmt.format(d);
  };
  const month = f({ month: 'long', year: 'numeric' });
  const dm = f({ day: 'numeric', month: 'short' });
  switch (zoom) {
    case 'day':
      return {
        scales: [
          { unit: 'month', step: 1, format: month },
          { unit: 'day', step: 1, format: f({ day: 'numeric' }) },
        ],
        cellWidth: 34,
      };
    case 'week':
      return {
        scales: [
          { unit: 'month', step: 1, format: month },
          { unit: 'week', step: 1, format: (d: Date) => dm(d) },
        ],
        cellWidth: 90,
      };
    case 'month':
      return {
        scales: [
          { unit: 'year', step: 1, format: f({ year: 'numeric' }) },
          { unit: 'month', step: 1, format: f({ month: 'long' }) },
        ],
        cellWidth: 110,
      };
  }
}

/**
 * The SVAR Gantt over our data: bars from the server's dates, links drawn by dragging from one
 * bar's end to another, moves and resizes sent to the server (whose answer, with the moved
 * dependents, comes back as new data). The component's own editor is replaced by the task card.
 */
export function GanttChart({ data, zoom, critical, handlers }: { data: GanttData; zoom: Zoom; critical: boolean; handlers: Handlers }) {
  const { t, i18n } = useTasksT();
  const current = useRef(handlers);
  current.current = handlers;
  const lang = i18n.language === 'en' ? 'en-GB' : 'ru-RU';

  const tasks = useMemo<ITask[]>(() => {
    const ids = new Set(data.tasks.map((x) => x.id));
    const parents = new Set(data.tasks.map((x) => x.parentId).filter((p): p is number => p !== null && ids.has(p)));
    return data.tasks.map((x) => ({
      id: x.id,
      text: x.title,
      start: new Date(x.start),
      end: new Date(x.end),
      progress: x.progress,
      parent: x.parentId !== null && ids.has(x.parentId) ? x.parentId : 0,
      type: 'task',
      open: parents.has(x.id) ? true : undefined,
      $css: x.status === 'completed' ? 'gantt-done' : undefined,
      responsible: x.responsible?.fullName ?? '',
    }));
  }, [data]);

  const links = useMemo(() => data.links.map((l) => ({ id: l.id, source: l.predecessorId, target: l.successorId, type: KIND_TO_TYPE[l.kind] })), [data]);

  // The component's own critical path is a paid feature: the server's path is painted by the bars' and links' ids.
  const criticalCss = critical
    ? [
        data.critical.taskIds.map((id) => `.tasks-gantt .wx-bar[data-id="${id}"]`).join(',') +
          '{background-color:var(--wx-gantt-task-critical-color);border-color:var(--wx-gantt-task-critical-color)}',
        data.critical.linkIds.map((id) => `.tasks-gantt .wx-line[data-link-id="${id}"] .wx-line-draw`).join(',') + '{stroke:var(--wx-gantt-link-critical-color);stroke-width:2px}',
      ]
        .filter((r) => !r.startsWith('{'))
        .join('\n')
    : '';

  const columns = useMemo<IColumnConfig[]>(() => {
    const day = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
    const TitleCell = ({ row }: { row: ITask }) => (
      <button type="button" className="tasks-gantt-title" onClick={() => current.current.open(Number(row.id))} title={row.text}>
        {row.text}
      </button>
    );
    return [
      { id: 'text', header: t('gantt.column.title'), flexgrow: 1, cell: TitleCell },
      { id: 'start', header: t('gantt.column.start'), width: 96, align: 'center', template: (v: Date) => day.format(v) },
      { id: 'responsible', header: t('gantt.column.responsible'), width: 130 },
    ];
  }, [t, lang]);

  const init = useCallback((api: IApi) => {
    api.intercept('add-link', (ev) => {
      if (ev.eventSource === 'server') return true;
      const { source, target, type } = ev.link;
      if (source !== undefined && target !== undefined && type) current.current.link(Number(source), Number(target), TYPE_TO_KIND[type]);
      return false;
    });
    api.intercept('delete-link', (ev) => {
      current.current.unlink(Number(ev.id));
      return false;
    });
    api.intercept('show-editor', (ev) => {
      if (ev.id) current.current.open(Number(ev.id));
      return false;
    });
    // The end of a drag or resize (not its steps, not the progress handle): the server decides the dates.
    api.on('update-task', (ev) => {
      if (ev.inProgress || ev.eventSource === 'server' || (!ev.task.start && !ev.task.end)) return;
      const task = api.getTask(ev.id);
      if (task?.start && task.end) current.current.move(Number(ev.id), task.start, task.end);
    });
  }, []);

  // The component links by two clicks (an end, then another's end); dragging from one end to another links too.
  const dragFrom = useRef<{ id: number; start: boolean } | null>(null);
  const endOf = (target: EventTarget) => {
    const el = target instanceof Element ? target.closest('.wx-link') : null;
    const id = el?.closest('.wx-bar')?.getAttribute('data-id');
    return el && id ? { id: Number(id), start: el.classList.contains('wx-left') } : null;
  };
  const onMouseDown = (e: MouseEvent) => {
    dragFrom.current = endOf(e.target);
  };
  const onMouseUp = (e: MouseEvent) => {
    const from = dragFrom.current;
    dragFrom.current = null;
    const to = endOf(e.target);
    if (!from || !to || from.id === to.id) return;
    const type = `${from.start ? 's' : 'e'}2${to.start ? 's' : 'e'}` as ILink['type'];
    e.stopPropagation();
    current.current.link(from.id, to.id, TYPE_TO_KIND[type]);
  };

  const { scales, cellWidth } = scalesFor(zoom, lang);
  const words = useMemo(() => ({ gantt: t('gantt.svar', { returnObjects: true }) as Record<string, string>, lang }), [t, lang]);

  return (
    <div className="tasks-gantt" style={{ height: '100%' }} onMouseDownCapture={onMouseDown} onMouseUpCapture={onMouseUp}>
      {criticalCss ? <style>{criticalCss}</style> : null}
      <Locale words={words}>
        <Willow fonts={false}>
          <Gantt init={init} tasks={tasks} links={links} scales={scales} cellWidth={cellWidth} cellHeight={36} lengthUnit="day" columns={columns} gridWidth={420} />
        </Willow>
      </Locale>
    </div>
  );
}
