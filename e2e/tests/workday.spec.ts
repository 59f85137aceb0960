import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, shot, signIn, signedInPage } from '../support/portal';
import { api, toast, userId } from '../support/crm-helpers';

const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
/** «7 ч 05 мин», as the panel writes a duration. */
const duration = (ms: number) => {
  const m = Math.floor(ms / 60_000);
  return `${Math.floor(m / 60)} ч ${String(m % 60).padStart(2, '0')} мин`;
};

const panel = (page: Page) => page.getByTestId('workday-panel');
const dropdown = (page: Page) => page.getByRole('dialog', { name: 'Рабочий день' });

async function openPanel(page: Page) {
  if ((await panel(page).getAttribute('aria-expanded')) !== 'true') await panel(page).click();
  await expect(dropdown(page)).toBeVisible();
}

test('an employee starts, pauses, resumes and finishes the day; the head sees the late start and corrects it with a reason', async ({ page, browser }) => {
  // Иван Кузнецов works from midnight with no lateness allowed, so whenever this runs, his start is late.
  const { context: adminCtx, page: adminPage } = await signedInPage(browser, PEOPLE.admin);
  const tm1 = await userId(adminPage, PEOPLE.tm1.name);
  const schedule = await api<{ id: number }>(adminPage, 'PUT', '/api/workday/schedules', {
    scope: 'user',
    targetId: tm1,
    kind: 'fixed',
    start: '00:00',
    end: '23:59',
    lunchStart: null,
    lunchEnd: null,
    workDays: [1, 2, 3, 4, 5, 6, 7],
    allowedLateMinutes: 0,
    reasonRequired: false,
    autoClose: 'none',
    autoCloseHours: 12,
    ipRanges: [],
  });

  try {
    await signIn(page, PEOPLE.tm1);
    await expect(panel(page)).toHaveAttribute('data-state', 'not_started');
    await openPanel(page);
    await expect(dropdown(page).getByText('Рабочий день ещё не начат')).toBeVisible();
    // Today's tasks of his, from the tasks' section of the panel.
    await expect(dropdown(page).getByTestId('workday-today-tasks').getByText('Задачи на сегодня')).toBeVisible();
    await expect(dropdown(page).getByTestId('workday-today-tasks').getByRole('link').first()).toBeVisible();
    await expect(dropdown(page).getByTestId('workday-today-events').getByText('События на сегодня')).toBeVisible();
    await shot(page, 'workday-panel-not-started');

    await dropdown(page).getByRole('button', { name: 'Начать рабочий день' }).click();
    await expect(panel(page)).toHaveAttribute('data-state', 'working');
    await expect(dropdown(page).getByText('Идёт', { exact: true })).toBeVisible();
    await expect(dropdown(page).getByTestId('workday-intervals').getByText(/– …/)).toBeVisible();
    await expect(dropdown(page).getByText('Опоздание')).toBeVisible();
    await shot(page, 'workday-panel-working');

    // The same state in another tab of his at once.
    const other = await page.context().newPage();
    await other.goto('/');
    await expect(panel(other)).toHaveAttribute('data-state', 'working');

    await dropdown(page).getByRole('button', { name: 'Перерыв' }).click();
    await expect(panel(page)).toHaveAttribute('data-state', 'paused');
    await expect(panel(other)).toHaveAttribute('data-state', 'paused');
    await shot(page, 'workday-panel-paused');
    // A paused day does not tick: the time stays as it was.
    const pausedText = await dropdown(page).getByTestId('workday-worked-full').textContent();
    await page.waitForTimeout(1500);
    await expect(dropdown(page).getByTestId('workday-worked-full')).toHaveText(pausedText!);

    await dropdown(page).getByRole('button', { name: 'Продолжить' }).click();
    await expect(panel(page)).toHaveAttribute('data-state', 'working');
    await expect(dropdown(page).getByTestId('workday-intervals').locator('p, div').filter({ hasText: '–' })).toHaveCount(2);

    await dropdown(page).getByRole('button', { name: 'Завершить рабочий день' }).click();
    const finish = page.getByRole('dialog', { name: 'Завершить рабочий день' });
    await finish.getByRole('textbox', { name: 'Отчёт за день' }).fill('Обзвонил 40 компаний, назначил 3 встречи');
    await shot(page, 'workday-finish-report');
    await finish.getByRole('button', { name: 'Завершить рабочий день' }).click();
    await expect(finish).toBeHidden();
    await expect(panel(page)).toHaveAttribute('data-state', 'finished');
    await expect(panel(other)).toHaveAttribute('data-state', 'finished');
    await openPanel(page);
    await expect(dropdown(page).getByText('Завершён', { exact: true })).toBeVisible();
    // The worked time shown is the server's.
    const status = await api<{ workedMs: number; report: string }>(page, 'GET', '/api/workday/status');
    expect(status.report).toBe('Обзвонил 40 компаний, назначил 3 встречи');
    await expect(dropdown(page).getByTestId('workday-worked-full')).toHaveText(duration(status.workedMs));
    await page.waitForTimeout(300);
    await openPanel(page);
    await shot(page, 'workday-panel-finished');
    await other.close();

    // The head of telemarketing: the month report shows his day with the late start.
    const { context: headCtx, page: head } = await signedInPage(browser, PEOPLE.headTm);
    await head.goto('/timeman');
    const main = mainContent(head);
    await expect(main.getByRole('heading', { name: 'Учёт рабочего времени', level: 1 })).toBeVisible();
    const cell = main.getByTestId(`cell-${tm1}-${today()}`);
    await expect(cell).toHaveAttribute('data-flags', /Опоздание/);
    await expect(main.getByTestId('worktime-grid').getByText(PEOPLE.tm1.name)).toBeVisible();
    await shot(head, 'workday-report');

    await cell.click();
    const drawer = head.getByTestId('workday-day');
    await expect(drawer.getByText('Обзвонил 40 компаний, назначил 3 встречи')).toBeVisible();
    await expect(drawer.getByText('Опоздание')).toBeVisible();
    await drawer.getByRole('button', { name: 'Изменить' }).click();
    // Two intervals as he worked them (the break between); set the schedule's day instead.
    await drawer.getByLabel('Начало 1').fill('09:00');
    await drawer.getByLabel('Окончание 1').fill('13:00');
    await drawer.getByLabel('Начало 2').fill('14:00');
    await drawer.getByLabel('Окончание 2').fill('18:00');
    await drawer.getByRole('button', { name: 'Сохранить' }).click();
    await expect(drawer.getByText('Заполните поле')).toBeVisible();
    await drawer.getByRole('textbox', { name: 'Причина изменения' }).fill('Был на встрече у клиента, отметился позже');
    await shot(head, 'workday-correct-form');
    await drawer.getByRole('button', { name: 'Сохранить' }).click();
    await expect(toast(head, 'Рабочий день изменён')).toBeVisible();
    const history = head.getByTestId('workday-history');
    await expect(history.getByText(/Изменён · Ольга Петрова · Был на встрече у клиента, отметился позже/)).toBeVisible();
    await expect(history.getByText(/→ 09:00–13:00, 14:00–18:00/)).toBeVisible();
    await expect(drawer.getByText('8 ч 00 мин')).toBeVisible();
    await shot(head, 'workday-day-history');
    await head.keyboard.press('Escape');
    await expect(cell).toHaveText('8');
    await headCtx.close();

    // His own panel shows the corrected day, and he is told why.
    await page.reload();
    await openPanel(page);
    await expect(dropdown(page).getByTestId('workday-worked-full')).toHaveText('8 ч 00 мин');
    const notes = await api<{ items: { title: string }[] }>(page, 'GET', '/api/notifications');
    expect(notes.items.map((n) => n.title)).toContain(`Руководитель изменил ваш рабочий день ${today()}: Был на встрече у клиента, отметился позже`);
  } finally {
    await api(adminPage, 'DELETE', `/api/workday/schedules/${schedule.id}`);
    await adminCtx.close();
  }
});

test('an administrator edits the work schedules and the production calendar', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/timeman/settings' });
  const main = mainContent(page);
  await expect(main.getByRole('tab', { name: 'Настройки', selected: true })).toBeVisible();
  const schedules = main.getByTestId('workday-schedules');
  await expect(schedules.getByText('Весь портал')).toBeVisible();
  await expect(schedules.getByText(/09:00–18:00 · обед 13:00–14:00 · Пн, Вт, Ср, Чт, Пт/)).toBeVisible();
  await expect(main.getByTestId('workday-holidays').getByRole('textbox').first()).toBeVisible();
  await shot(page, 'workday-settings');

  // A department's own schedule: 10:00–19:00; the form says what is wrong first.
  await main.getByRole('button', { name: 'Добавить график' }).click();
  const form = page.getByTestId('schedule-form');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form.getByText('Выберите отдел или сотрудника')).toBeVisible();
  await form
    .getByRole('textbox', { name: 'Отдел', exact: true })
    .or(form.getByRole('combobox', { name: 'Отдел', exact: true }))
    .click();
  await page.getByRole('option', { name: 'Отдел продаж' }).click();
  await form.getByLabel('Начало работы').fill('10:00');
  await form.getByLabel('Окончание работы').fill('19:00');
  await form.getByLabel('Начало обеда').fill('15:00');
  await form.getByLabel('Конец обеда').fill('14:00');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form.getByText('Конец обеда должен быть позже начала')).toBeVisible();
  await form.getByLabel('Конец обеда').fill('16:00');
  await shot(page, 'workday-schedule-form');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'График сохранён')).toBeVisible();
  const row = schedules.getByRole('row').filter({ hasText: 'Отдел продаж' });
  await expect(row.getByText(/10:00–19:00 · обед 15:00–16:00/)).toBeVisible();
  await row.getByRole('button', { name: 'Удалить график' }).click();
  await expect(toast(page, 'График удалён')).toBeVisible();
  await expect(row).toHaveCount(0);

  // Next year's calendar: add a day, save, and it is there after a reload.
  const year = new Date().getFullYear() + 1;
  await main.getByRole('textbox', { name: 'Год' }).fill(String(year));
  const holidays = main.getByTestId('workday-holidays');
  await expect(holidays.getByRole('textbox').first()).toHaveValue(`${year}-01-01`);
  const count = await holidays.getByRole('row').count();
  await main.getByRole('button', { name: 'Добавить день' }).click();
  const added = holidays.getByRole('row').nth(count);
  await added.getByRole('textbox').nth(0).fill(`${year}-06-15`);
  await added.getByRole('textbox').nth(1).fill('День компании');
  await main.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Календарь сохранён')).toBeVisible();
  await page.reload();
  await main.getByRole('textbox', { name: 'Год' }).fill(String(year));
  await expect(main.getByTestId('workday-holidays').locator(`input[value="День компании"]`)).toBeVisible();
  await expect(main.getByText('изменён администратором')).toBeVisible();
});
