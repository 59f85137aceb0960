import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { TaskListQuery } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { t } from '../../../platform/i18n/index.js';
import { allTasks } from './list.js';

const COLUMNS = ['id', 'title', 'status', 'deadline', 'responsible', 'creator', 'group', 'tags', 'created'] as const;

/** The list as an xlsx file, written page by page as it is read: only the tasks the user may see, in the list's filter and order. */
export function tasksXlsx(ctx: Ctx, q: Omit<TaskListQuery, 'page' | 'pageSize'>, log: FastifyBaseLogger): Readable {
  const out = new PassThrough();
  void (async () => {
    // exceljs is heavy: loaded on the first export, not at start.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = wb.addWorksheet(t(ctx.lang, 'tasks.list.export_sheet').slice(0, 31));
    sheet.columns = COLUMNS.map((c) => ({ header: t(ctx.lang, `tasks.list.export_${c}`), key: c, width: c === 'title' ? 50 : 20 }));
    for await (const rows of allTasks(ctx, q)) {
      if (out.destroyed) return;
      for (const r of rows)
        sheet
          .addRow([
            r.id,
            r.title,
            t(ctx.lang, `tasks.list.status_${r.status}`),
            r.deadline ? new Date(r.deadline) : null,
            r.responsible?.fullName ?? '',
            r.creator?.fullName ?? '',
            r.group?.name ?? '',
            r.tags.join(', '),
            new Date(r.createdAt),
          ])
          .commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await wb.commit();
  })().catch((err) => {
    log.error({ err }, 'tasks export failed');
    out.destroy(err as Error);
  });
  return out;
}

export function exportFileName(ctx: Ctx): { ascii: string; full: string } {
  const day = new Date().toISOString().slice(0, 10);
  return { ascii: `tasks-${day}.xlsx`, full: `${t(ctx.lang, 'tasks.list.export_sheet')}-${day}.xlsx` };
}
