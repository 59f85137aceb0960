import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { SHOTS_DIR, signIn } from '../support/portal';
import { api, createDeal, crmShot, escapeRegExp, kanbanBoard, kanbanCard, kanbanColumn, salesPipeline, stageId, toast, unique } from '../support/crm-helpers';

/** A screenshot of the screen as it is (a full-page one would resize the page, and so cancel a drag or move the scroll). */
function viewShot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: `${SHOTS_DIR}/e2e-crm-${name}.png` });
}

/** The titles of a Kanban column's cards, top to bottom. */
async function cardTitles(column: Locator): Promise<string[]> {
  return column.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Starts dragging `card` with the mouse and moves the pointer to (x, y); the button stays down. */
async function dragTo(page: Page, card: Locator, x: number, y: number): Promise<void> {
  await card.scrollIntoViewIfNeeded();
  const from = (await card.boundingBox())!;
  const sx = from.x + from.width / 2;
  const sy = from.y + 20;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 10, sy + 4, { steps: 4 });
  await page.mouse.move(x, y, { steps: 20 });
  await page.mouse.move(x + 1, y + 1, { steps: 2 });
}

test('a card dragged between two cards of another column lands there, as the preview showed, and stays there after a reload', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  const sales = await salesPipeline(page);
  const upper = unique('Сделка сверху');
  const lower = unique('Сделка снизу');
  const moved = unique('Сделка перенос');
  // New deals come in at the top of their column: «снизу» first, then «сверху» above it.
  await createDeal(page, { title: lower, stageId: stageId(sales, 'В работе') });
  await createDeal(page, { title: upper, stageId: stageId(sales, 'В работе') });
  await createDeal(page, { title: moved, stageId: stageId(sales, 'Новая') });
  await page.reload();
  await expect(kanbanBoard(page)).toBeVisible();
  const work = kanbanColumn(page, 'В работе');
  await expect(kanbanCard(work, lower)).toBeVisible();
  expect((await cardTitles(work)).slice(0, 2)).toEqual([upper, lower]);

  // Drag «перенос» to the gap between the two: the preview shows there, not at the column's top.
  const target = (await kanbanCard(work, lower).boundingBox())!;
  await dragTo(page, kanbanCard(kanbanColumn(page, 'Новая'), moved), target.x + target.width / 2, target.y - 2);
  const preview = work.locator('[data-drop-preview]');
  await expect(preview).toBeVisible();
  const [hint, above, below] = await Promise.all([preview.boundingBox(), kanbanCard(work, upper).boundingBox(), kanbanCard(work, lower).boundingBox()]);
  expect(hint!.y).toBeGreaterThan(above!.y + above!.height - 1);
  expect(hint!.y + hint!.height).toBeLessThan(below!.y + 1);
  await viewShot(page, 'ux-kanban-drop-preview');
  await page.mouse.up();

  // It lands where the preview stood…
  await expect(kanbanCard(work, moved)).toBeVisible();
  await expect(preview).toHaveCount(0);
  await expect.poll(async () => (await cardTitles(work)).slice(0, 3)).toEqual([upper, moved, lower]);
  await crmShot(page, 'ux-kanban-dropped');
  // …and stays there for the server too.
  await page.reload();
  await expect(kanbanCard(kanbanColumn(page, 'В работе'), moved)).toBeVisible();
  expect((await cardTitles(kanbanColumn(page, 'В работе'))).slice(0, 3)).toEqual([upper, moved, lower]);
  await expect(kanbanCard(kanbanColumn(page, 'Новая'), moved)).toHaveCount(0);

  // Within the column: dragged above «сверху», it goes to the top and stays there.
  const top = (await kanbanCard(kanbanColumn(page, 'В работе'), upper).boundingBox())!;
  await dragTo(page, kanbanCard(kanbanColumn(page, 'В работе'), moved), top.x + top.width / 2, top.y + 4);
  await page.mouse.up();
  await expect.poll(async () => (await cardTitles(kanbanColumn(page, 'В работе'))).slice(0, 3)).toEqual([moved, upper, lower]);
  await page.reload();
  await expect(kanbanCard(kanbanColumn(page, 'В работе'), moved)).toBeVisible();
  expect((await cardTitles(kanbanColumn(page, 'В работе'))).slice(0, 3)).toEqual([moved, upper, lower]);
});

test('after «Сохранить» of a block edited in place, the card stays at that block and the save bar goes', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 700 });
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  const title = unique('Сделка прокрутка');
  await createDeal(page, { title, stageId: stageId(await salesPipeline(page), 'Новая') });
  await page.reload();
  await kanbanCard(kanbanColumn(page, 'Новая'), title).getByRole('link', { name: title }).click();
  const card = page.getByRole('dialog', { name: `Сделка: ${title}` });
  await expect(card).toBeVisible();
  const block = card.getByRole('region', { name: 'О сделке' });
  await block.getByRole('button', { name: /Изменить/ }).click();
  // The block in edit mode is taller than the screen: the user scrolls down to its last field.
  // The client path's UTM fields are named in Russian, as in Bitrix24.
  await expect(block.getByRole('textbox', { name: 'Рекламная система (utm_source)' })).toBeVisible();
  await block.getByRole('textbox', { name: 'Тип трафика (utm_medium)' }).fill('email');
  for (const label of ['Обозначение рекламной кампании (utm_campaign)', 'Содержание кампании (utm_content)', 'Условие поиска кампании (utm_term)']) {
    await expect(block.getByRole('textbox', { name: label })).toBeVisible();
  }
  await expect(block).not.toContainText('UTM');
  const comments = block.getByRole('textbox', { name: 'Комментарий' });
  await comments.scrollIntoViewIfNeeded();
  await comments.fill('Позвонить после обеда');
  await viewShot(page, 'ux-card-before-save');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Изменения сохранены')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Сохранить' })).toHaveCount(0);
  await expect(block.getByText('Позвонить после обеда')).toBeVisible();
  // The saved block is where the eye is: its head on screen under the card's header, not scrolled off above.
  const header = (await card.locator('header:visible').first().boundingBox())!;
  const box = (await block.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
  expect(box.y).toBeLessThan(700 - 100);
  await expect(block.getByRole('button', { name: /Изменить/ })).toBeInViewport();
  await viewShot(page, 'ux-card-after-save');

  // The history speaks impersonally: the portal does not know whether the author is a man or a woman.
  const history = card.getByRole('list', { name: 'История' });
  await expect(history.getByRole('listitem').last()).toContainText('Запись создана');
  await expect(history).toContainText('Комментарий: пусто → Позвонить после обеда');
  await expect(history).toContainText('Тип трафика (utm_medium): пусто → email');
  await expect(history).not.toContainText('(а)');
  await expect(history).not.toContainText('UTM');
  await expect(block).toContainText('Тип трафика (utm_medium): email');
});

test('a stage colour is picked from a palette, not typed as hex, and the layout hint matches its lists', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/settings/pipelines' });
  const name = unique('Воронка цвета');
  const pipeline = await api<{ id: number; stages: { id: number; name: string; color: string }[] }>(page, 'POST', '/api/crm/pipelines', { name });
  const stage = pipeline.stages[0]!;
  await page.reload();
  await page.getByRole('list', { name: 'Воронка' }).getByRole('listitem').filter({ hasText: name }).click();
  const stages = page.getByRole('list', { name: 'Стадии' });
  await expect(stages.getByRole('textbox', { name: 'Название стадии' }).first()).toHaveValue(stage.name);
  // No hex to type anywhere on the page.
  await expect(page.getByRole('textbox', { name: 'Цвет' })).toHaveCount(0);
  const swatch = stages.getByRole('button', { name: new RegExp(`^Цвет стадии «${escapeRegExp(stage.name)}»: `) });
  await swatch.click();
  const palette = page.getByRole('dialog', { name: `Цвет стадии «${stage.name}»` });
  await expect(palette.getByRole('group', { name: 'Цвета' }).getByRole('button')).toHaveCount(16);
  await viewShot(page, 'ux-stage-colours');
  await palette.getByRole('button', { name: 'Оранжевый', exact: true }).click();
  await expect(toast(page, 'Сохранено')).toBeVisible();
  await expect(palette).toBeHidden();
  await expect(swatch).toHaveAccessibleName(`Цвет стадии «${stage.name}»: Оранжевый`);
  const after = await api<{ items: { id: number; stages: { id: number; color: string }[] }[] }>(page, 'GET', '/api/crm/pipelines');
  expect(after.items.find((p) => p.id === pipeline.id)!.stages.find((s) => s.id === stage.id)!.color).toBe('#ffa900');
  await page.reload();
  await page.getByRole('list', { name: 'Воронка' }).getByRole('listitem').filter({ hasText: name }).click();
  await expect(page.getByRole('list', { name: 'Стадии' }).getByRole('button', { name: `Цвет стадии «${stage.name}»: Оранжевый` })).toBeVisible();
  await api(page, 'DELETE', `/api/crm/pipelines/${pipeline.id}`);

  // The card layout: each field's block is chosen in a list, and the hint says so.
  await page.goto('/crm/settings/fields');
  const layout = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: 'Расположение в карточке' }) });
  await expect(layout.getByText('Выберите в списке справа от поля блок')).toBeVisible();
  await expect(layout).not.toContainText('Перетащите');
  await expect(layout.getByRole('combobox', { name: 'Блок: Сумма' })).toHaveValue('О сделке');
  await viewShot(page, 'ux-layout-hint');
});

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the deal card shows whole stage names in a bar that scrolls sideways, and the pipeline settings keep the stage names readable', async ({ page }) => {
    await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
    const sales = await salesPipeline(page);
    const title = unique('Сделка на телефоне');
    const deal = await createDeal(page, { title, stageId: stageId(sales, 'Финальный счёт') });
    await page.goto(`/crm/deal/details/${deal.id}`);
    const bar = page.getByRole('group', { name: 'Стадии' });
    await expect(bar).toBeVisible();
    // The current stage, far to the right, is scrolled into view.
    await expect(bar.getByRole('button', { name: 'Финальный счёт (текущая стадия)' })).toBeInViewport({ ratio: 0.95 });
    // No stage name is cut off, and the page itself does not scroll sideways.
    const cut = await bar.getByRole('button').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(cut).toEqual([]);
    const box = (await bar.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await viewShot(page, 'ux-phone-stage-bar');
    // The last stage is reached by scrolling the bar.
    const last = bar.getByRole('button', { name: 'Перевести на стадию «Сделка провалена»' });
    await last.scrollIntoViewIfNeeded();
    await expect(last).toBeInViewport({ ratio: 0.95 });

    await page.goto('/crm/settings/pipelines');
    const names = page.getByRole('list', { name: 'Стадии' }).getByRole('textbox', { name: 'Название стадии' });
    await expect(names.first()).toHaveValue('Новая');
    for (const w of await names.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))) expect(w).toBeGreaterThan(150);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await viewShot(page, 'ux-phone-pipeline-settings');
  });
});

test.describe('the deals calendar on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('marks the days and lists the month’s deals with whole titles', async ({ page }) => {
    await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
    const title = unique('Сделка в календаре с длинным названием');
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    await api(page, 'POST', '/api/crm/deals', { title, closeDate: day });
    await page.goto('/crm/deal/calendar');
    // The calendar opens on the deals' activities; the deals' own dates are the other view.
    await page.getByRole('radiogroup', { name: 'Показывать' }).getByText('Даты сделок').click();
    const agenda = page.getByRole('list', { name: 'Сделки месяца по дням' });
    const link = agenda.getByRole('link', { name: new RegExp(escapeRegExp(title)) });
    await expect(link).toBeVisible();
    expect(await link.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    await expect(
      page
        .getByRole('grid', { name: 'Календарь сделок' })
        .getByLabel(/^\d+ сдел/)
        .first(),
    ).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await crmShot(page, 'ux-phone-calendar');
  });
});
