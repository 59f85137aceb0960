import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api, toast, unique, uniqueWord } from '../support/crm-helpers';

/** A product of the catalogue, made through its API: the warehouses' pages pick it by name. */
async function product(page: Page, name: string, unit = 'шт'): Promise<{ id: number; name: string }> {
  return api(page, 'POST', '/api/crm/catalog/products', { name, sku: uniqueWord('SKU'), unit, price: '120.00', vatRate: 20 });
}

/** Picks `name` in the document's product search and gives its row a quantity. */
async function addRow(page: Page, name: string, quantity: string) {
  const picker = page.getByRole('combobox', { name: 'Добавить товар' });
  await picker.fill(name);
  await page.getByRole('option', { name: new RegExp(name) }).click();
  const qty = page.getByRole('textbox', { name: `Количество: ${name}` });
  await qty.fill(quantity);
}

async function newDocument(page: Page, type: 'Приход' | 'Списание', warehouse: string) {
  await page.goto('/crm/catalog/documents');
  await page.getByRole('button', { name: 'Создать' }).click();
  await page.getByRole('menuitem', { name: type }).click();
  await expect(page.getByRole('heading', { name: `${type}: новый документ` })).toBeVisible();
  const field = page.getByRole('combobox', { name: type === 'Приход' ? 'На склад' : 'Со склада' });
  await field.click();
  await page.getByRole('option', { name: warehouse, exact: true }).click();
}

test('a receipt, then a write-off move the stock; a write-off beyond the stock is refused naming the product and how much is short', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const warehouse = unique('Склад e2e');
  await api(page, 'POST', '/api/crm/store/warehouses', { name: warehouse });
  const paper = await product(page, unique('Бумага e2e'));

  // «Приход»: 10 sheets into the new warehouse.
  await newDocument(page, 'Приход', warehouse);
  await addRow(page, paper.name, '10');
  await shot(page, 'store-receipt-draft');
  await page.getByRole('button', { name: 'Провести' }).click();
  await expect(toast(page, 'Документ проведён')).toBeVisible();
  await expect(page.getByText('Проведён', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Отменить проведение' })).toBeVisible();
  await shot(page, 'store-receipt-posted');

  // «Списание» of 4: the stock shows 6.
  await newDocument(page, 'Списание', warehouse);
  await addRow(page, paper.name, '4');
  await page.getByRole('button', { name: 'Провести' }).click();
  await expect(toast(page, 'Документ проведён')).toBeVisible();

  await page.goto('/crm/catalog/store');
  await page.getByRole('textbox', { name: 'Найти товар по названию или артикулу' }).fill(paper.name);
  const stock = page.getByRole('table', { name: 'Остатки товаров' });
  const row = stock.getByRole('row').filter({ hasText: paper.name });
  await expect(stock.getByRole('row')).toHaveCount(2); // the header and the one product found
  await expect(row).toHaveCount(1);
  const headers = await stock.getByRole('columnheader').allInnerTexts();
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(cells[headers.findIndex((h) => h.trim() === warehouse)]).toBe('6 шт');
  await shot(page, 'store-stock');

  // The product's history: the write-off and the receipt, newest first.
  await row.getByRole('button', { name: `История остатков: ${paper.name}` }).click();
  const history = page.getByRole('table', { name: 'Движения товара' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('−4');
  await expect(history.getByRole('row').nth(2)).toContainText('+10');
  await shot(page, 'store-history');
  await page.keyboard.press('Escape');

  // A write-off of 9 when 6 are left: refused, the message names the product and the shortfall.
  await newDocument(page, 'Списание', warehouse);
  await addRow(page, paper.name, '9');
  await page.getByRole('button', { name: 'Провести' }).click();
  await expect(page.getByRole('alert')).toHaveText(`Не хватает: «${paper.name}» — 3 шт`);
  await expect(page.getByText('Черновик', { exact: true })).toBeVisible();
  await shot(page, 'store-writeoff-refused');

  // Nothing moved.
  const left = await api<{ items: { byWarehouse: Record<string, number> }[] }>(page, 'GET', `/api/crm/store/stock?productId=${paper.id}`);
  expect(Object.values(left.items[0]!.byWarehouse)).toEqual([6]);

  await page.goto('/crm/catalog/documents');
  await expect(page.getByRole('table', { name: 'Складские документы' })).toBeVisible();
  await shot(page, 'store-documents');
});
