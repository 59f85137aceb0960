import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api, createDeal, crmNav, unique } from '../support/crm-helpers';

test('from a deal card a call and a meeting are planned, found in «Мои дела», and one is completed there', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка e2e дела') });
  const call = unique('Позвонить по смете');
  const meeting = unique('Встреча в шоуруме');

  await page.goto(`/crm/deal/details/${deal.id}`);
  const composer = page.getByRole('group', { name: 'Создать дело' });
  const planned = page.getByRole('region', { name: 'Запланировано' });
  await expect(planned.getByText('Запланированных дел нет')).toBeVisible();

  // A call: the subject is required; the start is the next full hour, the item is the deal.
  await composer.getByRole('button', { name: 'Звонок' }).click();
  let dialog = page.getByRole('dialog', { name: 'Новый звонок' });
  await expect(dialog.getByText(deal.title)).toBeVisible();
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog.getByText('Заполните поле')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Тема' }).fill(call);
  await dialog.getByText('Входящий').click();
  await shot(page, 'activities-call-dialog');
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog).toBeHidden();
  await expect(planned.getByRole('button', { name: call })).toBeVisible();

  await composer.getByRole('button', { name: 'Встреча' }).click();
  dialog = page.getByRole('dialog', { name: 'Новая встреча' });
  await dialog.getByRole('textbox', { name: 'Тема' }).fill(meeting);
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog).toBeHidden();
  await expect(planned.getByRole('button', { name: meeting })).toBeVisible();
  await shot(page, 'activities-deal-composer');

  // «Мои дела» lists both, each with its deal.
  await page.goto('/crm/deal');
  await crmNav(page).getByRole('link', { name: 'Мои дела' }).click();
  await expect(page).toHaveURL(/\/crm\/activity/);
  const table = page.getByRole('table', { name: 'Список дел' });
  const callRow = table.getByRole('row').filter({ hasText: call });
  const meetingRow = table.getByRole('row').filter({ hasText: meeting });
  await expect(callRow).toBeVisible();
  await expect(meetingRow).toBeVisible();
  await expect(callRow.getByRole('link', { name: deal.title })).toBeVisible();
  await expect(callRow.getByRole('img', { name: 'Звонок, входящий' })).toBeVisible();
  await shot(page, 'activities-page');

  // Completing the call: a toast with «Отменить», the call leaves the planned and shows among the done.
  await callRow.getByRole('checkbox', { name: `Выполнено: ${call}` }).check();
  await expect(page.getByText(`Дело «${call}» выполнено`)).toBeVisible();
  await expect(callRow).toHaveCount(0);
  await expect(meetingRow).toBeVisible();
  await page.locator('label', { hasText: 'Выполненные' }).click();
  await expect(table.getByRole('row').filter({ hasText: call })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: meeting })).toHaveCount(0);
  await shot(page, 'activities-done');

  // The deal's card, opened from the list as a slider, shows only the meeting as planned.
  await table.getByRole('row').filter({ hasText: call }).getByRole('link', { name: deal.title }).click();
  await expect(page).toHaveURL(new RegExp(`/crm/deal/details/${deal.id}`));
  await expect(planned.getByRole('button', { name: meeting })).toBeVisible();
  await expect(planned.getByRole('button', { name: call })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/crm\/activity/);
  await expect(table).toBeVisible();

  // The card's history lists the activities; the meeting's entry opens it in «Мои дела».
  await page.goto(`/crm/deal/details/${deal.id}`);
  await page
    .getByRole('list', { name: 'История' })
    .getByRole('link', { name: `Встреча: ${meeting}` })
    .click();
  await expect(page).toHaveURL(/\/crm\/activity\?id=\d+/);
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Тема' })).toHaveValue(meeting);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page).not.toHaveURL(/id=/);
});

test('«Создать» in «Мои дела» picks the type and the item; a refused field says why; the to-do opens for editing and is deleted', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const word = unique('Смета').replace(/\s+/g, '');
  const deal = await createDeal(page, { title: `Сделка ${word}` });
  const todo = unique('Подготовить КП');

  await page.goto('/crm/activity?type=email');
  await expect(page.getByRole('heading', { name: /Запланированных дел нет|Ничего не найдено/ })).toBeVisible();
  await shot(page, 'activities-empty');
  await page.getByRole('button', { name: 'Сбросить фильтр' }).click();
  await expect(page).not.toHaveURL(/type=email/);
  await page.getByRole('button', { name: 'Создать' }).first().click();
  await page.getByRole('menuitem', { name: 'Дело' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новое дело' });
  await dialog.getByRole('textbox', { name: 'Тема' }).fill(todo);
  // Without the item the form says what is missing.
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog.getByText('Выберите, к чему относится дело')).toBeVisible();
  // The item is found through the portal's search (fed in the background: it may take a moment).
  const picker = dialog.getByRole('combobox', { name: 'Элемент CRM' });
  await expect(async () => {
    await picker.fill('');
    await picker.fill(word);
    await expect(page.getByRole('option', { name: deal.title })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole('option', { name: deal.title }).click();
  await expect(dialog.getByText(deal.title)).toBeVisible();
  await dialog.getByText('Высокая').click();
  await shot(page, 'activities-todo-dialog');
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog).toBeHidden();

  const table = page.getByRole('table', { name: 'Список дел' });
  const row = table.getByRole('row').filter({ hasText: todo });
  await expect(row).toBeVisible();
  await expect(row.getByText('Высокая')).toBeVisible();

  // The subject opens the activity: its result is kept when it is marked done from the dialog.
  await row.getByRole('button', { name: todo }).click();
  const edit = page.getByRole('dialog');
  await edit.getByRole('textbox', { name: 'Результат' }).fill('КП отправлено');
  await edit.getByRole('button', { name: 'Выполнено' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toHaveCount(0);
  await page.locator('label', { hasText: 'Выполненные' }).click();
  await table.getByRole('row').filter({ hasText: todo }).getByRole('button', { name: todo }).click();
  await expect(edit.getByRole('textbox', { name: 'Результат' })).toHaveValue('КП отправлено');
  await edit.getByRole('button', { name: 'Удалить' }).click();
  await edit.getByRole('button', { name: 'Удалить' }).click();
  await expect(page.getByText('Дело удалено')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: todo })).toHaveCount(0);
});

test('a reminder comes as a notification at the chosen time, with a link to the deal', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка e2e напоминание') });
  const subject = unique('Перезвонить с ответом');
  // «За 15 минут» before a call that starts in 15 minutes and 15 seconds: the reminder is due in 15 seconds.
  const startAt = new Date(Date.now() + 15 * 60_000 + 15_000).toISOString();
  await api(page, 'POST', '/api/crm/activities', { type: 'call', subject, owner: { type: 'deal', id: deal.id }, startAt, remindBefore: 15 });
  await page.goto('/crm/activity');
  const toast = page.getByText(new RegExp(`Напоминание: Звонок «${subject}» в \\d\\d:\\d\\d`));
  await expect(toast).toBeVisible({ timeout: 60_000 });
  await shot(page, 'activities-reminder');
  await toast.click();
  await expect(page).toHaveURL(new RegExp(`/crm/deal/details/${deal.id}`));
  await expect(page.getByRole('region', { name: 'Запланировано' }).getByRole('button', { name: subject })).toBeVisible();
});
