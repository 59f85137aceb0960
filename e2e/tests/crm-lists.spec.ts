import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn } from '../support/portal';
import { api, columnHeaders, createDeal, crmShot, listTable, salesPipeline, settled, stageId, uniqueWord } from '../support/crm-helpers';

/** The admin's deal list as a fresh portal has it: default columns, no sort, 20 rows. */
async function resetDealList(page: Page): Promise<void> {
  await api(page, 'PUT', '/api/crm/deal/list-settings', { columns: [], sort: null, order: 'desc', pageSize: 20, presets: [] });
}

function headerCell(table: Locator, label: string): Locator {
  return table.locator('thead th').filter({ has: table.page().getByRole('button', { name: label, exact: true }) });
}

/** The amounts of the rows shown, in roubles («1 240 000 ₽» → 1240000). */
async function amounts(table: Locator): Promise<number[]> {
  const headers = await table.locator('thead th').allInnerTexts();
  const col = headers.findIndex((h) => h.trim() === 'Сумма');
  expect(col).toBeGreaterThan(0);
  const cells = await table.locator(`tbody tr td:nth-child(${col + 1})`).allInnerTexts();
  return cells.map((c) => Number(c.replace(/[^\d,]/g, '').replace(',', '.')));
}

test.describe('the deal list', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, PEOPLE.admin);
    await resetDealList(page);
  });
  test.afterEach(async ({ page }) => {
    await resetDealList(page).catch(() => undefined);
  });

  test('the chosen columns and the sort are remembered across reloads', async ({ page }) => {
    await page.goto('/crm/deal/list');
    await expect(page.getByRole('navigation', { name: 'Вид' }).getByRole('link', { name: 'Список' })).toHaveAttribute('aria-current', 'page');
    const table = listTable(page, 'Сделки');
    await expect(table.getByRole('checkbox', { name: 'Выбрать все на странице' })).toBeVisible();
    await settled(table);
    const before = await columnHeaders(table);
    expect(before).toContain('Ответственный');
    expect(before).not.toContain('Дата завершения');

    // «Настроить колонки»: add «Дата завершения», remove «Ответственный».
    await table.getByRole('button', { name: 'Настроить колонки' }).click();
    const chooser = page.getByRole('group', { name: 'Колонки списка' });
    await expect(chooser).toBeVisible();
    await chooser.getByRole('checkbox', { name: 'Дата завершения', exact: true }).check();
    await chooser.getByRole('checkbox', { name: 'Ответственный', exact: true }).uncheck();
    await crmShot(page, 'lists-columns-chooser');
    await chooser.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect(chooser).toBeHidden();
    const expected = before.filter((h) => h !== 'Ответственный');
    expected.splice(expected.indexOf('Компания') + 1, 0, 'Дата завершения');
    await expect.poll(() => columnHeaders(table)).toEqual(expected);

    // Sort by «Сумма», ascending.
    await table.getByRole('button', { name: 'Сумма', exact: true }).click();
    await expect(headerCell(table, 'Сумма')).toHaveAttribute('aria-sort', 'ascending');
    await settled(table);

    await page.reload();
    await expect(table.getByRole('checkbox', { name: 'Выбрать все на странице' })).toBeVisible();
    await settled(table);
    await expect.poll(() => columnHeaders(table)).toEqual(expected);
    await expect(headerCell(table, 'Сумма')).toHaveAttribute('aria-sort', 'ascending');
    const shown = await amounts(table);
    expect(shown.length).toBeGreaterThan(3);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    await crmShot(page, 'lists-columns-sorted');

    // A second click: descending, also remembered.
    await table.getByRole('button', { name: 'Сумма', exact: true }).click();
    await expect(headerCell(table, 'Сумма')).toHaveAttribute('aria-sort', 'descending');
    await settled(table);
    await page.reload();
    await expect(headerCell(table, 'Сумма')).toHaveAttribute('aria-sort', 'descending');
    await settled(table);
    const desc = await amounts(table);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  test('the search finds a deal by one word of its title', async ({ page }) => {
    const pipeline = await salesPipeline(page);
    const word = uniqueWord('Стеллаж');
    const title = `Поставка ${word} для архива`;
    await createDeal(page, { title, pipelineId: pipeline.id, stageId: stageId(pipeline, 'Подготовка документов'), amount: '125000' });

    await page.goto('/crm/deal/list');
    const table = listTable(page, 'Сделки');
    await expect(table.getByRole('checkbox', { name: 'Выбрать все на странице' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Отборы' }).getByText('Мои', { exact: true })).toBeVisible();
    await page.getByRole('textbox', { name: 'Поиск' }).fill(word);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(word)}`));
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.getByRole('link', { name: title, exact: true })).toBeVisible();
    await expect(page.getByText('Всего: 1', { exact: true })).toBeVisible();
    await crmShot(page, 'lists-search');

    // A word that matches nothing: the empty state with «Сбросить фильтр».
    await page.getByRole('textbox', { name: 'Поиск' }).fill(`${word}нет`);
    await expect(page.getByRole('heading', { name: 'Ничего не найдено' })).toBeVisible();
    await page.getByRole('button', { name: 'Сбросить фильтр' }).click();
    await expect(page.getByRole('textbox', { name: 'Поиск' })).toHaveValue('');
    await expect(table.locator('tbody tr').nth(1)).toBeVisible();
  });
});
