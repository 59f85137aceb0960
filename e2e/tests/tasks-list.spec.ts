import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn, signedInPage } from '../support/portal';
import { api, uniqueWord, userId } from '../support/crm-helpers';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const table = (page: Page) => page.getByRole('table', { name: 'Список задач' });
const rowOf = (page: Page, title: string) => table(page).locator('tbody tr').filter({ hasText: title });

test('«Список»: role tabs, search, counters that filter, a group action refused for a locked deadline', async ({ page, browser }) => {
  await signIn(page, PEOPLE.headTm);
  const word = uniqueWord('Задача');
  const me = await userId(page, PEOPLE.headTm.name);
  const tm1 = await userId(page, PEOPLE.tm1.name);
  await api(page, 'POST', '/api/tasks', { title: `${word} позвонить в банк`, deadline: inDays(-2), tags: ['звонок'] });
  await api(page, 'POST', '/api/tasks', { title: `${word} подготовить смету`, deadline: inDays(3) });
  await api(page, 'POST', '/api/tasks', { title: `${word} проверить договор`, responsibleId: tm1, deadline: inDays(4) });
  // The director sets her a task whose deadline only the director may move.
  const admin = await signedInPage(browser, PEOPLE.admin);
  await api(admin.page, 'POST', '/api/tasks', { title: `${word} подписать акт`, responsibleId: me, deadline: inDays(5), allowChangeDeadline: false });
  await admin.context.close();

  await page.goto(`/tasks/list?q=${encodeURIComponent(word)}`);
  await expect(page.getByRole('navigation', { name: 'Вид' }).getByRole('link', { name: 'Список' })).toHaveAttribute('aria-current', 'page');
  await expect(table(page).locator('tbody tr')).toHaveCount(4);
  await expect(page.getByText('Всего: 4')).toBeVisible();
  // The overdue deadline is red; the responsible shows with their name.
  await expect(rowOf(page, 'позвонить в банк').locator('[data-overdue]')).toBeVisible();
  await expect(rowOf(page, 'проверить договор')).toContainText(PEOPLE.tm1.name);
  await shot(page, 'tasks-list');

  // «Делаю»: her own three; «Поручил»: the contract check she gave to tm1 (and the tasks she set herself).
  await page.getByRole('radiogroup', { name: 'Роль' }).getByText('Делаю', { exact: true }).click();
  await expect(table(page).locator('tbody tr')).toHaveCount(3);
  await expect(rowOf(page, 'проверить договор')).toHaveCount(0);
  await page.getByRole('radiogroup', { name: 'Роль' }).getByText('Поручил', { exact: true }).click();
  await expect(rowOf(page, 'проверить договор')).toHaveCount(1);
  await expect(rowOf(page, 'подписать акт')).toHaveCount(0);
  await page.getByRole('radiogroup', { name: 'Роль' }).getByText('Все', { exact: true }).click();
  await expect(table(page).locator('tbody tr')).toHaveCount(4);

  // «Просрочены N» filters the list to her overdue work.
  const overdue = page.getByRole('group', { name: 'Счётчики' }).locator('[data-counter="overdue"]');
  await expect(overdue).not.toContainText('0');
  await overdue.click();
  await expect(overdue).toHaveAttribute('aria-pressed', 'true');
  await expect(table(page).locator('tbody tr')).toHaveCount(1);
  await expect(rowOf(page, 'позвонить в банк')).toHaveCount(1);
  await shot(page, 'tasks-list-overdue');
  await overdue.click();
  await expect(table(page).locator('tbody tr')).toHaveCount(4);

  // A new deadline for three tasks: the director's locked one is refused, with the reason.
  await page.getByRole('radiogroup', { name: 'Роль' }).getByText('Делаю', { exact: true }).click();
  await expect(table(page).locator('tbody tr')).toHaveCount(3);
  await page.getByRole('checkbox', { name: 'Выбрать все на странице' }).check();
  await expect(page.getByText('Выбрано: 3')).toBeVisible();
  await shot(page, 'tasks-list-bulk');
  await page.getByRole('button', { name: 'Сменить крайний срок' }).click();
  const dialog = page.getByRole('dialog', { name: 'Сменить крайний срок' });
  const day = new Date(Date.now() + 10 * 86_400_000);
  const typed = `${String(day.getDate()).padStart(2, '0')}.${String(day.getMonth() + 1).padStart(2, '0')}.${day.getFullYear()}`;
  await dialog.getByLabel('Новый крайний срок').fill(typed);
  await dialog.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByText('Готово: 2')).toBeVisible();
  await expect(page.getByText(/Не удалось: 1.*только постановщик/)).toBeVisible();
  await shot(page, 'tasks-list-bulk-refused');
  const dayText = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long' }).format(day);
  await expect(rowOf(page, 'позвонить в банк')).toContainText(dayText);
  await expect(rowOf(page, 'подписать акт')).not.toContainText(dayText);
  await expect(rowOf(page, 'позвонить в банк').locator('[data-overdue]')).toHaveCount(0);

  // A row opens the task's card.
  await rowOf(page, 'подготовить смету')
    .getByRole('button', { name: `${word} подготовить смету` })
    .click();
  await expect(page).toHaveURL(/\/tasks\/task\/\d+/);
});

test('the profile’s «Задачи» opens that person’s tasks the viewer may see', async ({ page }) => {
  await signIn(page, PEOPLE.headTm);
  const tm1 = await userId(page, PEOPLE.tm1.name);
  const word = uniqueWord('Профиль');
  await api(page, 'POST', '/api/tasks', { title: `${word} обзвон базы`, responsibleId: tm1 });
  await page.goto(`/tasks/list?responsible=${tm1}&q=${encodeURIComponent(word)}`);
  await expect(table(page).locator('tbody tr')).toHaveCount(1);
  await expect(rowOf(page, 'обзвон базы')).toContainText(PEOPLE.tm1.name);
  const profile = await api<{ links?: { id: string; url: string }[] }>(page, 'GET', `/api/users/${tm1}`);
  expect(JSON.stringify(profile)).toContain(`/tasks/list?responsible=${tm1}`);
});
