import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PORTAL } from '../../demo/seed.js';
import { signIn, startTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.dispose());

describe('the demo portal’s activities', () => {
  it('give the demo people planned ones today, overdue, this week and done ones, with reminders, on deals and clients', async () => {
    await seedDemo(t.platform, 'demo-password-1');
    const head = await signIn(t, DEMO_PORTAL.name, 'head.sales@vavilon.example', 'demo-password-1');
    const all = (await head.get('/api/crm/activities?view=all&limit=200')).json() as { items: { owner: { type: string }; remindBefore: number | null; completed: boolean }[] };
    expect(all.items.length).toBeGreaterThan(5);
    expect(all.items.some((a) => a.completed)).toBe(true);
    expect(all.items.some((a) => a.remindBefore !== null)).toBe(true);
    const everyone = (await (await signIn(t, DEMO_PORTAL.name, 'admin@vavilon.example', 'demo-password-1')).get('/api/crm/activities?view=all&responsible=any&limit=200')).json();
    expect(everyone.total).toBeGreaterThan(30);
    expect(new Set(everyone.items.map((a: { owner: { type: string } }) => a.owner.type))).toEqual(new Set(['deal', 'company', 'contact']));
    const counters = (await head.get('/api/crm/activities/counters')).json();
    expect(counters.overdue).toBeGreaterThan(0);
    expect(counters.planned).toBeGreaterThan(counters.overdue);
  });
});
