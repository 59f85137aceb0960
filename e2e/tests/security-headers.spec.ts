import { expect, test, type ConsoleMessage } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { openFromMenu, signIn } from '../support/portal';

/** The app works under its Content-Security-Policy: no inline script, no framing, nothing blocked. */
test('the portal runs under its Content-Security-Policy with nothing blocked', async ({ page }) => {
  const blocked: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  page.on('pageerror', (e) => blocked.push(String(e)));

  const first = await page.goto('/');
  const headers = await first!.allHeaders();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  await expect(page.getByRole('combobox', { name: 'Воронка' })).toBeVisible();
  await openFromMenu(page, 'Сотрудники');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(blocked).toEqual([]);
});
