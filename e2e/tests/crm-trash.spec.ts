import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, signIn } from '../support/portal';
import { api, createDeal, crmNav, crmShot, listTable, toast, unique } from '../support/crm-helpers';

test('a deleted deal comes back with its activity and comment by «Отменить»', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/list' });
  const title = unique('Сделка в корзину');
  const deal = await createDeal(page, { title, amount: '5000' });
  const activity = await api<{ id: number }>(page, 'POST', '/api/crm/activities', { type: 'call', subject: 'Позвонить перед удалением', owner: { type: 'deal', id: deal.id } });
  await api(page, 'POST', `/api/comments/deal/${deal.id}`, { html: '<p>Комментарий до удаления</p>' });

  await page.goto(`/crm/deal/list?q=${encodeURIComponent(title)}`);
  const table = listTable(page, 'Сделки');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await table.getByRole('button', { name: `Действия с «${title}»` }).click();
  await page.getByRole('menuitem', { name: 'Удалить' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('попадёт в корзину');
  await confirm.getByRole('button', { name: 'Удалить' }).click();

  const deleted = toast(page, `«${title}» удалено`);
  await expect(deleted).toBeVisible();
  await expect(table.getByText(title)).toHaveCount(0);
  await crmShot(page, 'trash-deleted-toast');
  await deleted.getByRole('button', { name: 'Отменить' }).click();
  await expect(toast(page, 'Восстановлено')).toBeVisible();
  await expect(table.getByText(title)).toBeVisible();

  // The same deal, with what was bound to it.
  const back = await api<{ id: number; title: string }>(page, 'GET', `/api/crm/deals/${deal.id}`);
  expect(back).toMatchObject({ id: deal.id, title });
  expect((await api<{ id: number }>(page, 'GET', `/api/crm/activities/${activity.id}`)).id).toBe(activity.id);
  const comments = await api<{ items: { html: string }[] }>(page, 'GET', `/api/comments/deal/${deal.id}`);
  expect(comments.items.map((c) => c.html).join()).toContain('Комментарий до удаления');
});

test('the «Корзина» page lists a deleted contact and «Восстановить» brings it back', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/contact/list' });
  const lastName = unique('Удалёнкин');
  const contact = await api<{ id: number }>(page, 'POST', '/api/crm/contacts', { lastName, firstName: 'Пётр' });
  await api(page, 'DELETE', `/api/crm/contacts/${contact.id}`);

  await crmNav(page).getByRole('link', { name: 'Корзина' }).click();
  await expect(page).toHaveURL(/\/crm\/trash$/);
  await expect(mainContent(page).getByRole('heading', { name: 'Корзина' })).toBeVisible();
  await page.getByText('Контакты ·', { exact: false }).click();
  await expect(page).toHaveURL(/\/crm\/trash\?type=contact$/);
  const row = page.getByRole('row').filter({ hasText: `${lastName} Пётр` });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Контакт');
  await expect(mainContent(page).getByRole('button', { name: 'Очистить корзину' })).toBeVisible();
  await crmShot(page, 'trash-page');

  await row.getByRole('button', { name: `Восстановить: ${lastName} Пётр` }).click();
  await expect(toast(page, 'Восстановлено: 1')).toBeVisible();
  await expect(row).toHaveCount(0);
  const back = await api<{ id: number; lastName: string }>(page, 'GET', `/api/crm/contacts/${contact.id}`);
  expect(back).toMatchObject({ id: contact.id, lastName });
});

test('«Удалить навсегда» removes one entry after a confirmation; the item is gone for good', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/trash?type=company' });
  const title = unique('ООО «Навсегда»');
  const company = await api<{ id: number }>(page, 'POST', '/api/crm/companies', { title });
  await api(page, 'DELETE', `/api/crm/companies/${company.id}`);
  await page.reload();

  const row = page.getByRole('row').filter({ hasText: title });
  await row.getByRole('button', { name: `Удалить навсегда: ${title}` }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('будет удалён навсегда');
  await crmShot(page, 'trash-remove-confirm');
  await confirm.getByRole('button', { name: 'Удалить навсегда' }).click();
  await expect(toast(page, `Удалено навсегда: «${title}»`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(api(page, 'POST', '/api/crm/trash/restore', { items: [{ type: 'company', id: company.id }] })).rejects.toThrow(/404/);
  expect((await page.request.get(`/api/crm/companies/${company.id}`)).status()).toBe(404);
});
