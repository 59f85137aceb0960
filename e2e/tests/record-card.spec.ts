import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn, signedInPage } from '../support/portal';
import { api, createDeal, crmShot, unique, userId } from '../support/crm-helpers';

type DealRow = { id: number; title: string; amount: string; version: number };

/** Someone else saves the deal (another tab, a colleague): its version moves on. */
async function changeElsewhere(page: import('@playwright/test').Page, id: number, body: Record<string, unknown>) {
  const now = await api<DealRow>(page, 'GET', `/api/crm/deals/${id}`);
  await api(page, 'PATCH', `/api/crm/deals/${id}`, { ...body, version: now.version });
}

test('a deal changed by someone else while being edited shows the conflict banner; «Оставить мои» saves over it and keeps their other change', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка конфликт'), amount: '1000' });
  await page.goto(`/crm/deal/details/${deal.id}`);
  const form = page.getByRole('form', { name: deal.title });
  await form.getByRole('button', { name: 'Изменить блок «О сделке»' }).click();
  const mine = unique('Моё название');
  await form.getByRole('textbox', { name: 'Название сделки' }).fill(mine);

  await changeElsewhere(page, deal.id, { amount: '2500' });
  await form.getByRole('button', { name: 'Сохранить' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'Запись изменил другой пользователь' });
  await expect(banner).toBeVisible();
  // Nothing of mine was written.
  expect((await api<DealRow>(page, 'GET', `/api/crm/deals/${deal.id}`)).title).toBe(deal.title);
  await expect(form.getByRole('textbox', { name: 'Название сделки' })).toHaveValue(mine);
  await crmShot(page, 'card-conflict');

  await banner.getByRole('button', { name: 'Оставить мои' }).click();
  await expect(banner).toHaveCount(0);
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form.getByRole('textbox', { name: 'Название сделки' })).toHaveCount(0);
  const saved = await api<DealRow>(page, 'GET', `/api/crm/deals/${deal.id}`);
  expect(saved.title).toBe(mine);
  expect(Number(saved.amount)).toBe(2500);
});

test('«Обновить» on the conflict banner drops my edit and shows the version someone else saved', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка обновить') });
  await page.goto(`/crm/deal/details/${deal.id}`);
  const form = page.getByRole('form', { name: deal.title });
  await form.getByRole('button', { name: 'Изменить блок «О сделке»' }).click();
  await form.getByRole('textbox', { name: 'Название сделки' }).fill(unique('Не сохранится'));
  const theirs = unique('Их название');
  await changeElsewhere(page, deal.id, { title: theirs });
  // The header (and the form's name) may already show their title, pushed while I type.
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'Запись изменил другой пользователь' });
  await banner.getByRole('button', { name: 'Обновить' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('heading', { name: theirs })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Название сделки' })).toHaveCount(0);
});

test('Escape closes a card section opened without changes, and the card stays open', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка escape') });
  await page.goto(`/crm/deal/details/${deal.id}`);
  const form = page.getByRole('form', { name: deal.title });
  await form.getByText('Название сделки').click();
  const input = form.getByRole('textbox', { name: 'Название сделки' });
  await expect(input).toBeFocused();
  await input.press('Escape');
  await expect(input).toHaveCount(0);
  await expect(page.getByRole('heading', { name: deal.title })).toBeVisible();
});

test('a comment’s author edits and deletes it; a colleague who reads the deal sees no such buttons on it', async ({ page, browser }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка правка комментария'), responsibleId: await userId(page, PEOPLE.headSales.name) });
  const { context, page: colleague } = await signedInPage(browser, PEOPLE.headSales);
  try {
    await api(colleague, 'POST', `/api/crm/deal/${deal.id}/comments`, { html: '<p>Комментарий коллеги</p>', mentions: [] });
    await page.goto(`/crm/deal/details/${deal.id}`);
    const box = page.getByRole('textbox', { name: 'Комментарий' });
    await box.click();
    await box.pressSequentially('Черновик сметы');
    await page.getByRole('button', { name: 'Отправить' }).click();
    const history = page.getByRole('list', { name: 'История' });
    const mine = history.getByRole('listitem').filter({ hasText: 'Черновик сметы' });
    await expect(mine).toBeVisible();

    await mine.getByRole('button', { name: 'Изменить комментарий' }).click();
    const editor = mine.getByRole('textbox', { name: 'Изменить комментарий' });
    await expect(editor).toBeFocused();
    await editor.press('End');
    await editor.pressSequentially(' — итог');
    await mine.getByRole('button', { name: 'Сохранить' }).click();
    const edited = history.getByRole('listitem').filter({ hasText: 'Черновик сметы — итог' });
    await expect(edited).toBeVisible();
    await expect(edited.getByRole('textbox')).toHaveCount(0);

    // An administrator may manage any comment; the colleague only their own.
    await colleague.goto(`/crm/deal/details/${deal.id}`);
    const theirHistory = colleague.getByRole('list', { name: 'История' });
    await expect(theirHistory.getByRole('listitem').filter({ hasText: 'Черновик сметы — итог' })).toBeVisible();
    await expect(theirHistory.getByRole('listitem').filter({ hasText: 'Черновик сметы — итог' }).getByRole('button', { name: 'Изменить комментарий' })).toHaveCount(0);
    await expect(theirHistory.getByRole('listitem').filter({ hasText: 'Комментарий коллеги' }).getByRole('button', { name: 'Изменить комментарий' })).toBeVisible();

    await edited.getByRole('button', { name: 'Удалить комментарий' }).click();
    const dialog = page.getByRole('dialog', { name: 'Удалить комментарий?' });
    await dialog.getByRole('button', { name: 'Удалить' }).click();
    await expect(history.getByRole('listitem').filter({ hasText: 'Черновик сметы' })).toHaveCount(0);
    const left = await api<{ items: { kind: string; html?: string }[] }>(page, 'GET', `/api/crm/deal/${deal.id}/timeline`);
    expect(left.items.filter((e) => e.kind === 'comment').map((e) => e.html)).toEqual(['<p>Комментарий коллеги</p>']);
  } finally {
    await context.close();
  }
});

test('a date is picked in the calendar behind the field’s icon and shown in words once saved', async ({ page }) => {
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка дата') });
  await page.goto(`/crm/deal/details/${deal.id}`);
  const form = page.getByRole('form', { name: deal.title });
  await form.getByRole('button', { name: 'Изменить блок «О сделке»' }).click();
  const field = form.getByRole('textbox', { name: 'Дата начала' });
  await field.locator('..').getByRole('button', { name: 'Выбрать дату в календаре' }).click();
  const calendar = page.getByRole('dialog', { name: 'Выбрать дату в календаре' });
  await calendar.getByRole('button', { name: /^15 / }).click();
  await expect(calendar).toHaveCount(0);
  await expect(field).toHaveValue(/^15\.\d{2}\.\d{4}$/);
  const [, mm, yyyy] = (await field.inputValue()).split('.');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(field).toHaveCount(0);
  const saved = await api<{ beginDate: string | null }>(page, 'GET', `/api/crm/deals/${deal.id}`);
  expect(saved.beginDate).toBe(`${yyyy}-${mm}-15`);
  const month = new Intl.DateTimeFormat('ru-RU', { month: 'long', day: 'numeric' }).format(new Date(Number(yyyy), Number(mm) - 1, 15)).split(' ')[1];
  await expect(form.getByText(`15 ${month} ${yyyy}`)).toBeVisible();
});
