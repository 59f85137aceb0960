import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api, toast, unique } from '../support/crm-helpers';

interface Template {
  id: number;
  title: string;
  runs: number;
  nextRunAt: string | null;
}

/** «HH:MM» in Moscow (the demo people's zone) of the next whole minute, and how far it is. */
function nextMinuteInMoscow(): { time: string; inMs: number } {
  const now = Date.now();
  const next = Math.ceil((now + 1000) / 60_000) * 60_000;
  const time = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(next));
  return { time, inMs: next - now };
}

async function templates(page: Page): Promise<Template[]> {
  return (await api<{ items: Template[] }>(page, 'GET', '/api/tasks/templates')).items;
}

test('a template with a checklist and a subtask makes its task, and «Создать задачу из шаблона» opens it', async ({ page }) => {
  await signIn(page, PEOPLE.tm1, { start: '/tasks/templates' });
  for (const tpl of await templates(page)) await api(page, 'DELETE', `/api/tasks/templates/${tpl.id}`);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Шаблонов пока нет' })).toBeVisible();
  await shot(page, 'tasks-templates-empty');

  await page.getByRole('button', { name: 'Создать шаблон' }).click();
  await expect(page).toHaveURL(/\/tasks\/templates\/new$/);
  const title = unique('Подготовить отчёт');
  await page.getByRole('textbox', { name: 'Название', exact: true }).fill(title);
  await page.getByLabel('Описание').fill('Собрать цифры за неделю');
  await page.getByLabel('Важная задача').check();
  await page.getByLabel('Установить крайний срок').check();
  await page.getByRole('textbox', { name: 'Через' }).fill('3');
  await page.getByRole('button', { name: 'Добавить чек-лист' }).click();
  await page.getByRole('textbox', { name: 'Пункт' }).first().fill('Выгрузить данные');
  await page.getByRole('button', { name: 'Добавить пункт' }).click();
  await page.getByRole('textbox', { name: 'Пункт' }).nth(1).fill('Проверить цифры');
  await page.getByRole('button', { name: 'Добавить подзадачу' }).click();
  await page.getByRole('textbox', { name: 'Подзадача' }).fill('Свести таблицу');
  await shot(page, 'tasks-templates-form');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Шаблон сохранён')).toBeVisible();
  await expect(page).toHaveURL(/\/tasks\/templates$/);

  const row = page.locator(`[data-template="${title}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Чек-лист: 2 · Подзадачи: 1');
  await expect(row).toContainText('Не повторяется');
  await shot(page, 'tasks-templates-list');

  await row.getByRole('button', { name: 'Создать задачу из шаблона' }).click();
  await expect(toast(page, `Задача «${title}» создана`)).toBeVisible();
  await expect(page).toHaveURL(/\/tasks\/task\/\d+$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const taskId = Number(page.url().split('/').pop());
  const task = await api<{ title: string; important: boolean; deadline: string; creator: { fullName: string } }>(page, 'GET', `/api/tasks/${taskId}`);
  expect(task).toMatchObject({ title, important: true, creator: { fullName: PEOPLE.tm1.name } });
  expect(new Date(task.deadline).getTime() - Date.now()).toBeGreaterThan(3 * 86_400_000 - 120_000);
  await shot(page, 'tasks-templates-task-created');
});

test('a repeating template shows its rule in words and creates its task when its time comes', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, PEOPLE.tm1, { start: '/tasks/templates/new' });
  const title = unique('Ежедневная сводка');
  await page.getByRole('textbox', { name: 'Название', exact: true }).fill(title);
  await page.getByLabel('Повторять задачу').check();
  // The weekly default first: the summary follows the days chosen.
  await page.getByText('пт', { exact: true }).click();
  await expect(page.getByTestId('repeat-summary')).toContainText('Каждую неделю по пн, пт в 09:00');
  await page.getByLabel('До даты').check();
  await page.getByLabel('Дата окончания').fill(`3112${new Date().getFullYear()}`);
  await expect(page.getByTestId('repeat-summary')).toContainText('Каждую неделю по пн, пт в 09:00 до 31 декабря');
  await shot(page, 'tasks-templates-repeat-weekly');

  // Daily, at the next minute: the job runner creates the task then.
  await page.getByText('Ежедневно', { exact: true }).click();
  await page.getByLabel('Без окончания').check();
  const next = nextMinuteInMoscow();
  if (next.inMs < 8_000) await page.waitForTimeout(next.inMs + 500);
  const at = nextMinuteInMoscow();
  await page.getByLabel('Время создания').fill(at.time);
  await expect(page.getByTestId('repeat-summary')).toContainText(`Каждый день в ${at.time}`);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Шаблон сохранён')).toBeVisible();
  const row = page.locator(`[data-template="${title}"]`);
  await expect(row).toContainText(`Каждый день в ${at.time}`);
  await shot(page, 'tasks-templates-repeating');

  const tpl = (await templates(page)).find((x) => x.title === title)!;
  expect(tpl.runs).toBe(0);
  const firstRun = tpl.nextRunAt!;
  await expect.poll(async () => (await templates(page)).find((x) => x.title === title)!.runs, { timeout: 100_000, intervals: [2000] }).toBe(1);
  const after = (await templates(page)).find((x) => x.title === title)!;
  expect(new Date(after.nextRunAt!).getTime() - new Date(firstRun).getTime()).toBe(86_400_000);
  await page.reload();
  await expect(row.getByText('Создано: 1')).toBeVisible();
  await shot(page, 'tasks-templates-repeating-ran');
});
