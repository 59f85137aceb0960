import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn, signedInPage } from '../support/portal';
import { api, createDeal, crmShot, listTable, uniqueWord } from '../support/crm-helpers';

/** Every frame the page's live socket receives, as text; resolves `ready` once it listens. */
function liveFrames(page: Page): { frames: string[]; ready: Promise<void> } {
  const frames: string[] = [];
  const ready = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/api/realtime')) return;
      ws.on('framereceived', ({ payload }) => {
        frames.push(String(payload));
        if (String(payload).includes('"type":"ready"')) resolve();
      });
    });
  });
  return { frames, ready };
}

test("another user's change refreshes the open deal list, and a deal the viewer may not read never reaches their page", async ({ page, browser }) => {
  // The head of sales watches the deal list; the administrator, in another browser, works on deals.
  const live = liveFrames(page);
  await signIn(page, PEOPLE.headSales);
  await live.ready;
  const me = await api<{ user: { id: number } }>(page, 'GET', '/api/auth/me');
  await page.goto('/crm/deal/list');
  const table = listTable(page, 'Сделки');
  await expect(table).toBeVisible();

  const admin = await signedInPage(browser, PEOPLE.admin);
  try {
    const tm1 = (await api<{ items: { id: number; email: string | null }[] }>(admin.page, 'GET', `/api/users?search=${encodeURIComponent('Кузнецов')}`)).items[0]!;
    // Telemarketing's deal: not the head of sales' department.
    const hidden = await createDeal(admin.page, { title: uniqueWord('Чужая'), responsibleId: tm1.id });
    const title = uniqueWord('Живая');
    const deal = await createDeal(admin.page, { title, responsibleId: me.user.id });
    await expect(table.getByRole('link', { name: title, exact: true })).toBeVisible();

    const full = await api<{ version: number }>(admin.page, 'GET', `/api/crm/deals/${deal.id}`);
    await api(admin.page, 'PATCH', `/api/crm/deals/${deal.id}`, { version: full.version, title: `${title}Новая` });
    await expect(table.getByRole('link', { name: `${title}Новая`, exact: true })).toBeVisible();
    await crmShot(page, 'live-list');

    expect(live.frames.some((f) => f.includes(`"entityId":"${deal.id}"`))).toBe(true);
    expect(live.frames.filter((f) => f.includes('"entityType":"deal"') && f.includes(`"entityId":"${hidden.id}"`))).toEqual([]);
    expect(live.frames.join('\n')).not.toContain(hidden.title);
  } finally {
    await admin.context.close();
  }
});
