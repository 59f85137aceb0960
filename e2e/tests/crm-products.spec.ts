import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import path from 'node:path';
import { SHOTS_DIR, signIn } from '../support/portal';
import { api, createDeal, crmShot, unique } from '../support/crm-helpers';

/** Money as the card shows it: thin spaces between thousands, a no-break space before ₽. */
const rub = (text: string) => `${text.replace(/ /g, '\u202f')}\u00a0₽`;

test('a product with 20 % VAT added on top: the name takes the row, the row and the totals show the VAT, the deal amount is the total', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка e2e товары') });
  await page.goto(`/crm/deal/details/${deal.id}`);

  const products = page.getByRole('region', { name: 'Товары и услуги' });
  await products.getByRole('button', { name: 'Добавить товар' }).click();
  const name = products.getByRole('textbox', { name: 'Название, строка 1' });
  await name.fill('Проектирование кухни');
  await products.getByRole('textbox', { name: 'Цена, строка 1' }).fill('1000');
  await products.getByRole('textbox', { name: 'Кол-во, строка 1' }).fill('1');
  await products.getByRole('textbox', { name: 'Налог, %, строка 1' }).fill('20');
  await expect(products.getByRole('checkbox', { name: 'Налог включён, строка 1' })).not.toBeChecked();

  // The name field takes the free width of the row, not a sliver of it.
  const nameBox = (await name.boundingBox())!;
  const regionBox = (await products.boundingBox())!;
  expect(nameBox.width).toBeGreaterThan(regionBox.width * 0.7);

  // While editing: the row's sum holds the tax, and the totals show net, VAT and total.
  await expect(products.getByLabel('Сумма, строка 1')).toHaveText(rub('1 200'));
  const totals = products.getByRole('definition');
  await expect(products.getByText('Сумма без налога', { exact: true })).toBeVisible();
  await expect(products.getByText('Налог (НДС)', { exact: true })).toBeVisible();
  await expect(totals).toHaveText([rub('1 000'), rub('200'), rub('1 200')]);
  await crmShot(page, 'deal-products-editing');
  await products.screenshot({ path: path.join(SHOTS_DIR, 'e2e-crm-deal-products-editing-block.png') });

  // «Налог включён»: the same price now holds the tax.
  await products.getByRole('checkbox', { name: 'Налог включён, строка 1' }).check();
  await expect(totals).toHaveText([rub('833,33'), rub('166,67'), rub('1 000')]);
  await products.getByRole('checkbox', { name: 'Налог включён, строка 1' }).uncheck();
  await expect(totals).toHaveText([rub('1 000'), rub('200'), rub('1 200')]);

  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(products.getByRole('textbox', { name: 'Название, строка 1' })).toHaveCount(0);
  await expect(products.getByRole('cell', { name: 'Проектирование кухни' })).toBeVisible();
  await expect(totals).toHaveText([rub('1 000'), rub('200'), rub('1 200')]);
  await crmShot(page, 'deal-products-saved');
  await products.screenshot({ path: path.join(SHOTS_DIR, 'e2e-crm-deal-products-saved-block.png') });

  // The server computed the same: the deal's amount is the total with VAT.
  const saved = await api<{ amount: string; productTotals: Record<string, string> }>(page, 'GET', `/api/crm/deals/${deal.id}`);
  expect(saved.amount).toBe('1200.00');
  expect(saved.productTotals).toEqual({ discount: '0.00', net: '1000.00', tax: '200.00', total: '1200.00' });
  await page.reload();
  await expect(products.getByRole('definition')).toHaveText([rub('1 000'), rub('200'), rub('1 200')]);
});

test('a discount off each unit and an amount typed by hand: «Пересчитать по товарам» brings the amount back to the rows', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка e2e скидка') });
  const d = await api<{ version: number }>(page, 'GET', `/api/crm/deals/${deal.id}`);
  await api(page, 'PATCH', `/api/crm/deals/${deal.id}`, {
    version: d.version,
    products: [{ name: 'Печать баннера', price: '1000', quantity: 3, unit: 'м²', discountType: 'sum', discountSum: '100', taxPercent: 20, taxIncluded: false }],
    amount: '3000',
    amountManual: true,
  });
  await page.goto(`/crm/deal/details/${deal.id}`);
  const products = page.getByRole('region', { name: 'Товары и услуги' });
  await expect(products.getByRole('cell', { name: 'Печать баннера' })).toBeVisible();
  // (1000 − 100) × 3 = 2700, + 20 % = 540 → 3240; the deal's amount stays as typed.
  await expect(products.getByRole('definition')).toHaveText([rub('2 700'), rub('300'), rub('540'), rub('3 240')]);
  await expect(products.getByText(`Сумма введена вручную: ${rub('3 000')}`)).toBeVisible();
  await products.screenshot({ path: path.join(SHOTS_DIR, 'e2e-crm-deal-products-manual-block.png') });

  await products.getByRole('button', { name: 'Пересчитать по товарам' }).click();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(products.getByText(/Сумма введена вручную/)).toHaveCount(0);
  await expect.poll(async () => (await api<{ amount: string; amountManual: boolean }>(page, 'GET', `/api/crm/deals/${deal.id}`)).amount).toBe('3240.00');
  await products.screenshot({ path: path.join(SHOTS_DIR, 'e2e-crm-deal-products-recalc-block.png') });
});
