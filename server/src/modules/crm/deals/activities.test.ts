import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { crmData } from '../../../../test/crm/deals-support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { systemCtxFor } from '../../../../test/support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let data: ReturnType<typeof crmData>;
let sales: { id: number; stages: { id: number; name: string }[] };

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

/** An activity written straight to the table: these tests are about how the CRM's views show them. */
async function activity(
  portal: TestPortal,
  owner: { type: 'deal' | 'company' | 'contact' | 'lead'; id: number },
  o: { subject?: string; type?: 'call' | 'meeting' | 'email' | 'todo'; deadline?: string | null; completed?: boolean; responsibleId?: number } = {},
): Promise<number> {
  const now = new Date().toISOString();
  const row = await scoped(systemCtxFor(t, portal.portal))
    .insertInto('crm_activity', {
      type: o.type ?? 'call',
      subject: o.subject ?? 'Позвонить',
      owner_type: owner.type,
      owner_id: owner.id,
      responsible_id: o.responsibleId ?? portal.users.admin.id,
      author_id: portal.users.admin.id,
      deadline: o.deadline === undefined ? at(HOUR) : o.deadline,
      start_at: null,
      end_at: null,
      priority: 'normal',
      completed: o.completed ? 1 : 0,
      completed_at: o.completed ? now : null,
      version: 1,
      created_at: now,
      updated_at: now,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function deal(a: Agent, title: string, responsibleId: number, stage = 0): Promise<number> {
  const res = await a.post('/api/crm/deals', { title, stageId: sales.stages[stage]!.id, responsibleId });
  expect(res.statusCode).toBe(200);
  return res.json().id;
}

type Card = { id: number; activities: { planned: number; overdue: number; nearest: string | null } };

async function cards(a: Agent): Promise<Map<number, Card>> {
  const res = await a.get(`/api/crm/deals/kanban?pipelineId=${sales.id}`);
  expect(res.statusCode).toBe(200);
  return new Map((res.json().columns as { cards: Card[] }[]).flatMap((c) => c.cards).map((c) => [c.id, c]));
}

const subjects = (res: { json(): any }) => (res.json().items as { subject: string }[]).map((i) => i.subject);

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  data = crmData(t, p);
  // The employee reads and changes only their own deals.
  await data.role(p.users.employee.id, (perm) => {
    perm.deal.read = 'own';
    perm.deal.edit = 'own';
    perm.company.read = 'own';
  });
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  sales = (await admin.get('/api/crm/pipelines')).json().items[0];
});
afterAll(() => t?.dispose());

describe('activity counts on Kanban cards', () => {
  it('count the planned activities, the overdue ones and the nearest deadline; done ones do not count', async () => {
    const busy = await deal(admin, 'Сделка с делами', p.users.admin.id);
    const idle = await deal(admin, 'Сделка без задач', p.users.admin.id);
    const overdue = at(-2 * HOUR);
    await activity(p, { type: 'deal', id: busy }, { deadline: overdue });
    await activity(p, { type: 'deal', id: busy }, { deadline: at(5 * HOUR) });
    await activity(p, { type: 'deal', id: busy }, { deadline: null, type: 'todo' });
    await activity(p, { type: 'deal', id: busy }, { deadline: at(-HOUR), completed: true });
    const board = await cards(admin);
    expect(board.get(busy)!.activities).toEqual({ planned: 3, overdue: 1, nearest: overdue });
    expect(board.get(idle)!.activities).toEqual({ planned: 0, overdue: 0, nearest: null });
    // The next page of a column and a searched board carry them too.
    const searched = await admin.get(`/api/crm/deals/kanban?pipelineId=${sales.id}&search=${encodeURIComponent('с делами')}`);
    const found = (searched.json().columns as { cards: Card[] }[]).flatMap((c) => c.cards);
    expect(found.map((c) => [c.id, c.activities.planned])).toEqual([[busy, 3]]);
  });

  it('show only on the deals the viewer may read', async () => {
    const mine = await deal(admin, 'Сделка сотрудника', p.users.employee.id);
    const foreign = await deal(admin, 'Чужая сделка', p.users.other.id);
    await activity(p, { type: 'deal', id: mine }, { responsibleId: p.users.employee.id });
    await activity(p, { type: 'deal', id: foreign }, { responsibleId: p.users.employee.id });
    const board = await cards(employee);
    expect(board.get(mine)!.activities.planned).toBe(1);
    expect(board.has(foreign)).toBe(false);
  });
});

describe('the lists’ «Дела» column', () => {
  it('is offered and shown by default for every item type', async () => {
    for (const entity of ['company', 'contact', 'deal', 'lead']) {
      const res = await admin.get(`/api/crm/${entity}/columns`);
      const column = (res.json().items as { key: string; label: string; byDefault: boolean }[]).find((c) => c.key === 'activities');
      expect(column, entity).toMatchObject({ label: 'Дела', byDefault: true });
    }
  });

  it('holds the planned count, the overdue ones and the nearest deadline of each row', async () => {
    const company = await data.company('ООО «Дела идут»');
    const quiet = await data.company('ООО «Тишина»');
    const contact = await data.contact('Деловой', 'Пётр');
    const overdue = at(-3 * HOUR);
    await activity(p, { type: 'company', id: company }, { deadline: overdue, type: 'meeting' });
    await activity(p, { type: 'company', id: company }, { deadline: at(HOUR) });
    await activity(p, { type: 'contact', id: contact }, { deadline: at(2 * HOUR) });
    const companies = new Map(((await admin.get('/api/crm/company/list?pageSize=200')).json().items as { id: number; activities: unknown }[]).map((r) => [r.id, r.activities]));
    expect(companies.get(company)).toEqual({ planned: 2, overdue: 1, nearest: overdue });
    expect(companies.get(quiet)).toEqual({ planned: 0, overdue: 0, nearest: null });
    const contacts = new Map(((await admin.get('/api/crm/contact/list?pageSize=200')).json().items as { id: number; activities: { planned: number } }[]).map((r) => [r.id, r.activities.planned]));
    expect(contacts.get(contact)).toBe(1);
  });

  it('counts a company’s activities only for those who may read the company', async () => {
    const own = await data.company('Компания сотрудника', p.users.employee.id);
    const foreign = await data.company('Компания коллеги', p.users.other.id);
    await activity(p, { type: 'company', id: own });
    await activity(p, { type: 'company', id: foreign });
    const rows = (await employee.get('/api/crm/company/list?pageSize=200')).json().items as { id: number; activities: { planned: number } }[];
    expect(rows.map((r) => [r.id, r.activities.planned])).toEqual([[own, 1]]);
  });
});

describe('the deals’ «Дела» and «Календарь»', () => {
  let p2: TestPortal;
  let pipeline: number;
  let a: Agent;
  let e: Agent;
  let dealOfEmployee: number;
  let dealOfOther: number;

  beforeAll(async () => {
    p2 = await buildPortal(t);
    const d2 = crmData(t, p2);
    await d2.role(p2.users.employee.id, (perm) => {
      perm.deal.read = 'own';
      perm.deal.edit = 'own';
    });
    a = await signIn(t, p2.portal.name, p2.users.admin.email);
    e = await signIn(t, p2.portal.name, p2.users.employee.email);
    const pl = (await a.get('/api/crm/pipelines')).json().items[0];
    pipeline = pl.id;
    const mk = async (title: string, responsibleId: number) => (await a.post('/api/crm/deals', { title, stageId: pl.stages[0].id, responsibleId })).json().id as number;
    dealOfEmployee = await mk('Поставка мебели', p2.users.employee.id);
    dealOfOther = await mk('Ремонт офиса', p2.users.other.id);
    const own = { type: 'deal' as const, id: dealOfEmployee };
    await activity(p2, own, { subject: 'Просроченный звонок', deadline: at(-26 * HOUR), responsibleId: p2.users.employee.id });
    await activity(p2, own, { subject: 'Встреча завтра', type: 'meeting', deadline: at(30 * HOUR), responsibleId: p2.users.admin.id });
    await activity(p2, own, { subject: 'Письмо без срока', type: 'email', deadline: null, responsibleId: p2.users.employee.id });
    await activity(p2, own, { subject: 'Выполненный звонок', deadline: at(-HOUR), completed: true, responsibleId: p2.users.employee.id });
    await activity(p2, { type: 'deal', id: dealOfOther }, { subject: 'Звонок по ремонту', deadline: at(2 * HOUR), responsibleId: p2.users.other.id });
    // A company's activity stays out.
    await activity(p2, { type: 'company', id: await crmData(t, p2).company('Сторонняя') }, { subject: 'Дело компании' });
  });

  it('list the planned activities of the pipeline’s deals by deadline, the ones without a deadline last', async () => {
    const res = await a.get(`/api/crm/deals/activities?pipelineId=${pipeline}`);
    expect(res.statusCode).toBe(200);
    expect(subjects(res)).toEqual(['Просроченный звонок', 'Звонок по ремонту', 'Встреча завтра', 'Письмо без срока']);
    expect(res.json().total).toBe(4);
    const first = res.json().items[0];
    expect(first).toMatchObject({ owner: { type: 'deal', id: dealOfEmployee, title: 'Поставка мебели', url: `/crm/deal/details/${dealOfEmployee}` }, overdue: true, completed: false });
    expect(first.responsible).toMatchObject({ id: p2.users.employee.id });
  });

  it('filter like «Мои дела»: overdue, done, type, responsible, one deal', async () => {
    const q = (s: string) => a.get(`/api/crm/deals/activities?pipelineId=${pipeline}&${s}`);
    expect(subjects(await q('view=overdue'))).toEqual(['Просроченный звонок']);
    expect(subjects(await q('view=done'))).toEqual(['Выполненный звонок']);
    expect(subjects(await q('view=all&type=call'))).toEqual(['Просроченный звонок', 'Выполненный звонок', 'Звонок по ремонту']);
    expect(subjects(await q('responsible=me'))).toEqual(['Встреча завтра']);
    expect(subjects(await q(`responsible=${p2.users.other.id}`))).toEqual(['Звонок по ремонту']);
    expect(subjects(await q('q=встреча'))).toEqual(['Встреча завтра']);
    expect(subjects(await a.get(`/api/crm/deals/activities?dealId=${dealOfOther}`))).toEqual(['Звонок по ремонту']);
  });

  it('page by keyset without losing or repeating a row', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json(): any; statusCode: number } = await a.get(`/api/crm/deals/activities?pipelineId=${pipeline}&view=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...subjects(res));
      cursor = res.json().next;
    } while (cursor);
    expect(seen).toEqual(['Просроченный звонок', 'Выполненный звонок', 'Звонок по ремонту', 'Встреча завтра', 'Письмо без срока']);
  });

  it('give the calendar a window of deadlines', async () => {
    const res = await a.get(`/api/crm/deals/activities?pipelineId=${pipeline}&view=all&from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(48 * HOUR))}`);
    expect(subjects(res)).toEqual(['Звонок по ремонту', 'Встреча завтра']);
  });

  it('show an employee only the activities of the deals they may read, and whether they may change them', async () => {
    const res = await e.get(`/api/crm/deals/activities?pipelineId=${pipeline}&view=all`);
    expect(subjects(res)).toEqual(['Просроченный звонок', 'Выполненный звонок', 'Встреча завтра', 'Письмо без срока']);
    expect((res.json().items as { abilities: { edit: boolean } }[]).every((i) => i.abilities.edit)).toBe(true);
    expect((await e.get(`/api/crm/deals/activities?dealId=${dealOfOther}`)).statusCode).toBe(404);
  });

  it('answer «not found» for another portal’s pipeline or deal, and 400 with the field for bad input', async () => {
    expect((await admin.get(`/api/crm/deals/activities?pipelineId=${pipeline}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/crm/deals/activities?dealId=${dealOfEmployee}`)).statusCode).toBe(404);
    const bad = await a.get(`/api/crm/deals/activities?pipelineId=${pipeline}&view=soon`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('view');
    const badDate = await a.get(`/api/crm/deals/activities?pipelineId=${pipeline}&from=yesterday`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields[0].field).toBe('from');
    const badCursor = await a.get(`/api/crm/deals/activities?pipelineId=${pipeline}&cursor=nonsense`);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.fields[0].field).toBe('cursor');
  });
});
