import { expect, test } from '@playwright/test';
import path from 'node:path';
import { PEOPLE } from '../support/env';
import { SHOTS_DIR, signIn } from '../support/portal';
import { unique } from '../support/crm-helpers';

test('the catalogue: a section, a product added in its card, found by another word form, shown in the list', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  await page.goto('/crm/catalog');
  await expect(page.getByRole('navigation', { name: 'Товары и склады' })).toBeVisible();
  await expect(page.getByRole('tree', { name: 'Разделы' })).toContainText('Печать');
  await page.screenshot({ path: path.join(SHOTS_DIR, 'e2e-catalog-list.png') });

  const section = unique('Сувениры');
  await page.getByRole('button', { name: 'Добавить раздел' }).click();
  await page.getByRole('dialog').getByLabel('Название раздела').fill(section);
  await page.getByRole('dialog').getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('tree', { name: 'Разделы' }).getByRole('button', { name: section, exact: true }).click();

  const name = unique('Кружка керамическая');
  await page.getByRole('button', { name: 'Добавить товар' }).first().click();
  const card = page.getByRole('form', { name: 'Новый товар' });
  await card.getByLabel('Название').fill(name);
  await card.getByLabel('Артикул').fill('SV-MUG');
  await card.getByLabel('Цена').fill('-5');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(card.getByText('Цена — неотрицательное число, не больше двух знаков после запятой')).toBeVisible();
  await card.getByLabel('Цена').fill('450');
  await card.getByLabel('Ставка НДС').click();
  await page.getByRole('option', { name: '20 %' }).click();
  await page.screenshot({ path: path.join(SHOTS_DIR, 'e2e-catalog-card.png') });
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('form', { name: 'Новый товар' })).toHaveCount(0);

  const list = page.getByRole('table', { name: 'Каталог товаров' });
  await expect(list).toContainText(name);
  await expect(list).toContainText('450\u00a0₽');

  await page.getByText('Все товары').click();
  await page.getByRole('textbox', { name: 'Поиск по названию и артикулу' }).fill('кружки керамические');
  await expect(list.getByRole('row')).toHaveCount(2);
  await expect(list).toContainText(name);
  await page.getByRole('textbox', { name: 'Поиск по названию и артикулу' }).fill('визитки');
  await expect(list).toContainText('Визитки 90×50, 4+4, 100 шт');
  await page.screenshot({ path: path.join(SHOTS_DIR, 'e2e-catalog-search.png') });
});
