import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/harness.js';
import { callsPortal, fullCompany, ok, type CallsPortal } from './test-kit.js';

/** The preset's CRM roles: in «Воронка обзвона» a telemarketer works their own deals, the department's head all of the department's. */
let t: TestApp;
let c: CallsPortal;

beforeAll(async () => {
  t = await startTestApp();
  c = await callsPortal(t);
  for (const who of ['head', 'employee', 'other'] as const) {
    const u = await ok(c.as.admin.get(`/api/users/${c.p.users[who].id}`));
    await ok(c.as.admin.patch(`/api/users/${u.id}`, { departmentId: c.tmDepartment, version: u.version }));
  }
});
afterAll(() => t?.dispose());

const titles = (page: { items: { title: string }[] }) => page.items.map((d) => d.title).sort();

describe('the telemarketing department in «Воронка обзвона»', () => {
  it('lets a telemarketer see and change only their own call deals, and the head the whole department’s', async () => {
    const company = await ok(c.as.admin.post('/api/crm/companies', fullCompany('ООО «Обзвон»')));
    const mine = await ok(c.as.admin.post('/api/crm/deals', { title: 'Звонок: свой', pipelineId: c.pipelineId, companyId: company.id, responsibleId: c.p.users.employee.id }));
    const theirs = await ok(c.as.admin.post('/api/crm/deals', { title: 'Звонок: коллеги', pipelineId: c.pipelineId, companyId: company.id, responsibleId: c.p.users.other.id }));
    const list = (who: 'employee' | 'head') => ok(c.as[who].get(`/api/crm/deal/list?pipelineId=${c.pipelineId}&pageSize=50`));

    expect(titles(await list('employee'))).toEqual(['Звонок: свой']);
    expect((await c.as.employee.get(`/api/crm/deals/${theirs.id}`)).statusCode).toBe(404);
    expect((await c.as.employee.get(`/api/crm/deals/${mine.id}`)).statusCode).toBe(200);
    expect(titles(await list('head'))).toEqual(['Звонок: коллеги', 'Звонок: свой']);
    const d = await ok(c.as.head.get(`/api/crm/deals/${theirs.id}`));
    expect((await c.as.head.patch(`/api/crm/deals/${theirs.id}`, { title: 'Звонок: коллеги (проверено)', version: d.version })).statusCode).toBe(200);
  });
});
