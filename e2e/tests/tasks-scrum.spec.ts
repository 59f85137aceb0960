import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn, signedInPage } from '../support/portal';
import { api, dragCardTo, kanbanCard, toast, unique } from '../support/crm-helpers';

const PROJECT = 'Скрам: Портал';
const tabs = (page: Page) => page.getByRole('navigation', { name: 'Разделы проекта' });
const column = (board: Locator, status: string) => board.getByRole('region', { name: status, exact: true });
const row = (scope: Page | Locator, title: string) => scope.getByRole('listitem', { name: title, exact: true });
/** Today in Moscow, as the burndown's days are counted. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function dragRowTo(page: Page, handle: Locator, target: Locator): Promise<void> {
  await handle.scrollIntoViewIfNeeded();
  const from = (await handle.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 10, { steps: 5 });
  const to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 8, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2 + 2, to.y + to.height - 6, { steps: 2 });
  await page.mouse.up();
}

test('a sprint with story points runs on its board, items are completed and the burndown follows', async ({ page }) => {
  // The whole sprint in one story: longer than one page's check.
  test.setTimeout(120_000);
  await signIn(page, PEOPLE.admin, { start: '/tasks/scrum' });
  const card = page.getByRole('listitem', { name: PROJECT });
  await expect(card).toBeVisible();
  await expect(card.getByText('Идёт «Спринт 2»', { exact: false })).toBeVisible();
  await shot(page, 'tasks-scrum-projects');

  // The demo project: planning, the running sprint's board and its reports.
  await card.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { name: PROJECT, level: 1 })).toBeVisible();
  await expect(tabs(page).getByRole('link', { name: 'Планирование' })).toHaveAttribute('aria-current', 'page');
  const backlog = page.getByRole('list', { name: 'Бэклог', exact: true });
  await expect(row(backlog, 'Чат с менеджером')).toBeVisible();
  await shot(page, 'tasks-scrum-planning');

  // The epics filter leaves one epic's items.
  await page.getByRole('combobox', { name: 'Фильтр по эпику' }).click();
  await page.getByRole('option', { name: 'Оплата онлайн' }).click();
  await expect(row(backlog, 'Возврат платежа')).toBeVisible();
  await expect(row(backlog, 'Чат с менеджером')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Фильтр по эпику' }).click();
  await page.getByRole('option', { name: 'Без эпика' }).click();
  await expect(row(backlog, 'Возврат платежа')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Фильтр по эпику' }).click();
  await page.getByRole('option', { name: 'Все эпики' }).click();
  await expect(row(backlog, 'Чат с менеджером')).toBeVisible();

  await tabs(page).getByRole('link', { name: 'Активный спринт' }).click();
  const demoBoard = page.getByRole('region', { name: 'Доска спринта «Спринт 2»' });
  await expect(kanbanCard(demoBoard, 'Оплата картой')).toBeVisible();
  await shot(page, 'tasks-scrum-sprint');
  await tabs(page).getByRole('link', { name: 'Отчёты' }).click();
  await expect(page.getByRole('figure', { name: 'Диаграмма сгорания' }).locator('.recharts-line').first()).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Скорость команды' }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  await shot(page, 'tasks-scrum-reports');

  // The demo sprint is completed; its unfinished items go back to the backlog.
  await tabs(page).getByRole('link', { name: 'Активный спринт' }).click();
  await page.getByRole('button', { name: 'Завершить спринт' }).click();
  const done = page.getByRole('dialog', { name: 'Завершить «Спринт 2»' });
  await done.getByRole('radio', { name: 'В бэклог' }).check();
  await shot(page, 'tasks-scrum-complete-dialog');
  await done.getByRole('button', { name: 'Завершить спринт' }).click();
  await expect(toast(page, 'Спринт «Спринт 2» завершён')).toBeVisible();
  await expect(page.getByText('Нет активного спринта')).toBeVisible();

  // A new sprint is planned with three items estimated in story points.
  await tabs(page).getByRole('link', { name: 'Планирование' }).click();
  const sprintName = unique('Спринт e2e');
  await page.getByRole('button', { name: 'Создать спринт' }).click();
  const form = page.getByRole('dialog', { name: 'Создать спринт' });
  await form.getByRole('textbox', { name: 'Название спринта' }).fill(sprintName);
  await form.getByRole('textbox', { name: 'Цель спринта' }).fill('Проверить доску и диаграмму');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, `Спринт «${sprintName}» создан`)).toBeVisible();
  const sprintList = page.getByRole('list', { name: sprintName, exact: true });
  await expect(sprintList).toBeVisible();

  const items = [unique('Вёрстка'), unique('API'), unique('Тесты')];
  const points = [5, 3, 2];
  const quick = page.getByRole('textbox', { name: 'Новая задача в бэклог' });
  for (const [i, title] of items.entries()) {
    await quick.fill(title);
    await quick.press('Enter');
    await expect(row(backlog, title)).toBeVisible();
    const sp = row(backlog, title).getByRole('textbox', { name: `Story points: «${title}»` });
    await sp.fill(String(points[i]));
    await sp.press('Enter');
    await expect(sp).toHaveValue(String(points[i]));
  }
  // Negative story points are refused with the reason.
  const first = row(backlog, items[0]!).getByRole('textbox', { name: `Story points: «${items[0]}»` });
  await first.fill('-3');
  await first.press('Enter');
  await expect(row(backlog, items[0]!).getByText('Story points не могут быть отрицательными')).toBeVisible();
  await page.reload();
  await expect(row(backlog, items[0]!).getByRole('textbox', { name: `Story points: «${items[0]}»` })).toHaveValue('5');

  // Two go into the sprint from their menus, the third by drag and drop.
  for (const title of items.slice(0, 2)) {
    await row(backlog, title)
      .getByRole('button', { name: `Действия: «${title}»` })
      .click();
    await page.getByRole('menuitem', { name: `В спринт «${sprintName}»` }).click();
    await expect(row(sprintList, title)).toBeVisible();
  }
  await dragRowTo(page, row(backlog, items[2]!).getByRole('button', { name: `Перетащить: «${items[2]}»` }), sprintList);
  await expect(row(sprintList, items[2]!)).toBeVisible();
  await expect(page.getByLabel(`${sprintName}: 10 SP`)).toBeVisible();
  await shot(page, 'tasks-scrum-planned');

  await page.getByRole('button', { name: `Начать спринт: ${sprintName}` }).click();
  await expect(toast(page, `Спринт «${sprintName}» начат`)).toBeVisible();

  // On the board two items are done by dragging them to «Завершена».
  await tabs(page).getByRole('link', { name: 'Активный спринт' }).click();
  const board = page.getByRole('region', { name: `Доска спринта «${sprintName}»` });
  await expect(board).toBeVisible();
  const doneCol = column(board, 'Завершена');
  await dragCardTo(page, kanbanCard(board, items[1]!), column(board, 'Выполняется'));
  await expect(kanbanCard(column(board, 'Выполняется'), items[1]!)).toBeVisible();
  for (const title of items.slice(0, 2)) {
    await dragCardTo(page, kanbanCard(board, title), doneCol);
    await expect(toast(page, `«${title}» перенесена в «Завершена»`)).toBeVisible();
    await expect(kanbanCard(doneCol, title)).toBeVisible();
  }
  await expect(page.getByLabel('8 из 10 SP')).toBeVisible();
  await page.reload();
  await expect(kanbanCard(column(board, 'Завершена'), items[0]!)).toBeVisible();
  await shot(page, 'tasks-scrum-board-done');

  // The burndown: 10 planned points, 2 left today.
  await tabs(page).getByRole('link', { name: 'Отчёты' }).click();
  const chart = page.getByRole('figure', { name: 'Диаграмма сгорания' });
  await expect(chart.getByRole('heading', { name: `Диаграмма сгорания: «${sprintName}»` })).toBeVisible();
  await expect(chart.locator('.recharts-line').first()).toBeVisible();
  const todayRow = chart.getByRole('table', { name: 'Диаграмма сгорания' }).getByRole('row').filter({ hasText: today() });
  await expect(todayRow.getByRole('cell').nth(2)).toHaveText('2');
  const firstRow = chart.getByRole('table', { name: 'Диаграмма сгорания' }).getByRole('row').first();
  await expect(firstRow.getByRole('cell').nth(1)).toHaveText('10');
  await expect(page.getByRole('figure', { name: 'Скорость команды' }).getByText('Спринт 2')).toBeVisible();
  await shot(page, 'tasks-scrum-burndown');
});

test('an employee outside the Scrum project sees none, and its address tells them it does not exist', async ({ page, browser }) => {
  const owner = await signedInPage(browser, PEOPLE.admin);
  const projects = await api<{ id: number; name: string }[]>(owner.page, 'GET', '/api/tasks/scrum');
  const id = projects.find((p) => p.name === PROJECT)!.id;
  await owner.context.close();

  // The head of sales is not in the project.
  await signIn(page, PEOPLE.headSales, { start: '/tasks/scrum' });
  await expect(page.getByRole('heading', { name: 'Здесь будут ваши Скрам-проекты' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Создать Скрам-проект в «Группах»' })).toHaveAttribute('href', '/groups');
  await shot(page, 'tasks-scrum-empty');
  await page.goto(`/tasks/scrum/${id}/planning`);
  await expect(page.getByRole('heading', { name: 'Не найдено' })).toBeVisible();
  await expect(page.getByText('Чат с менеджером')).toHaveCount(0);
});
