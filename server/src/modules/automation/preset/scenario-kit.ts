import { expect } from 'vitest';
import type { BuiltApp } from '../../../app.js';
import { enginePart } from '../engine/part.js';
import { robotDef } from '../robots/index.js';
import { triggersPart } from '../triggers/part.js';
import { RESULT } from './codes.js';
import { dealOf, dealTasks, fullCompany, fullContact, ok, settle, type CallsPortal, type TaskLine } from './test-kit.js';

/**
 * The scenarios play SPEC §10 through the engine's robots and triggers: they run once those are
 * registered (the engine's processors, the robots the preset is made of, the triggers' processors).
 */
export const automationReady =
  enginePart.processors !== undefined &&
  triggersPart.processors !== undefined &&
  ['task.create', 'task.complete', 'task.deadline.shift', 'task.deadline.request', 'stage.change', 'fields.check'].every((type) => robotDef(type) !== undefined);

export const DAY = 86_400_000;

/** A call deal of the employee's with a company (filled or lacking ИНН and выручка) and a contact (with or without a position). */
export async function callDeal(
  t: BuiltApp,
  c: CallsPortal,
  opts: { title: string; company?: 'full' | 'partial'; contact?: 'full' | 'no_position' | 'none'; companyId?: number; responsibleId?: number },
) {
  const employee = c.p.users.employee.id;
  let companyId = opts.companyId;
  if (!companyId) {
    const full = fullCompany(`${opts.title}: компания`);
    const body = opts.company === 'partial' ? { ...full, inn: null, revenue: null } : full;
    companyId = (await ok(c.as.admin.post('/api/crm/companies', { ...body, responsibleId: employee }))).id as number;
  }
  const contactIds: number[] = [];
  if ((opts.contact ?? 'full') !== 'none') {
    const body = fullContact(companyId);
    const contact = await ok(c.as.admin.post('/api/crm/contacts', { ...body, ...(opts.contact === 'no_position' ? { position: '' } : {}), responsibleId: employee }));
    contactIds.push(contact.id);
  }
  const deal = await ok(c.as.admin.post('/api/crm/deals', { title: opts.title, pipelineId: c.pipelineId, companyId, contactIds, responsibleId: opts.responsibleId ?? c.p.users.head.id }));
  return { id: deal.id as number, companyId, contactId: contactIds[0] ?? null };
}

/** The head distributes the new request: sets the employee as responsible and closes her task. */
export async function distribute(t: BuiltApp, c: CallsPortal, dealId: number): Promise<void> {
  await settle(t, c, async () => (await dealTasks(t, c, dealId)).some((x) => x.title.startsWith('Распределить заявку')));
  const deal = await ok(c.as.head.get(`/api/crm/deals/${dealId}`));
  await ok(c.as.head.patch(`/api/crm/deals/${dealId}`, { responsibleId: c.p.users.employee.id, version: deal.version }));
  const task = (await dealTasks(t, c, dealId)).find((x) => x.title.startsWith('Распределить заявку'))!;
  await ok(c.as.head.post(`/api/tasks/${task.id}/actions/complete`, {}));
  await settle(t, c, async () => (await dealOf(t, c, dealId)).stage_id === c.stage.UNSORTED && (await dealTasks(t, c, dealId)).some((x) => x.title === 'Квалифицировать заявку'));
}

export async function setResult(c: CallsPortal, dealId: number, field: string, value: string) {
  return ok(c.as.employee.post(`/api/automation/deals/${dealId}/result`, { field, value }));
}

/** Sets a result and lets the robots finish. */
export async function result(t: BuiltApp, c: CallsPortal, dealId: number, field: string, value: string, until?: () => Promise<boolean>) {
  await setResult(c, dealId, field, value);
  await settle(t, c, until);
}

export const open = (tasks: TaskLine[], title: string) => tasks.filter((x) => x.title === title && x.status !== 'completed');

/** Brings a distributed deal from «Неразобранные» to `stage` by the results, checking each step's task. */
export async function advance(t: BuiltApp, c: CallsPortal, dealId: number, to: 'CONTACT' | 'WARM' | 'HOT'): Promise<void> {
  const steps = [
    { field: RESULT.qualify, next: c.stage.CONTACT, task: 'Найти ЛПР' },
    { field: RESULT.findLpr, next: c.stage.WARM, task: 'Узнать интерес' },
    { field: RESULT.interestWarm, next: c.stage.HOT, task: 'Узнать интерес' },
  ];
  const n = to === 'CONTACT' ? 1 : to === 'WARM' ? 2 : 3;
  for (const s of steps.slice(0, n)) {
    await result(t, c, dealId, s.field, 'yes', async () => (await dealOf(t, c, dealId)).stage_id === s.next && open(await dealTasks(t, c, dealId), s.task).length === 1);
  }
  expect((await dealOf(t, c, dealId)).stage_id).toBe(c.stage[to]);
}
