import type { Ctx } from '../../../platform/context.js';
import type { DemoSeed } from '../../../platform/registry/registry.js';
import { createGroup } from '../../groups/api.js';
import { actorFor } from '../../users/api.js';
import { createTask } from '../service.js';
import { createLink } from './service.js';

const DAY = 86_400_000;

/** A project on the Gantt: «Открытие офиса в Казани», its stages planned over a month and linked, with one stage in parallel. */
export async function demoGantt(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const { admin, headSales, tm1, tm2 } = seed.users;
  if (!admin || !headSales || !tm1 || !tm2) return;
  const actor = await actorFor(ctx, headSales);
  if (!actor) return;
  // The demo is seeded in one open transaction: the services join it instead of opening another (after-commit hooks are not needed here).
  const as: Ctx = { ...ctx, actor, tx: ctx.tx ?? { afterCommit: [] } };
  const group = await createGroup(as, { name: 'Открытие офиса в Казани', kind: 'project', memberIds: [admin, tm1, tm2] });
  const today = Math.floor(Date.now() / DAY) * DAY - 3 * 3_600_000;
  const at = (d: number) => new Date(today + d * DAY).toISOString();
  const stage = (title: string, from: number, to: number, responsibleId: number) => createTask(as, { title, groupId: group.id, startPlan: at(from), endPlan: at(to), responsibleId, description: '' });
  const search = await stage('Найти помещение', -3, 4, headSales);
  const lease = await stage('Подписать договор аренды', 4, 6, admin);
  const repair = await stage('Ремонт и мебель', 6, 18, tm1);
  const hire = await stage('Нанять менеджеров', 4, 20, headSales);
  const it = await stage('Подключить связь и технику', 12, 18, tm2);
  const open = await stage('Открытие', 20, 21, headSales);
  await createLink(as, { predecessorId: search.id, successorId: lease.id });
  await createLink(as, { predecessorId: lease.id, successorId: repair.id });
  await createLink(as, { predecessorId: lease.id, successorId: hire.id, kind: 'start_start' });
  await createLink(as, { predecessorId: repair.id, successorId: it.id, kind: 'finish_finish' });
  await createLink(as, { predecessorId: repair.id, successorId: open.id });
  await createLink(as, { predecessorId: hire.id, successorId: open.id });
}
