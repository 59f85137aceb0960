import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn } from '../support/portal';
import {
  api,
  columnCount,
  columnCountBadge,
  createDeal,
  dragCardTo,
  kanbanBoard,
  kanbanCard,
  kanbanColumn,
  listTable,
  salesPipeline,
  settled,
  stageId,
  toast,
  unique,
  uniqueWord,
} from '../support/crm-helpers';

/**
 * What the list and board kit (web/src/ui/data-list, web/src/ui/kanban) adds to the CRM's
 * lists and Kanban: «Отменить» after a move, the card's return on a conflict, page buttons and
 * the keyboard, and group actions with their confirmation.
 */

const FIRST = 'Новая';
const SECOND = 'Подготовка документов';
const WORK = 'В работе';

async function newDealOnBoard(page: Page): Promise<string> {
  const pipeline = await salesPipeline(page);
  const title = unique('Сделка e2e кит');
  await createDeal(page, { title, pipelineId: pipeline.id, stageId: stageId(pipeline, FIRST), amount: '1000' });
  await page.goto('/crm/deal/kanban');
  await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toBeVisible();
  return title;
}

test.describe('the Kanban kit', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, PEOPLE.admin);
  });

  test('«Отменить» in the toast after a move brings the card back, and the server keeps it there', async ({ page }) => {
    const title = await newDealOnBoard(page);
    const firstBefore = await columnCount(page, FIRST);
    const workBefore = await columnCount(page, WORK);
    await dragCardTo(page, kanbanCard(kanbanColumn(page, FIRST), title), kanbanColumn(page, WORK));
    const moved = toast(page, `Сделка «${title}» перенесена в «${WORK}»`);
    await expect(moved).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, WORK), title)).toBeVisible();
    await expect(columnCountBadge(page, WORK, workBefore + 1)).toBeVisible();

    await moved.getByRole('button', { name: 'Отменить' }).click();
    await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, WORK), title)).toHaveCount(0);
    await expect(columnCountBadge(page, FIRST, firstBefore)).toBeVisible();
    await expect(columnCountBadge(page, WORK, workBefore)).toBeVisible();

    await page.reload();
    await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, WORK), title)).toHaveCount(0);
  });

  test('a move the server refuses as a conflict (409) returns the card to its place with a clear message', async ({ page }) => {
    const title = await newDealOnBoard(page);
    const firstBefore = await columnCount(page, FIRST);
    // The board's copy of the deal is stale: the move is sent with an older version than the server's.
    await page.route('**/api/crm/deals/*/stage', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { version: number };
      await route.continue({ postData: JSON.stringify({ ...body, version: body.version - 1 }) });
    });
    const answer = page.waitForResponse((r) => /\/api\/crm\/deals\/\d+\/stage$/.test(r.url()));
    await dragCardTo(page, kanbanCard(kanbanColumn(page, FIRST), title), kanbanColumn(page, WORK));
    expect((await answer).status()).toBe(409);
    await expect(toast(page, 'Карточку уже изменили')).toBeVisible();
    await expect(toast(page, `Пока вы перетаскивали, «${title}» изменил другой пользователь`)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, WORK), title)).toHaveCount(0);
    await expect(columnCountBadge(page, FIRST, firstBefore)).toBeVisible();
    await expect(toast(page, `Сделка «${title}» перенесена`)).toHaveCount(0);
    await page.unroute('**/api/crm/deals/*/stage');

    await page.reload();
    await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toBeVisible();
  });

  test('a card moves to the next column with the keyboard: Space, arrows, Space, where the focus stays visible', async ({ page }) => {
    const title = await newDealOnBoard(page);
    const handle = kanbanCard(kanbanColumn(page, FIRST), title).locator('xpath=..');
    await handle.focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect(toast(page, `Сделка «${title}» перенесена в «${SECOND}»`)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, SECOND), title)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toHaveCount(0);
    await page.reload();
    await expect(kanbanBoard(page)).toBeVisible();
    await expect(kanbanCard(kanbanColumn(page, SECOND), title)).toBeVisible();
  });
});

test.describe('the data list kit', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, PEOPLE.admin);
    await api(page, 'PUT', '/api/crm/deal/list-settings', { columns: [], sort: null, order: 'desc', pageSize: 20, presets: [] });
  });
  test.afterEach(async ({ page }) => {
    await api(page, 'PUT', '/api/crm/deal/list-settings', { columns: [], sort: null, order: 'desc', pageSize: 20, presets: [] }).catch(() => undefined);
  });

  test('group actions: the stage of two selected deals changes at once, then both are deleted after a confirmation', async ({ page }) => {
    const pipeline = await salesPipeline(page);
    const word = uniqueWord('Группа');
    const titles = [`Поставка ${word} один`, `Поставка ${word} два`];
    for (const title of titles) await createDeal(page, { title, pipelineId: pipeline.id, stageId: stageId(pipeline, FIRST), amount: '5000' });

    await page.goto(`/crm/deal/list?q=${encodeURIComponent(word)}`);
    const table = listTable(page, 'Сделки');
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await settled(table);
    for (const title of titles) await table.getByRole('checkbox', { name: `Выбрать «${title}»` }).check();
    const bar = page.getByRole('toolbar', { name: 'Групповые действия' });
    await expect(bar.getByText('Выбрано: 2')).toBeVisible();

    await bar.getByRole('button', { name: 'Сменить стадию' }).click();
    const dialog = page.getByRole('dialog', { name: 'Сменить стадию' });
    await dialog.getByRole('combobox', { name: 'Новая стадия' }).click();
    await page.getByRole('option', { name: WORK, exact: true }).click();
    await dialog.getByRole('button', { name: 'Применить' }).click();
    await expect(toast(page, 'Готово: 2')).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(bar).toBeHidden();
    for (const title of titles) await expect(table.getByRole('row').filter({ hasText: title })).toContainText(WORK);

    await table.getByRole('checkbox', { name: 'Выбрать все на странице' }).check();
    await bar.getByRole('button', { name: 'Удалить' }).click();
    const confirm = page.getByRole('dialog', { name: 'Удалить?' });
    await expect(confirm).toContainText('В корзину попадёт элементов: 2.');
    await confirm.getByRole('button', { name: 'Удалить' }).click();
    await expect(toast(page, 'Удалено: 2')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Ничего не найдено' })).toBeVisible();
  });

  test("the ⋮ menus: a row's opens its card, and the card's own lists its actions", async ({ page }) => {
    const pipeline = await salesPipeline(page);
    const title = `Меню ${uniqueWord('Строка')}`;
    await createDeal(page, { title, pipelineId: pipeline.id, stageId: stageId(pipeline, FIRST), amount: '1000' });
    await page.goto(`/crm/deal/list?q=${encodeURIComponent(title)}`);
    const table = listTable(page, 'Сделки');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await table.getByRole('button', { name: `Действия с «${title}»` }).click();
    await expect(page.getByRole('menuitem', { name: 'Копировать' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Удалить' })).toBeVisible();
    await page.getByRole('menuitem', { name: 'Открыть' }).click();
    const card = page.getByRole('dialog').filter({ hasText: title });
    await expect(card.getByRole('heading', { name: title })).toBeVisible();
    await card.getByRole('button', { name: 'Действия', exact: true }).click();
    await expect(page.getByRole('menuitem').first()).toBeVisible();
  });

  test('page buttons and the arrow keys move between pages, and the address keeps the page', async ({ page }) => {
    await api(page, 'PUT', '/api/crm/deal/list-settings', { columns: [], sort: null, order: 'desc', pageSize: 10, presets: [] });
    const pipeline = await salesPipeline(page);
    const word = uniqueWord('Страницы');
    for (let i = 1; i <= 12; i++) await createDeal(page, { title: `Пачка ${word} ${i}`, pipelineId: pipeline.id, stageId: stageId(pipeline, FIRST) });
    await page.goto(`/crm/deal/list?q=${encodeURIComponent(word)}`);
    const table = listTable(page, 'Сделки');
    await expect(page.getByText('Всего: 12', { exact: true })).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(10);
    const pager = page.getByRole('navigation', { name: 'Страницы' });
    await expect(pager.getByText('Страница 1 из 2')).toBeVisible();

    await pager.getByRole('button', { name: 'Страница 2', exact: true }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(pager.getByRole('button', { name: 'Страница 2', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(table.locator('tbody tr')).toHaveCount(2);

    await pager.getByRole('button', { name: 'Предыдущая страница' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/[?&]page=2/);
    await page.keyboard.press('ArrowLeft');
    await expect(page).not.toHaveURL(/[?&]page=/);
    await expect(table.locator('tbody tr')).toHaveCount(10);
    await page.reload();
    await pager.getByRole('button', { name: 'Следующая страница' }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await page.reload();
    await expect(pager.getByText('Страница 2 из 2')).toBeVisible();
  });
});
