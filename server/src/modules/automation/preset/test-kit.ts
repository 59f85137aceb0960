import type { BuiltApp } from '../../../app.js';
import { scoped } from '../../../platform/db/scoped.js';
import { buildPortal, signInAll, type Agent, type TestPortal } from '../../../../test/harness.js';
import { drainUntil, systemCtxFor } from '../../../../test/support.js';
import { CALLS_PIPELINE, TM_DEPARTMENT, type CallStage } from './codes.js';

export interface CallsPortal {
  p: TestPortal;
  as: Record<'admin' | 'head' | 'employee' | 'other', Agent>;
  pipelineId: number;
  salesId: number;
  stage: Record<CallStage, number>;
  tmDepartment: number;
}

/** A test portal whose «Отдел телемаркетинга» (made by the preset) has the portal's head at its head. */
export async function callsPortal(t: BuiltApp): Promise<CallsPortal> {
  const p = await buildPortal(t);
  const as = await signInAll(t, p);
  const deps = (await ok(as.admin.get('/api/departments'))).items as { id: number; name: string; version: number }[];
  const dep = deps.find((d) => d.name === TM_DEPARTMENT)!;
  await ok(as.admin.patch(`/api/departments/${dep.id}`, { headId: p.users.head.id, version: dep.version }));
  const pipelines = (await as.admin.get('/api/crm/pipelines')).json().items as { id: number; code: string; stages: { id: number; code: string }[] }[];
  const calls = pipelines.find((x) => x.code === CALLS_PIPELINE.code)!;
  const stage = Object.fromEntries(calls.stages.map((s) => [s.code, s.id])) as Record<CallStage, number>;
  return { p, as, pipelineId: calls.id, salesId: pipelines.find((x) => x.code === 'sales')!.id, stage, tmDepartment: dep.id };
}

/** The fields «Квалифицировать — Да» needs, all filled. */
export const fullCompany = (title: string) => ({
  title,
  industry: 'Строительство',
  revenue: '1000000.00',
  inn: '7707083893',
  phones: [{ type: 'work', value: '+7 495 111-22-33' }],
  emails: [{ type: 'work', value: 'info@example.test' }],
});

export const fullContact = (companyId: number) => ({
  lastName: 'Иванов',
  firstName: 'Пётр',
  position: 'Директор',
  phones: [{ type: 'mobile', value: '+7 916 111-22-33' }],
  emails: [{ type: 'work', value: 'ivanov@example.test' }],
  companyIds: [companyId],
});

export async function ok<T = any>(res: Promise<{ statusCode: number; body: string; json(): any }>): Promise<T> {
  const r = await res;
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as T;
}

export interface TaskLine {
  id: number;
  title: string;
  status: string;
  responsibleId: number | null;
  deadline: string | null;
  locked: boolean;
  description: string;
}

/** The tasks bound to the deal, oldest first. */
export async function dealTasks(t: BuiltApp, c: CallsPortal, dealId: number): Promise<TaskLine[]> {
  const rows = await scoped(systemCtxFor(t, c.p.portal))
    .selectFrom('task')
    .innerJoin('task_crm_link', 'task_crm_link.task_id', 'task.id')
    .select(['task.id', 'task.title', 'task.description', 'task.status', 'task.responsible_id', 'task.deadline', 'task.allow_change_deadline'])
    .where('task_crm_link.entity_type', '=', 'deal')
    .where('task_crm_link.entity_id', '=', dealId)
    .orderBy('task.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, responsibleId: r.responsible_id, deadline: r.deadline, locked: !r.allow_change_deadline, description: r.description ?? '' }));
}

export async function notificationsOf(t: BuiltApp, c: CallsPortal, userId: number): Promise<{ title: string; body: string }[]> {
  return scoped(systemCtxFor(t, c.p.portal)).selectFrom('notification').select(['title', 'body']).where('user_id', '=', userId).orderBy('id').execute();
}

export async function commentsOf(t: BuiltApp, c: CallsPortal, dealId: number): Promise<string[]> {
  const rows = await scoped(systemCtxFor(t, c.p.portal)).selectFrom('comment').select('html').where('entity_type', '=', 'deal').where('entity_id', '=', dealId).orderBy('id').execute();
  return rows.map((r) => r.html);
}

export async function dealOf(t: BuiltApp, c: CallsPortal, dealId: number) {
  return scoped(systemCtxFor(t, c.p.portal)).selectFrom('crm_deal').selectAll().where('id', '=', dealId).executeTakeFirstOrThrow();
}

/** Runs the processors until the deal's robots have nothing left to do now (no pending run, no undelivered event). */
export async function settle(t: BuiltApp, c: CallsPortal, check?: () => Promise<boolean>): Promise<void> {
  await drainUntil(t, async () => {
    await t.platform.events.drain();
    await t.platform.jobs.runDue(new Date());
    const pending = await scoped(systemCtxFor(t, c.p.portal)).selectFrom('automation_run').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst();
    return !pending && (check ? await check() : true);
  });
}
