import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn, signedInPage } from '../support/portal';
import { api, unique, userId } from '../support/crm-helpers';

async function pickUser(page: Page, label: string, surname: string, fullName: string) {
  const input = page
    .getByRole('textbox', { name: label })
    .or(page.getByLabel(label, { exact: true }))
    .first();
  await input.click();
  await input.fill(surname);
  await page.getByRole('option', { name: fullName }).click();
}

test('a task with a checklist and an observer is completed by its responsible and accepted by its creator; an outsider cannot open it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const title = unique('Подготовить отчёт e2e');
  await signIn(page, PEOPLE.headTm);
  await page.goto('/tasks/list');

  // «Создать» opens the new-task form as a slider over the list.
  await page.getByRole('button', { name: 'Создать' }).click();
  await expect(page).toHaveURL(/\/tasks\/task\/0$/);
  const form = page.getByRole('form', { name: 'Новая задача' });
  await expect(form).toBeVisible();
  await form.getByRole('textbox', { name: 'Название' }).fill(title);
  await page.getByRole('textbox', { name: 'Описание задачи' }).fill('Собрать цифры за месяц');
  await pickUser(page, 'Исполнитель', 'Кузнецов', PEOPLE.tm1.name);
  await pickUser(page, 'Наблюдатели', 'Соколова', PEOPLE.tm2.name);
  await form.getByRole('checkbox', { name: 'Принять работу после завершения задачи' }).check();
  await shot(page, 'tasks-card-new');
  // Enter in the title submits the form.
  await form.getByRole('textbox', { name: 'Название' }).press('Enter');

  const status = page.getByTestId('task-status');
  await expect(status).toHaveText('Ждёт выполнения');
  await expect(page).toHaveURL(/\/tasks\/task\/\d+$/);
  const id = Number(page.url().split('/').pop());
  await expect(page.getByTestId('task-auditors')).toHaveText(PEOPLE.tm2.name);

  // The checklist: two lines.
  for (const item of ['Собрать данные', 'Написать отчёт']) {
    const box = page.getByRole('textbox', { name: 'Новый пункт' });
    await box.fill(item);
    await box.press('Enter');
    await expect(page.getByTestId('checklist-item').filter({ hasText: item })).toBeVisible();
  }
  await expect(page.getByText('0 из 2')).toBeVisible();

  // A comment, with the portal's one comment thread.
  const box = page.getByRole('textbox', { name: 'Комментарий' });
  await box.click();
  await box.pressSequentially('Цифры нужны к пятнице');
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Цифры нужны к пятнице' })).toBeVisible();
  await shot(page, 'tasks-card-open');

  // Esc closes the slider: back on the list.
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/tasks\/list$/);

  // The responsible ticks the lines, starts and completes: the work waits for the creator's control.
  const responsible = await signedInPage(browser, PEOPLE.tm1);
  try {
    const r = responsible.page;
    await r.goto(`/tasks/task/${id}`);
    await expect(r.getByTestId('task-status')).toHaveText('Ждёт выполнения');
    await expect(r.getByRole('listitem').filter({ hasText: 'Цифры нужны к пятнице' })).toBeVisible();
    await r.getByRole('checkbox', { name: 'Отметить «Собрать данные»' }).click();
    await expect(r.getByRole('checkbox', { name: 'Отметить «Собрать данные»' })).toBeChecked();
    await expect(r.getByText('1 из 2')).toBeVisible();
    await r.getByRole('checkbox', { name: 'Отметить «Написать отчёт»' }).click();
    await expect(r.getByRole('checkbox', { name: 'Отметить «Написать отчёт»' })).toBeChecked();
    await expect(r.getByText('2 из 2')).toBeVisible();
    await r.getByRole('button', { name: 'Начать выполнение' }).click();
    await expect(r.getByTestId('task-status')).toHaveText('Выполняется');
    await r.getByRole('button', { name: 'Завершить' }).click();
    await expect(r.getByTestId('task-status')).toHaveText('Ждёт контроля');
    await expect(r.getByRole('button', { name: 'Принять работу' })).toHaveCount(0);
  } finally {
    await responsible.context.close();
  }

  // The creator accepts the work.
  await page.goto(`/tasks/task/${id}`);
  await expect(page.getByTestId('task-status')).toHaveText('Ждёт контроля');
  await page.getByRole('button', { name: 'Принять работу' }).click();
  await expect(page.getByTestId('task-status')).toHaveText('Завершена');
  await page.getByRole('tab', { name: 'История' }).click();
  await expect(page.getByTestId('history-row').filter({ hasText: 'Отмечен пункт' }).first()).toBeVisible();
  await shot(page, 'tasks-card-completed');

  // An employee outside the task is told it does not exist.
  const outsider = await signedInPage(browser, PEOPLE.headSales);
  try {
    await outsider.page.goto(`/tasks/task/${id}`);
    await expect(outsider.page.getByText('Задача не найдена или у вас нет к ней доступа')).toBeVisible();
    await expect(outsider.page.getByText(title)).toHaveCount(0);
  } finally {
    await outsider.context.close();
  }
});

test('the responsible sees a locked deadline as not editable and why; a save over a newer version offers «Обновить»', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, PEOPLE.headTm);
  const title = unique('Найти ЛПР e2e');
  const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const task = await api<{ id: number; version: number }>(page, 'POST', '/api/tasks', { title, responsibleId: await userId(page, PEOPLE.tm1.name), deadline, allowChangeDeadline: false });

  const responsible = await signedInPage(browser, PEOPLE.tm1);
  try {
    const r = responsible.page;
    await r.goto(`/tasks/task/${task.id}`);
    await expect(r.getByTestId('deadline-locked-note')).toHaveText('Крайний срок менять нельзя: постановщик запретил ответственному его менять');
    await r.getByRole('button', { name: 'Изменить', exact: true }).click();
    const form = r.getByRole('form', { name: title });
    await expect(form.getByLabel('Крайний срок', { exact: true })).toBeDisabled();
    await expect(form.getByTestId('deadline-locked')).toBeVisible();
    await expect(form.getByRole('checkbox', { name: 'Разрешить ответственному менять крайний срок' })).toHaveCount(0);
    await shot(r, 'tasks-card-deadline-locked');

    // Meanwhile the creator renames the task: the responsible's save answers 409.
    await api(page, 'PATCH', `/api/tasks/${task.id}`, { title: `${title} (обновлено)`, version: task.version });
    await form.getByRole('textbox', { name: 'Название' }).fill(`${title} (моё)`);
    await form.getByRole('textbox', { name: 'Название' }).press('Enter');
    const banner = r.getByRole('alert').filter({ hasText: 'Запись изменил другой пользователь' });
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Обновить' }).click();
    await expect(banner).toHaveCount(0);
    await expect(r.getByRole('heading', { name: `${title} (обновлено)` })).toBeVisible();
  } finally {
    await responsible.context.close();
  }
});
