import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PORTAL } from '../demo/seed.js';
import { signIn, startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.dispose());

describe('demo portal', () => {
  it("is made of each module's demo data, once; a later start finds it and lists the same people", async () => {
    const first = await seedDemo(t.platform, 'demo-password-1');
    expect(first.created).toBe(true);
    expect(first.logins.map((l) => l.email)).toEqual([
      'admin@vavilon.example',
      'head.tm@vavilon.example',
      'tm1@vavilon.example',
      'tm2@vavilon.example',
      'head.sales@vavilon.example',
      'sales1@vavilon.example',
    ]);
    const again = await seedDemo(t.platform, 'demo-password-1');
    expect(again).toMatchObject({ created: false, password: null });
    expect(again.logins.map((l) => l.email)).toEqual(first.logins.map((l) => l.email));

    // The users', the CRM's and the operator's parts are all there.
    const admin = await signIn(t, DEMO_PORTAL.name, 'admin@vavilon.example', 'demo-password-1');
    const deals = await admin.get('/api/crm/deal/count');
    expect(deals.statusCode).toBe(200);
    expect(deals.json().total).toBeGreaterThan(5);
    expect((await admin.get('/api/crm/company/count')).json().total).toBeGreaterThan(5);
    expect((await admin.get('/api/operator/me')).json()).toEqual({ operator: true });
    // The workday's month: days with hours, a late start, a missed day and one left open; a request waits.
    const month = new Date().toISOString().slice(0, 7);
    const prev = new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 7);
    const reps = await Promise.all([...new Set([prev, month])].map(async (m) => (await admin.get(`/api/workday/report?month=${m}`)).json()));
    const cells = reps.flatMap((r: { rows: { days: { workedMs: number; late: boolean; unclosed: boolean; corrected: boolean }[] }[] }) => r.rows.flatMap((row) => row.days));
    expect(cells.filter((d) => d.workedMs > 0).length).toBeGreaterThan(40);
    expect(cells.some((d) => d.late)).toBe(true);
    expect(cells.some((d) => d.unclosed)).toBe(true);
    expect(cells.some((d) => d.corrected)).toBe(true);
    const sales = await signIn(t, DEMO_PORTAL.name, 'head.sales@vavilon.example', 'demo-password-1');
    expect((await sales.get('/api/workday/requests')).json().items.some((r: { status: string; abilities: { decide: boolean } }) => r.status === 'pending' && r.abilities.decide)).toBe(true);
  });
});
