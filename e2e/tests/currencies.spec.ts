import { expect, test } from '@playwright/test';
import path from 'node:path';
import { PEOPLE } from '../support/env';
import { SHOTS_DIR, signIn } from '../support/portal';
import { api, crmShot, kanbanBoard, kanbanCard, kanbanColumn, salesPipeline, uniqueWord } from '../support/crm-helpers';

/** Money as the portal shows it: thin spaces between thousands, a no-break space before the symbol. */
const money = (text: string, symbol = '₽') => `${text.replace(/ /g, '\u202f')}\u00a0${symbol}`;

test('a rate entered in «Валюты» converts a dollar deal in the Kanban column sum; the card keeps its dollars', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/settings/currencies' });
  const table = page.getByRole('table', { name: 'Валюты' });
  await expect(table.getByRole('row').filter({ hasText: 'Российский рубль' })).toContainText('базовая');
  const usd = table.getByRole('row').filter({ hasText: 'Доллар США' });
  await usd.getByRole('button', { name: 'Задать курс' }).click();

  const dialog = page.getByRole('dialog', { name: 'Курс: Доллар США' });
  const rate = dialog.getByRole('textbox', { name: 'Курс к RUB' });
  // A bad rate is refused under the field.
  await rate.fill('0');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.getByText('Введите курс положительным числом, например 90,5')).toBeVisible();
  await rate.fill('90');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(usd).toContainText('90 ₽ за 1 USD');
  await crmShot(page, 'currencies-settings');

  // Two deals with one word in their titles: 1 000 ₽ and 100 $ in the first stage.
  const word = uniqueWord('Валютная');
  const sales = await salesPipeline(page);
  const first = sales.stages[0]!;
  await api(page, 'POST', '/api/crm/deals', { title: `${word} рубли`, amount: '1000', currency: 'RUB', stageId: first.id });
  await api(page, 'POST', '/api/crm/deals', { title: `${word} доллары`, amount: '100', currency: 'USD', stageId: first.id });

  await page.goto('/crm/deal/kanban');
  await expect(kanbanBoard(page)).toBeVisible();
  await page.getByRole('textbox', { name: 'Поиск' }).fill(word);
  const column = kanbanColumn(page, first.name);
  await expect(kanbanCard(column, `${word} доллары`)).toBeVisible();
  await expect(kanbanCard(column, `${word} доллары`)).toContainText(money('100', '$'));
  await expect(column).toContainText(money('10 000'));
  await crmShot(page, 'currencies-kanban-mixed');

  // A new rate: the column's sum follows without a change to any deal.
  await api(page, 'POST', '/api/crm/currencies/USD/rates', { rate: '95', validFrom: new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' }) });
  await page.reload();
  await page.getByRole('textbox', { name: 'Поиск' }).fill(word);
  await expect(kanbanColumn(page, first.name)).toContainText(money('10 500'));

  // The list of deals shows the same sum beside its total.
  await page.goto(`/crm/deal/list`);
  await page.getByRole('textbox', { name: 'Поиск' }).first().fill(word);
  await expect(page.getByTestId('list-sum')).toHaveText(`Сумма: ${money('10 500')}`);
  await crmShot(page, 'currencies-list-sum');

  // A dollar deal's products: their total in roubles too, at today's rate.
  const withRows = await api<{ id: number }>(page, 'POST', '/api/crm/deals', {
    title: `${word} товары`,
    currency: 'USD',
    stageId: first.id,
    products: [{ name: 'Консультация', price: '50', quantity: 2 }],
  });
  await page.goto(`/crm/deal/details/${withRows.id}`);
  const products = page.getByRole('region', { name: 'Товары и услуги' });
  await expect(products.getByTestId('in-base')).toHaveText(`В базовой валюте: ${money('9 500')} (курс 95)`);
  await products.screenshot({ path: path.join(SHOTS_DIR, 'e2e-crm-currencies-deal-products.png') });
});
