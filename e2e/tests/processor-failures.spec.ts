import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, openFromMenu, shot, shotName, signIn } from '../support/portal';

test.describe('«Ошибки обработки событий»', () => {
  test('a settings page of the site map: nothing failed in the demo portal', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.admin);
    await openFromMenu(page, 'Карта сайта');
    const settings = mainContent(page).getByRole('region', { name: 'Настройки' });
    await settings.getByRole('link', { name: /Ошибки обработки событий/ }).click();
    await expect(page).toHaveURL(/\/settings\/processor-failures$/);
    const main = mainContent(page);
    await expect(main.getByRole('heading', { name: 'Ошибки обработки событий', level: 1 })).toBeVisible();
    await expect(main.getByText('Ошибок нет')).toBeVisible();
    await expect(main.getByText('Все события портала обработаны.')).toBeVisible();
    await shot(page, shotName(testInfo, 'empty'));
  });

  test('lists failed events and retries one with a toast', async ({ page }, testInfo) => {
    // The server's side (real failures, retries) is tested in server/test/platform/event-processors.test.ts;
    // here the page is given two failures to show.
    const at = new Date().toISOString();
    const items = [
      {
        id: 2,
        processor: 'notifications.users',
        eventId: 812,
        eventType: 'users.user.updated',
        entityType: 'user',
        entityId: '7',
        attempts: 5,
        lastError: 'relation "notification" is locked',
        status: 'failed',
        nextAttemptAt: null,
        createdAt: at,
        updatedAt: at,
      },
      {
        id: 1,
        processor: 'history',
        eventId: 640,
        eventType: 'crm.deal.updated',
        entityType: 'deal',
        entityId: '31',
        attempts: 2,
        lastError: 'handler took longer than 5000 ms; a handler may only write to the database (side effects go to afterCommit or a job)',
        status: 'retrying',
        nextAttemptAt: new Date(Date.now() + 4000).toISOString(),
        createdAt: at,
        updatedAt: at,
      },
    ];
    let retried: string | null = null;
    await page.route('**/api/admin/processor-failures?*', (route) => route.fulfill({ json: { items, total: 2, page: 1, pageSize: 50 } }));
    await page.route('**/api/admin/processor-failures/*/retry', (route) => {
      retried = route.request().url();
      return route.fulfill({ json: { retried: 1 } });
    });
    await signIn(page, PEOPLE.admin, { start: '/settings/processor-failures' });
    const main = mainContent(page);
    const rows = main.getByRole('row');
    await expect(rows).toHaveCount(3);
    const failed = rows.filter({ hasText: 'users.user.updated' });
    await expect(failed.getByText('Ошибка', { exact: true })).toBeVisible();
    await expect(failed.getByText('relation "notification" is locked')).toBeVisible();
    await expect(main.getByRole('button', { name: 'Повторить все: history' })).toBeVisible();
    await shot(page, shotName(testInfo, 'list'));
    await failed.getByRole('button', { name: 'Повторить' }).click();
    await expect(page.getByText('Событие будет обработано ещё раз')).toBeVisible();
    expect(retried).toMatch(/\/api\/admin\/processor-failures\/2\/retry$/);
    await shot(page, shotName(testInfo, 'retried'));
  });
});
