import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api } from '../support/crm-helpers';

const DAY = 86_400_000;
/** Midnight in Moscow (the browser's time zone, where the Gantt's days begin) `n` days from today. */
const day = (n: number) => new Date(Math.floor(Date.now() / DAY) * DAY + n * DAY - 3 * 3_600_000).toISOString();

interface Task {
  id: number;
  startPlan: string;
  endPlan: string;
}

const bar = (page: Page, id: number) => page.locator(`.wx-bar[data-id="${id}"]`);

test('in «Гант» two tasks are linked by dragging from the end of one to the start of the other; moving the first moves the second', async ({ page }) => {
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('http://localhost') && !r.url().startsWith('data:')) external.push(r.url());
  });
  await signIn(page, PEOPLE.headSales, { start: '/tasks/gantt' });
  const stamp = Date.now().toString(36);
  // A project of its own: the demo's projects and their links stay out of this chart.
  const project = await api<{ id: number }>(page, 'POST', '/api/groups', { name: `Ремонт ${stamp}`, kind: 'project', visibility: 'closed' });
  const first = await api<Task>(page, 'POST', '/api/tasks', { title: `Замер ${stamp}`, startPlan: day(1), endPlan: day(3), groupId: project.id });
  const second = await api<Task>(page, 'POST', '/api/tasks', { title: `Монтаж ${stamp}`, startPlan: day(4), endPlan: day(6), groupId: project.id });
  await page.goto(`/tasks/gantt?group=${project.id}`);
  await expect(page.getByRole('navigation', { name: 'Вид' }).getByRole('link', { name: 'Гант' })).toHaveAttribute('aria-current', 'page');
  await expect(bar(page, first.id)).toBeVisible();
  await expect(bar(page, second.id)).toBeVisible();
  await expect(page.getByRole('button', { name: `Замер ${stamp}` })).toBeVisible();
  await shot(page, 'tasks-gantt');
  // Its fonts and icons are ours: nothing is fetched from another host.
  expect(external).toEqual([]);

  // Link: from the right end of «Замер» to the left end of «Монтаж».
  const from = bar(page, first.id);
  const to = bar(page, second.id);
  await from.hover();
  const handle = await from.locator('.wx-link.wx-right').boundingBox();
  await to.hover();
  const target = await to.locator('.wx-link.wx-left').boundingBox();
  await from.hover();
  await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
  await page.mouse.down();
  await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByText('Задачи связаны')).toBeVisible();
  await expect(page.locator('.wx-links .wx-line')).toHaveCount(1);
  const links = await api<{ predecessors: { task: { id: number }; kind: string }[] }>(page, 'GET', `/api/tasks/${second.id}/links`);
  expect(links.predecessors).toEqual([expect.objectContaining({ kind: 'finish_start', task: expect.objectContaining({ id: first.id }) })]);

  // Move «Замер» three days later: «Монтаж» must start when it ends, and its bar moves too.
  const before = (await to.boundingBox())!;
  const box = (await from.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 3 * 34, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByText('Сдвинута ещё 1 зависимая задача')).toBeVisible();
  const moved = await api<Task>(page, 'GET', `/api/tasks/${first.id}`);
  const follower = await api<Task>(page, 'GET', `/api/tasks/${second.id}`);
  expect(Date.parse(moved.startPlan)).toBeGreaterThan(Date.parse(first.startPlan));
  expect(Date.parse(follower.startPlan)).toBe(Date.parse(moved.endPlan));
  // On the page too: «Монтаж» now begins where «Замер» ends.
  await expect.poll(async () => Math.round((await to.boundingBox())!.x - ((await from.boundingBox())!.x + (await from.boundingBox())!.width))).toBe(0);
  expect(before.x).toBeGreaterThan(0);
  await shot(page, 'tasks-gantt-moved');

  // The critical path runs through both.
  await page.getByRole('switch', { name: 'Критический путь' }).check({ force: true });
  await expect(from).toHaveCSS('background-color', 'rgb(250, 82, 82)');
  await expect(to).toHaveCSS('background-color', 'rgb(250, 82, 82)');
  await shot(page, 'tasks-gantt-critical');

  // Clicking a task's name opens its card.
  await page.getByRole('button', { name: `Монтаж ${stamp}` }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/task/${second.id}`));
});

test('a project’s Gantt shows its linked stages on days, weeks and months', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/tasks/gantt' });
  await page.getByRole('combobox', { name: 'Чьи задачи' }).click();
  await page.getByRole('option', { name: 'Открытие офиса в Казани' }).click();
  await expect(page).toHaveURL(/group=\d+/);
  await expect(page.getByRole('button', { name: 'Ремонт и мебель' })).toBeVisible();
  await expect(page.locator('.wx-links .wx-line')).toHaveCount(6);
  await page.getByRole('switch', { name: 'Критический путь' }).check({ force: true });
  await shot(page, 'tasks-gantt-project-days');
  await page.getByText('Недели', { exact: true }).click();
  await shot(page, 'tasks-gantt-project-weeks');
  await page.getByText('Месяцы', { exact: true }).click();
  await shot(page, 'tasks-gantt-project-months');
});

test('with no tasks the Gantt says what it is for and offers to create one', async ({ page }) => {
  await signIn(page, PEOPLE.headTm, { start: '/tasks/gantt' });
  const empty = page.getByText('Здесь будет диаграмма Ганта');
  const bars = page.locator('.wx-bar');
  await expect(empty.or(bars.first())).toBeVisible();
  await shot(page, 'tasks-gantt-empty');
});
