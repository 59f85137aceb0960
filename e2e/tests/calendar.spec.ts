import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, shot, signIn, signedInPage } from '../support/portal';
import { api, createDeal, uniqueWord, userId } from '../support/crm-helpers';

const p2 = (n: number) => String(n).padStart(2, '0');
const dayKey = (d: Date) => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
/** The Wednesday of next week, in Moscow time like the browser (the config sets TZ for the tests). */
function nextWeekDay(offset: number): Date {
  const d = new Date();
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7) + 7 + offset);
  d.setHours(0, 0, 0, 0);
  return d;
}
const grid = (page: Page) => page.getByTestId('calendar-main');
const eventIn = (page: Page, title: string) => grid(page).locator(`[data-event="${title}"]`);

/** The point of a day's column at a time of day (minutes from midnight) in the week or day grid. */
async function slotPoint(page: Page, day: Date, minutes: number): Promise<{ x: number; y: number }> {
  const lane = await grid(page)
    .locator(`[data-day="${dayKey(day)}"]`)
    .last()
    .boundingBox();
  const slot = await grid(page).locator(`[data-time="${minutes}"]`).first().boundingBox();
  if (!lane || !slot) throw new Error('no such slot in the grid');
  return { x: lane.x + lane.width / 2, y: slot.y + Math.min(8, slot.height / 2) };
}

async function clickSlot(page: Page, day: Date, minutes: number) {
  const at = await slotPoint(page, day, minutes);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.up();
}

async function dragTo(page: Page, item: Locator, day: Date, minutes: number) {
  const box = (await item.boundingBox())!;
  const at = await slotPoint(page, day, minutes);
  await page.mouse.move(box.x + box.width / 2, box.y + 6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + 16, { steps: 4 });
  await page.mouse.move(at.x, at.y, { steps: 12 });
  await page.mouse.up();
}

async function pick(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

async function openNextWeek(page: Page) {
  await page.goto('/calendar');
  await expect(page.getByRole('heading', { name: 'Календарь', level: 1 })).toBeVisible();
  await grid(page).getByRole('tab', { name: 'Неделя' }).click();
  await grid(page).getByRole('button', { name: 'След' }).click();
  await expect(
    grid(page)
      .locator(`[data-day="${dayKey(nextWeekDay(2))}"]`)
      .first(),
  ).toBeVisible();
}

test('a weekly meeting with two attendees and a room: an attendee accepts from the notification, the organiser sees it, one occurrence moves by drag', async ({ page, browser }) => {
  const title = uniqueWord('Планирование');
  const roomName = uniqueWord('Переговорная');
  const admin = await signedInPage(browser, PEOPLE.admin);
  await api(admin.page, 'POST', '/api/calendar/rooms', { name: roomName, capacity: 6 });
  await admin.context.close();
  // One attendee is already busy that afternoon: the planner shows it.
  const busy = await signedInPage(browser, PEOPLE.tm1);
  const own = await api<{ items: { id: number; kind: string }[] }>(busy.page, 'GET', '/api/calendar/calendars');
  const at = (h: number) => new Date(nextWeekDay(2).getTime() + h * 3_600_000).toISOString();
  await api(busy.page, 'POST', '/api/calendar/events', { calendarId: own.items.find((c) => c.kind === 'user')!.id, title: uniqueWord('Выезд'), startAt: at(14), endAt: at(16) });
  await busy.context.close();

  await signIn(page, PEOPLE.headTm);
  await openNextWeek(page);
  await shot(page, 'calendar-week-empty');
  const wednesday = nextWeekDay(2);
  await clickSlot(page, wednesday, 11 * 60);
  const form = page.getByTestId('event-form');
  await expect(form.getByRole('heading', { name: 'Новое событие' })).toBeVisible();
  await form.getByLabel('Название').fill(title);
  const people = form.getByRole('combobox', { name: 'Участники' });
  for (const person of [PEOPLE.tm1, PEOPLE.tm2]) {
    await people.fill(person.name.split(' ')[1]!);
    await page
      .getByRole('option', { name: new RegExp(person.name) })
      .first()
      .click();
  }
  await pick(page, form, 'Переговорная', roomName);
  await pick(page, form, 'Повторять', 'Каждую неделю');
  await expect(form.getByRole('checkbox', { name: 'Ср' })).toBeChecked();
  // The planner shows the three of them and the room on the meeting's day.
  const planner = form.getByTestId('planner');
  await expect(planner.getByText(PEOPLE.tm1.name)).toBeVisible();
  await expect(planner.getByText(roomName)).toBeVisible();
  await expect(planner.getByRole('img', { name: `${PEOPLE.tm1.name}: Занят` })).toBeVisible();
  await expect(planner.getByRole('img', { name: `${PEOPLE.tm2.name}: —` })).toBeVisible();
  await shot(page, 'calendar-event-form');
  await planner.scrollIntoViewIfNeeded();
  await shot(page, 'calendar-planner');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form).toBeHidden();
  await expect(eventIn(page, title)).toHaveCount(1);
  await shot(page, 'calendar-week');

  // An attendee accepts from the invitation.
  const tm1 = await signedInPage(browser, PEOPLE.tm1);
  await tm1.page.goto('/');
  await expect(async () => {
    await tm1.page.reload();
    await tm1.page.getByRole('button', { name: 'Уведомления', exact: true }).click();
    await expect(tm1.page.getByRole('dialog', { name: 'Уведомления' }).getByRole('button', { name: new RegExp(`Приглашение на встречу «${title}»`) })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await tm1.page
    .getByRole('dialog', { name: 'Уведомления' })
    .getByRole('button', { name: new RegExp(`Приглашение на встречу «${title}»`) })
    .click();
  const view = tm1.page.getByTestId('event-view');
  await expect(view.getByRole('heading', { name: title })).toBeVisible();
  await expect(view.getByText(roomName)).toBeVisible();
  await view.getByRole('button', { name: 'Пойду', exact: true }).click();
  await expect(view.getByTestId('attendee').filter({ hasText: PEOPLE.tm1.name })).toContainText('Придёт');
  await shot(tm1.page, 'calendar-event-view-attendee');
  await tm1.context.close();

  // The organiser sees the answer.
  await page.reload();
  await eventIn(page, title).click();
  const mine = page.getByTestId('event-view');
  await expect(mine.getByTestId('attendee').filter({ hasText: PEOPLE.tm1.name })).toContainText('Придёт');
  await expect(mine.getByTestId('attendee').filter({ hasText: PEOPLE.tm2.name })).toContainText('Не ответил');
  await shot(page, 'calendar-event-view');
  await page.keyboard.press('Escape');
  await expect(mine).toBeHidden();

  // Next week's meeting moves to Thursday 15:00; the ones after stay on Wednesdays.
  const thursday = nextWeekDay(3);
  await dragTo(page, eventIn(page, title), thursday, 15 * 60);
  const scope = page.getByRole('dialog', { name: 'Изменить повторяющееся событие' });
  await expect(scope.getByRole('button', { name: 'Это и следующие' })).toBeVisible();
  await shot(page, 'calendar-drag-scope');
  await scope.getByRole('button', { name: 'Только это событие' }).click();
  await expect(page.getByText('Событие перенесено')).toBeVisible();
  await expect(
    grid(page)
      .locator(`[data-day="${dayKey(thursday)}"]`)
      .last()
      .locator(`[data-event="${title}"]`),
  ).toHaveCount(1);
  const from = nextWeekDay(0).toISOString();
  const to = new Date(nextWeekDay(0).getTime() + 21 * 86_400_000).toISOString();
  const list = await api<{ items: { title: string; startAt: string }[] }>(page, 'GET', `/api/calendar/occurrences?from=${from}&to=${to}`);
  const days = list.items.filter((o) => o.title === title).map((o) => new Date(o.startAt).getDay());
  expect(days).toEqual([4, 3, 3]);

  // Month and list views.
  await grid(page).getByRole('tab', { name: 'Месяц' }).click();
  await expect(eventIn(page, title).first()).toBeVisible();
  await shot(page, 'calendar-month');
  await grid(page).getByRole('tab', { name: 'Список' }).click();
  await expect(eventIn(page, title).first()).toBeVisible();
  await shot(page, 'calendar-list');
});

test('an ordinary employee adds an event to the company calendar, and a colleague sees it', async ({ page, browser }) => {
  const title = uniqueWord('Субботник');
  await signIn(page, PEOPLE.tm2);
  await openNextWeek(page);
  await clickSlot(page, nextWeekDay(4), 16 * 60);
  const form = page.getByTestId('event-form');
  await form.getByLabel('Название').fill(title);
  await pick(page, form, 'Календарь', 'Календарь компании');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form).toBeHidden();
  await expect(eventIn(page, title)).toHaveCount(1);

  const other = await signedInPage(browser, PEOPLE.headSales);
  await openNextWeek(other.page);
  await expect(eventIn(other.page, title)).toHaveCount(1);
  await eventIn(other.page, title).click();
  await expect(other.page.getByTestId('event-view').getByText('Календарь компании')).toBeVisible();
  await other.context.close();
});

test('a task deadline and a CRM call show in «Мой календарь» and open their cards; the profile’s «Календарь» opens that person’s calendar', async ({ page }) => {
  const title = uniqueWord('Отчёт');
  await signIn(page, PEOPLE.tm1);
  // Thursday 10:00 in Moscow, the browser's time.
  const deadline = `${dayKey(nextWeekDay(3))}T10:00:00+03:00`;
  const task = await api<{ id: number }>(page, 'POST', '/api/tasks', { title, deadline });
  await openNextWeek(page);
  const item = eventIn(page, `Срок: ${title}`);
  await expect(item).toHaveCount(1);
  // Hidden with the tasks' layer, back with it.
  await page.getByRole('checkbox', { name: 'Задачи и дела CRM' }).uncheck();
  await expect(item).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Задачи и дела CRM' }).check();
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/tasks/task/${task.id}`));

  // A CRM call of his with a time is in the same layer, over its half hour, and opens in «Мои дела».
  const call = uniqueWord('Звонок');
  const deal = await createDeal(page, { title: uniqueWord('Сделка звонка'), responsibleId: await userId(page, PEOPLE.tm1.name) });
  const activity = await api<{ id: number }>(page, 'POST', '/api/crm/activities', {
    type: 'call',
    subject: call,
    owner: { type: 'deal', id: deal.id },
    startAt: `${dayKey(nextWeekDay(3))}T15:00:00+03:00`,
    endAt: `${dayKey(nextWeekDay(3))}T15:30:00+03:00`,
  });
  await openNextWeek(page);
  await expect(eventIn(page, call)).toHaveCount(1);
  await eventIn(page, call).click();
  await expect(page).toHaveURL(new RegExp(`/crm/activity\\?id=${activity.id}`));

  const headId = await userId(page, PEOPLE.headTm.name);
  await page.goto(`/company/personal/user/${headId}`);
  await mainContent(page).getByRole('link', { name: 'Календарь' }).click();
  await expect(page).toHaveURL(new RegExp(`/calendar\\?user=${headId}`));
  await expect(page.getByRole('complementary', { name: 'Календари' }).getByRole('checkbox', { name: PEOPLE.headTm.name })).toBeChecked();
});

test('a group’s «Календарь» tab shows the group’s calendar, where a member adds an event', async ({ page }) => {
  const title = uniqueWord('Ретро');
  await signIn(page, PEOPLE.headTm);
  const cals = await api<{ items: { id: number; kind: string; groupId: number | null; canAdd: boolean }[] }>(page, 'GET', '/api/calendar/calendars');
  const group = cals.items.find((c) => c.kind === 'group' && c.canAdd)!;
  await page.goto(`/groups/${group.groupId}/calendar`);
  const tab = page.getByTestId('group-calendar');
  await grid(page).getByRole('tab', { name: 'Неделя' }).click();
  await grid(page).getByRole('button', { name: 'След' }).click();
  // Monday 10:00 in «Волга»: the demo's weekly «Планёрка» holds the room, and the form says so beside the field; «Нева» is free.
  await clickSlot(page, nextWeekDay(0), 10 * 60);
  const form = page.getByTestId('event-form');
  await form.getByLabel('Название').fill(title);
  await pick(page, form, 'Переговорная', 'Волга');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form.getByText('Переговорная уже занята в это время')).toBeVisible();
  await shot(page, 'calendar-form-room-busy');
  await pick(page, form, 'Переговорная', 'Нева');
  await expect(form.getByText('Переговорная уже занята в это время')).toBeHidden();
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form).toBeHidden();
  await expect(tab.locator(`[data-event="${title}"]`)).toHaveCount(1);
  await expect(
    tab
      .locator(`[data-day="${dayKey(nextWeekDay(0))}"]`)
      .last()
      .locator(`[data-event="${title}"]`),
  ).toHaveCount(1);
  await shot(page, 'calendar-group-tab');
  const list = await api<{ items: { title: string; calendarId: number }[] }>(
    page,
    'GET',
    `/api/calendar/occurrences?from=${nextWeekDay(0).toISOString()}&to=${nextWeekDay(7).toISOString()}&calendars=${group.id}`,
  );
  expect(list.items.find((o) => o.title === title)?.calendarId).toBe(group.id);
});

test('an event with a formatted description, a file, a linked deal and a whole department; its end is dragged later', async ({ page }) => {
  const title = uniqueWord('Защита проекта');
  await signIn(page, PEOPLE.headTm);
  const deal = await createDeal(page, { title: uniqueWord('Сделка календаря'), responsibleId: await userId(page, PEOPLE.headTm.name) });
  await openNextWeek(page);
  const friday = nextWeekDay(4);
  await clickSlot(page, friday, 9 * 60);
  const form = page.getByTestId('event-form');
  await form.getByLabel('Название').fill(title);
  await pick(page, form, 'Пригласить отделы', 'Отдел продаж');
  const editor = form.getByRole('textbox', { name: 'Описание' });
  await editor.click();
  await page.keyboard.type('Повестка: ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('макет фасада');
  const chooser = page.waitForEvent('filechooser');
  await form.getByRole('button', { name: 'Прикрепить файл' }).click();
  await page.getByRole('menuitem', { name: 'Загрузить с компьютера' }).click();
  await (await chooser).setFiles({ name: 'смета.txt', mimeType: 'text/plain', buffer: Buffer.from('Смета на макет') });
  await expect(form.getByTestId('event-form-files')).toContainText('смета.txt');
  const crm = form.getByRole('combobox', { name: 'Привязать к сделке, лиду, контакту или компании' });
  await crm.fill(deal.title);
  await page.getByRole('option', { name: deal.title }).first().click();
  await expect(form.getByRole('link', { name: deal.title })).toHaveCount(0);
  await expect(form.getByText(deal.title)).toBeVisible();
  await shot(page, 'calendar-form-files-crm');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form).toBeHidden();

  const item = eventIn(page, title);
  await expect(item).toHaveCount(1);
  await item.click();
  const view = page.getByTestId('event-view');
  await expect(view.locator('strong, b').filter({ hasText: 'макет фасада' })).toBeVisible();
  await expect(view.getByTestId('event-files')).toContainText('смета.txt');
  await expect(view.getByTestId('attendee').filter({ hasText: PEOPLE.headSales.name })).toBeVisible();
  await expect(view.getByTestId('attendee').filter({ hasText: PEOPLE.sales1.name })).toBeVisible();
  await shot(page, 'calendar-event-view-files-crm');
  const download = page.waitForEvent('download');
  await view.getByRole('link', { name: /смета\.txt/ }).click();
  expect((await download).suggestedFilename()).toBe('смета.txt');
  await view.getByTestId('event-crm').getByRole('link', { name: deal.title }).click();
  await expect(page).toHaveURL(new RegExp(`/crm/deal/details/${deal.id}`));

  // The end, dragged from 10:00 to 11:30 by the bottom edge: the event lasts two and a half hours.
  await openNextWeek(page);
  const box = (await eventIn(page, title).boundingBox())!;
  // The pointer in the half hour from 11:00: the end snaps to that slot’s end.
  const to = await slotPoint(page, friday, 11 * 60);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 2, { steps: 3 });
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 10, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2, to.y, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByText('Событие перенесено')).toBeVisible();
  const list = await api<{ items: { title: string; startAt: string; endAt: string }[] }>(page, 'GET', `/api/calendar/occurrences?from=${friday.toISOString()}&to=${nextWeekDay(5).toISOString()}`);
  const got = list.items.find((o) => o.title === title)!;
  expect((new Date(got.endAt).getTime() - new Date(got.startAt).getTime()) / 60_000).toBe(150);
});
