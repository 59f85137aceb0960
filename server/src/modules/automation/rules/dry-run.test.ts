import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { crmData } from '../../../../test/crm/deals-support.js';
import { scoped } from '../../../platform/db/scoped.js';

/**
 * «Проверить на сделке»: the stage's robots run on a deal as they would, in order, a chain
 * seeing what the robots before it did, and nothing is written.
 */

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let as: Awaited<ReturnType<typeof signInAll>>;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  as = await signInAll(t, p);
  admin = as.admin;
});
afterAll(() => t?.dispose());

/** Rows of the tables a robot could write to: none of them may change. */
async function counts() {
  const ctx = crmData(t, p).ctx;
  const n = async (table: 'task' | 'domain_event' | 'automation_run' | 'crm_deal' | 'automation_version') =>
    Number(
      (
        await scoped(ctx)
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { tasks: await n('task'), events: await n('domain_event'), runs: await n('automation_run'), versions: await n('automation_version') };
}

describe('dry run', () => {
  it('reports what each robot would do — done, skipped, failed, waiting — and writes nothing', async () => {
    const pl = (await admin.post('/api/crm/pipelines', { name: 'Проверка' })).json();
    const [first, second] = pl.stages as { id: number }[];
    const field = (
      await admin.post('/api/crm/fields', {
        entityType: 'deal',
        label: 'Квалифицировать',
        type: 'list',
        options: [
          { id: 'yes', label: 'Да' },
          { id: 'no', label: 'Нет' },
        ],
      })
    ).json();
    const yes = (field.options as { id: string; label: string }[]).find((o) => o.label === 'Да')!.id;
    const rule = async (body: Record<string, unknown>) => {
      const res = await admin.post(`/api/automation/pipelines/${pl.id}/rules`, { kind: 'robot', stageId: second!.id, ...body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { id: number };
    };
    const task = await rule({ type: 'task.create', name: 'Позвонить', config: { title: 'Позвонить клиенту', responsible: { kind: 'responsible' } } });
    const skipped = await rule({ type: 'comment.add', name: 'Только для «Да»', config: { text: 'Да' }, condition: { terms: [{ field: field.code, op: 'eq', value: yes }] } });
    const set = await rule({ type: 'field.set', name: 'Поставить «Да»', config: { field: field.code, value: yes } });
    const sees = await rule({ type: 'comment.add', name: 'Видит «Да»', config: { text: 'Да' }, condition: { terms: [{ field: field.code, op: 'eq', value: yes }] }, start: { afterPrevious: true } });
    const check = await rule({ type: 'fields.check', name: 'Проверить компанию', config: { owner: 'company', fields: ['industry', 'inn'] }, start: { afterPrevious: true } });
    const after = await rule({ type: 'comment.add', name: 'После проверки', config: { text: 'Проверено' }, start: { afterPrevious: true } });
    const later = await rule({ type: 'comment.add', name: 'Через час', config: { text: 'Прошёл час' }, start: { delay: { mode: 'after', minutes: 60 } } });
    const no = (field.options as { id: string; label: string }[]).find((o) => o.label === 'Нет')!.id;
    const waits = await rule({ type: 'wait', name: 'Ждать «Нет»', config: { condition: { terms: [{ field: field.code, op: 'eq', value: no }] } } });
    const waitsToo = await rule({ type: 'comment.add', name: 'После ожидания', config: { text: 'Дождались' }, start: { afterPrevious: true } });
    const throws = await rule({ type: 'field.set', name: 'Ломается', config: { field: field.code, value: 'нет такого варианта' }, start: { on: 'field', field: field.code } });

    const deal = (await admin.post('/api/crm/deals', { title: 'Сделка для проверки', pipelineId: pl.id, stageId: first!.id, responsibleId: p.users.employee.id })).json();
    const before = await counts();
    const res = await admin.post(`/api/automation/pipelines/${pl.id}/dry-run`, { dealId: deal.id, stageId: second!.id });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as { dealId: number; stageId: number; steps: { ruleId: number; name: string; status: string; message: string }[] };
    expect(result).toMatchObject({ dealId: deal.id, stageId: second!.id });
    expect(result.steps.map((s) => [s.ruleId, s.status])).toEqual([
      [task.id, 'done'],
      [skipped.id, 'skipped'],
      [set.id, 'done'],
      [sees.id, 'done'],
      [check.id, 'failed'],
      [after.id, 'skipped'],
      [later.id, 'done'],
      [waits.id, 'waiting'],
      [waitsToo.id, 'waiting'],
      [throws.id, 'failed'],
    ]);
    expect(result.steps.every((s) => s.message.length > 0)).toBe(true);
    expect(result.steps[1]!.message).toBe('Условие не выполнено: робот пропущен');
    expect(result.steps[5]!.message).toBe('Предыдущий робот не выполнен: этот не запустится');
    expect(result.steps[6]!.message).toMatch(/^Через 60 мин\.: /);
    expect(result.steps[8]!.message).toBe('Ждёт, пока закончит робот «Ждать «Нет»»');
    expect(result.steps[9]!.message).toMatch(/^При заполнении поля «Квалифицировать»: .+/);

    // Nothing stayed: no task, no event, no run, the deal where it was with its fields as they were.
    expect(await counts()).toEqual(before);
    const now = (await admin.get(`/api/crm/deals/${deal.id}`)).json();
    expect(now.stageId).toBe(first!.id);
    expect(now.custom?.[field.code] ?? null).toBeNull();
    expect(now.version).toBe(deal.version);

    // Without a stage: the deal's own stage, which has no robots.
    const own = (await admin.post(`/api/automation/pipelines/${pl.id}/dry-run`, { dealId: deal.id })).json();
    expect(own).toEqual({ dealId: deal.id, stageId: first!.id, steps: [] });
    expect(await counts()).toEqual(before);
  });

  it('refuses a deal of another pipeline or portal, a foreign stage, and employees', async () => {
    const sales = (await admin.get('/api/crm/pipelines?entity=deal')).json().items.find((x: { code: string }) => x.code === 'sales');
    const other = (await admin.post('/api/crm/pipelines', { name: 'Чужая для проверки' })).json();
    const deal = (await admin.post('/api/crm/deals', { title: 'Сделка в продажах', pipelineId: sales.id })).json();
    const post = (body: unknown, pipelineId = sales.id, a = admin) => a.post(`/api/automation/pipelines/${pipelineId}/dry-run`, body);
    expect((await post({ dealId: deal.id }, other.id)).json().error.fields).toEqual([{ field: 'dealId', message: 'Сделка не из этой воронки' }]);
    expect((await post({ dealId: deal.id, stageId: other.stages[0].id })).json().error.fields).toEqual([{ field: 'stageId', message: 'Стадия не из этой воронки' }]);
    expect((await post({ dealId: 2_000_000_000 })).statusCode).toBe(404);
    expect((await post({ dealId: deal.id }, sales.id, as.employee)).statusCode).toBe(403);
    const q = await buildPortal(t);
    const b = await signInAll(t, q);
    const theirs = (await b.admin.get('/api/crm/pipelines?entity=deal')).json().items[0];
    expect((await post({ dealId: deal.id }, theirs.id, b.admin)).statusCode).toBe(404);
    expect((await post({ dealId: deal.id }, sales.id, b.admin)).statusCode).toBe(404);
  });
});
