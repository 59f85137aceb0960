import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn, signedInPage } from '../support/portal';
import { api, dragCardTo, escapeRegExp, toast, unique, userId } from '../support/crm-helpers';

/** «Сроки», «Мой план» and «Календарь» of «Задачи и проекты». */

type Task = { id: number; title: string; version: number; deadline: string | null };

const board = (page: Page, name: string) => page.getByRole('region', { name });
const column = (b: Locator, title: string) => b.getByRole('region', { name: title, exact: true });
const card = (scope: Locator, title: string) => scope.getByRole('article', { name: title, exact: true });

test('«Сроки»: a card dragged to «На следующей неделе» gets next Friday’s deadline, kept after a reload', async ({ page }) => {
  await signIn(page, PEOPLE.tm1, { start: '/tasks/deadlines' });
  const title = unique('Подготовить отчёт');
  await api<Task>(page, 'POST', '/api/tasks', { title });
  await page.goto('/tasks/deadlines');
  const deadlines = board(page, 'Сроки задач');
  await expect(page.getByText('где вы ответственный или соисполнитель')).toBeVisible();
  for (const c of ['Просрочены', 'На сегодня', 'На этой неделе', 'На следующей неделе', 'Без срока', 'Больше двух недель']) await expect(column(deadlines, c)).toBeVisible();
  const none = column(deadlines, 'Без срока');
  const next = column(deadlines, 'На следующей неделе');
  await expect(card(none, title)).toBeVisible();
  await shot(page, 'tasks-deadlines');

  await dragCardTo(page, card(none, title), next);
  await expect(toast(page, new RegExp(`Крайний срок «${escapeRegExp(title)}»: \\d+ \\S+ \\d{4}, 19:00`))).toBeVisible();
  await expect(card(next, title)).toBeVisible();
  await expect(card(next, title)).toContainText('19:00');
  await expect(card(none, title)).toHaveCount(0);
  await shot(page, 'tasks-deadlines-moved');

  await page.reload();
  await expect(card(column(board(page, 'Сроки задач'), 'На следующей неделе'), title)).toContainText('19:00');
});

test('«Сроки»: the responsible of a task with a locked deadline cannot move it and is told why', async ({ browser }) => {
  const creator = await signedInPage(browser, PEOPLE.headTm);
  const title = unique('Позвонить клиенту до пятницы');
  const tm1 = await userId(creator.page, PEOPLE.tm1.name);
  await api<Task>(creator.page, 'POST', '/api/tasks', { title, responsibleId: tm1, allowChangeDeadline: false });

  const { context, page } = await signedInPage(browser, PEOPLE.tm1);
  await page.goto('/tasks/deadlines');
  const deadlines = board(page, 'Сроки задач');
  const none = column(deadlines, 'Без срока');
  const locked = card(none, title);
  await expect(locked).toBeVisible();
  await expect(locked.getByLabel('Крайний срок может менять только постановщик')).toBeVisible();
  await dragCardTo(page, locked, column(deadlines, 'На сегодня'));
  await expect(toast(page, 'Крайний срок этой задачи может менять только постановщик')).toBeVisible();
  // The card is back where it was.
  await expect(card(none, title)).toBeVisible();
  await expect(card(column(deadlines, 'На сегодня'), title)).toHaveCount(0);
  await shot(page, 'tasks-deadlines-locked');
  await context.close();

  await creator.context.close();
});

test('«Мой план»: a stage is added and a card moved onto it, and stays there', async ({ page }) => {
  await signIn(page, PEOPLE.tm1, { start: '/tasks/plan' });
  const title = unique('Разобрать почту');
  await api<Task>(page, 'POST', '/api/tasks', { title });
  await page.goto('/tasks/plan');
  const plan = board(page, 'Мой план');
  await expect(column(plan, 'Новые')).toBeVisible();
  await expect(column(plan, 'Выполняются')).toBeVisible();
  await expect(column(plan, 'Сделаны')).toBeVisible();
  await expect(card(column(plan, 'Новые'), title)).toBeVisible();

  const stage = unique('Жду ответа');
  await page.getByRole('button', { name: 'Этапы' }).click();
  const drawer = page.getByRole('dialog', { name: 'Этапы моего плана' });
  await drawer.getByRole('textbox', { name: 'Новый этап' }).fill(stage);
  await drawer.getByRole('button', { name: 'Добавить этап' }).click();
  await expect(toast(page, `Этап «${stage}» добавлен`)).toBeVisible();
  await expect(drawer.getByRole('textbox', { name: 'Название этапа' }).last()).toHaveValue(stage);
  await shot(page, 'tasks-plan-stages');
  await drawer.getByRole('button', { name: 'Готово' }).click();
  await expect(drawer).toBeHidden();

  const target = column(plan, stage);
  await expect(target).toBeVisible();
  await dragCardTo(page, card(column(plan, 'Новые'), title), target);
  await expect(toast(page, `«${title}» — в этапе «${stage}»`)).toBeVisible();
  await expect(card(target, title)).toBeVisible();
  await shot(page, 'tasks-plan');
  await page.reload();
  await expect(card(column(board(page, 'Мой план'), stage), title)).toBeVisible();
  await expect(card(column(board(page, 'Мой план'), 'Новые'), title)).toHaveCount(0);
});

test('«Календарь»: a task shows on its deadline’s day and as a bar over its planned dates, and opens on a click', async ({ page }) => {
  await signIn(page, PEOPLE.tm1, { start: '/tasks/calendar' });
  // Today's hours in the browser's zone (the portal shows times there).
  const [nine, five, six] = await page.evaluate(() => [9, 17, 18].map((h) => new Date(new Date().setHours(h, 0, 0, 0)).toISOString()));
  const title = unique('Сдать смету');
  const task = await api<Task>(page, 'POST', '/api/tasks', { title, deadline: six, startPlan: nine, endPlan: five });
  await page.goto('/tasks/calendar');
  const grid = page.getByRole('grid', { name: 'Календарь задач' });
  await expect(grid).toBeVisible();
  const deadline = grid.getByRole('button', { name: `18:00 ${title}` });
  await expect(deadline).toBeVisible();
  await expect(grid.getByRole('button', { name: title, exact: true })).toBeVisible();
  await shot(page, 'tasks-calendar');

  await page.getByText('Неделя', { exact: true }).click();
  await expect(grid.getByRole('button', { name: `18:00 ${title}` })).toBeVisible();
  await shot(page, 'tasks-calendar-week');

  await grid.getByRole('button', { name: `18:00 ${title}` }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/task/${task.id}$`));
});
