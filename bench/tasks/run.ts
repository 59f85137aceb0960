/**
 * Tasks benchmark: the «Speed» targets of the tasks issue, measured on the server's own service
 * functions (the same code as the routes, without HTTP) over the data of `data.ts`, on SQLite and
 * on PostgreSQL. Each figure is printed beside the raw SQL it runs, and then the same raw SQL
 * timed alone.
 *
 *   npx tsx bench/tasks/run.ts                              (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_SCALE=0.01 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/tasks/run.ts
 *
 * Figures (others add theirs beside these, on the same data):
 *   list   — a user's «Список» page: a role tab, sorted, 20 rows with their people, groups and tags, and the total (≤ 50 ms p95);
 *   counters — «Просрочены», «Новые комментарии», «Ждут контроля» of a user (≤ 10 ms p95).
 * Exit code 0 when every target holds, 1 when one fails.
 */
import { sql } from 'kysely';
import { taskCounters } from '../../server/src/modules/tasks/lists/counters.js';
import { filteredTasks, listTasks, sortedTasks } from '../../server/src/modules/tasks/lists/list.js';
import { viewerFor } from '../../server/src/modules/tasks/access.js';
import type { Ctx } from '../../server/src/platform/context.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { nowIso } from '../../server/src/platform/db/database.js';
import { TaskListQuery } from '@vavilon/contracts';
import { generate, SCALE, SIZES, step, type BenchData } from './data.js';
import { inline, printFigures, type Figure } from '../measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(i); // warm: statement caches, pages in memory
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  const s = [...ms].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)]!, p95: p95(ms) };
}

async function figures(d: BenchData): Promise<Figure[]> {
  // Ordinary employees (not the heads, not the administrator): their own tasks and their projects'.
  const people = d.departments.flatMap((dep) => dep.slice(1)).slice(0, 40);
  const ctxs: Ctx[] = await Promise.all(people.map((u) => d.as(u)));
  const out: Figure[] = [];
  const roles = ['responsible', 'creator', 'accomplice', 'auditor'] as const;
  const sorts = [
    ['deadline', 'asc'],
    ['created', 'desc'],
    ['activity', 'desc'],
  ] as const;

  for (const [sort, order] of sorts) {
    const q = (i: number) => TaskListQuery.parse({ role: roles[i % 2], status: i % 3 === 0 ? 'pending,in_progress,review' : undefined, sort, order, pageSize: 20 });
    const m = await time(RUNS, (i) => listTasks(ctxs[i % ctxs.length]!, q(i)));
    const ctx0 = ctxs[0]!;
    const viewer = await viewerFor(ctx0);
    const page = sortedTasks(ctx0, filteredTasks(ctx0, viewer, q(1)).selectAll('task'), sort, order).limit(20);
    const total = filteredTasks(ctx0, viewer, q(1)).select(sql<number>`count(*)`.as('n'));
    const raw = await time(RUNS, async (i) => {
      const c = ctxs[i % ctxs.length]!;
      const v = await viewerFor(c);
      await Promise.all([
        sortedTasks(c, filteredTasks(c, v, q(i)).selectAll('task'), sort, order)
          .limit(20)
          .execute(),
        filteredTasks(c, v, q(i))
          .select(sql<number>`count(*)`.as('n'))
          .execute(),
      ]);
    });
    out.push({ name: `list: a role tab sorted by ${sort} ${order}, 20 rows + total`, target: 50, ...m, rawP95: raw.p95, sql: `${inline(page)};\n${inline(total)}` });
  }

  const counters = await time(RUNS, (i) => taskCounters(ctxs[i % ctxs.length]!));
  const me = people[0]!;
  const c0 = ctxs[0]!;
  const overdue = scoped(c0)
    .selectFrom('task_member')
    .select(sql<number>`count(distinct task_member.task_id)`.as('n'))
    .where('user_id', '=', me)
    .where('role', 'in', ['responsible', 'accomplice'])
    .where('status', 'in', ['pending', 'in_progress', 'review'])
    .where('deadline', '<', nowIso());
  const control = scoped(c0)
    .selectFrom('task_member')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', me)
    .where('role', '=', 'creator')
    .where('status', '=', 'review');
  const comments = scoped(c0)
    .selectFrom('task')
    .select(sql<number>`count(*)`.as('n'))
    .where('task.comments_count', '>', 0)
    .where(
      'task.id',
      'in',
      scoped(c0).selectFrom('task_member').select('task_member.task_id').where('task_member.user_id', '=', me).where('task_member.status', 'in', ['pending', 'in_progress', 'review']),
    )
    .where(sql<boolean>`task.comments_count > coalesce((select seen_comments from task_view where task_view.task_id = task.id and task_view.user_id = ${me}), 0)`);
  const rawCounters = await time(RUNS, () => Promise.all([overdue.execute(), control.execute(), comments.execute()]));
  out.push({ name: 'counters: overdue, new comments, awaiting control', target: 10, ...counters, rawP95: rawCounters.p95, sql: [overdue, comments, control].map(inline).join(';\n') });
  return out;
}

function print(dialect: string, list: Figure[]): boolean {
  console.log(`\n=== ${dialect}: ${SIZES.tasks.toLocaleString('en')} tasks, ${SIZES.groups} projects, ${SIZES.users} users (BENCH_SCALE=${SCALE}, ${RUNS} runs) ===`);
  return printFigures(list);
}

async function main(): Promise<number> {
  let ok = true;
  const targets: (string | null)[] = [null];
  if (process.env.BENCH_DATABASE_URL) targets.push(process.env.BENCH_DATABASE_URL);
  if (process.env.BENCH_ONLY === 'postgres') targets.shift();
  const reuse = process.env.BENCH_REUSE_URL;
  if (reuse) targets.splice(0, targets.length, reuse.startsWith('postgres') ? reuse : null);
  for (const pgUrl of targets) {
    const t0 = performance.now();
    const d = await generate({ pgUrl });
    step(`${d.dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
    try {
      ok = print(d.dialect, await figures(d)) && ok;
    } finally {
      await d.close();
    }
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
