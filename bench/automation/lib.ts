/**
 * What the automation benchmark's main process and its worker processes share: opening the
 * benchmark's database as a server process would, moving deals one stage on through the CRM's
 * own change, and the counts that say whether every stage entry got what its rules demand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { systemCtx, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { changeDeal } from '../../server/src/modules/crm/api.js';
import { ensureTaskRobot } from '../../server/src/modules/automation/engine/test-kit.js';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

/** The call pipeline's stages as the preset names them, and the tasks its robots create on entry (robot name → how many tasks). */
export const STAGES = [
  { code: 'NEW', name: 'Новая заявка', kind: 'progress', tasks: ['Распределить заявку'] },
  { code: 'UNSORTED', name: 'Неразобранные', kind: 'progress', tasks: ['Квалифицировать'] },
  { code: 'CONTACT', name: 'Первичный контакт', kind: 'progress', tasks: ['Найти ЛПР'] },
  { code: 'WARM', name: 'Тёплые', kind: 'progress', tasks: ['Узнать интерес'] },
  { code: 'HOT', name: 'Горячие', kind: 'progress', tasks: ['Получить заявку', 'Проконтролировать заявку'] },
  { code: 'WON', name: 'Успешно', kind: 'success', tasks: [] },
  { code: 'NOT_OUR', name: 'Не наш профиль', kind: 'failure', tasks: [] },
  { code: 'LOSE', name: 'Не успешно', kind: 'failure', tasks: [] },
] as const;

export function step(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export interface Opened {
  app: BuiltApp;
  portal: PortalRow;
  ctx: Ctx;
  close(): Promise<void>;
}

/** The benchmark's database opened as one server process: its app, with or without its workers (event processors, jobs). */
export async function openBench(url: string, opts: { workers: boolean; pollMs?: number }): Promise<Opened> {
  ensureTaskRobot();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-automation-'));
  const config = loadConfig({}, { databaseUrl: url, dataDir, logLevel: 'silent', pollMs: opts.pollMs ?? 250 });
  const app = await buildApp(config, { logger: false });
  if (opts.workers) await app.startWorkers();
  const row = await app.platform.db.selectFrom('portal').select(['id', 'name', 'title']).where('name', '=', 'benchauto').executeTakeFirstOrThrow();
  const portal = { id: Number(row.id), name: row.name, title: row.title };
  return { app, portal, ctx: systemCtx({ db: app.platform.db, sys: app.platform.sys }, portal), close: () => app.close() };
}

/** Moves one deal to a stage as a person's edit would (the CRM's change, in its own transaction). */
export async function move(o: Opened, dealId: number, stageId: number): Promise<void> {
  await o.app.platform.transaction(o.ctx, (tx) => changeDeal(tx, dealId, { stageId }));
}

/**
 * Moves the deals `ids` to `stageId` with `concurrency` movers until `seconds` have passed or the
 * deals run out; returns how many moved.
 */
export async function moveMany(o: Opened, ids: number[], stageId: number, seconds: number, concurrency: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let next = 0;
  let moved = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until && next < ids.length) {
        const id = ids[next++]!;
        await move(o, id, stageId);
        moved++;
      }
    }),
  );
  return moved;
}

/** The stage entries of the bench pipeline recorded since event `sinceEvent`, by stage: what the rules demand is counted from these. */
export async function entriesSince(o: Opened, sinceEvent: number): Promise<Map<number, number>> {
  const stage = o.app.platform.dialect === 'postgres' ? sql`cast(payload::json->>'stageId' as integer)` : sql`json_extract(payload, '$.stageId')`;
  const rows = await sql<{ stage_id: number; n: number }>`
    select ${stage} as stage_id, count(*) as n from domain_event
    where portal_id = ${o.portal.id} and type = 'crm.deal.updated' and id > ${sinceEvent} and payload like ${'%"field":"stage_id"%'} group by 1`.execute(o.app.platform.db);
  return new Map(rows.rows.map((r) => [Number(r.stage_id), Number(r.n)]));
}

/** Runs of the bench pipeline newer than run `sinceRun`, by status. */
export async function runsSince(o: Opened, pipelineId: number, sinceRun: number): Promise<Record<string, number>> {
  const rows = await o.app.platform.db
    .selectFrom('automation_run')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('portal_id', '=', o.portal.id)
    .where('pipeline_id', '=', pipelineId)
    .where('id', '>', sinceRun)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function maxId(o: Opened, table: 'automation_run' | 'domain_event' | 'task'): Promise<number> {
  const r = await o.app.platform.db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Tasks bound to the bench pipeline's deals, newer than task `sinceTask`. */
export async function tasksSince(o: Opened, sinceTask: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from task_crm_link l join task on task.id = l.task_id where l.portal_id = ${o.portal.id} and l.entity_type = 'deal' and task.id > ${sinceTask}`.execute(o.app.platform.db);
  return Number(r.rows[0]!.n);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
