import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn } from '../support/portal';
import { api, createCompany, createDeal, crmShot, kanbanBoard, kanbanCard, listTable, salesPipeline, stageId, toast, unique } from '../support/crm-helpers';

const HOUR = 3_600_000;

/** In nine days at 15:00 local time, clear of the demo's near activities; today's 23:00 when that is next month (the calendar shows one month). */
function laterThisMonth(): Date {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 9, 15, 0);
  return d.getMonth() === now.getMonth() ? d : new Date(now.getFullYear(), now.getMonth(), now.getDate(), 23, 0);
}

async function activity(page: Page, body: Record<string, unknown>): Promise<{ id: number }> {
  return api(page, 'POST', '/api/crm/activities', body);
}

test('a deal’s activities show on its Kanban card, in the deals’ «Дела» (where one is completed) and on the «Календарь»; the companies list counts them', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  const sales = await salesPipeline(page);
  const title = unique('Сделка с делами');
  const deal = await createDeal(page, { title, pipelineId: sales.id, stageId: stageId(sales, 'Новая') });
  const call = unique('Позвонить клиенту');
  const meeting = unique('Встреча в офисе');
  const meetingAt = laterThisMonth();
  await activity(page, { type: 'call', direction: 'outgoing', subject: call, owner: { type: 'deal', id: deal.id }, startAt: new Date(Date.now() - 2 * HOUR).toISOString() });
  await activity(page, { type: 'meeting', subject: meeting, owner: { type: 'deal', id: deal.id }, startAt: meetingAt.toISOString(), endAt: new Date(meetingAt.getTime() + HOUR).toISOString() });

  // The Kanban card: «Дела: 2», one overdue; its popover lists both.
  await page.goto(`/crm/deal/kanban?pipeline=${sales.id}`);
  await expect(kanbanBoard(page)).toBeVisible();
  await page.getByRole('textbox', { name: 'Поиск' }).fill(title);
  const card = kanbanCard(page, title);
  await expect(card).toBeVisible();
  const badge = card.getByRole('button', { name: 'Дела: 2, просрочено 1' });
  await expect(badge).toBeVisible();
  await badge.click();
  const popover = page.getByRole('dialog').filter({ hasText: 'Запланированные дела сделки' });
  await expect(popover.getByText(call)).toBeVisible();
  await expect(popover.getByText(meeting)).toBeVisible();
  await crmShot(page, 'deal-activities-kanban-popover');
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();

  // «Дела»: both planned, the overdue call in red; completing it takes it to «Выполненные».
  await page.getByRole('navigation', { name: 'Вид' }).getByRole('link', { name: 'Дела' }).click();
  await expect(page).toHaveURL(/\/crm\/deal\/activity/);
  const table = page.getByRole('table', { name: 'Дела сделок' });
  const callRow = table.getByRole('row').filter({ hasText: call });
  const meetingRow = table.getByRole('row').filter({ hasText: meeting });
  await expect(callRow).toBeVisible();
  await expect(meetingRow).toBeVisible();
  await expect(callRow.getByRole('link', { name: title })).toBeVisible();
  await crmShot(page, 'deal-activities-list');
  await callRow.getByRole('checkbox', { name: `Выполнено: ${call}` }).click();
  await expect(toast(page, `Дело «${call}» выполнено`)).toBeVisible();
  await expect(callRow).toHaveCount(0);
  await expect(meetingRow).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Дела' }).getByText('Выполненные').click();
  await expect(table.getByRole('row').filter({ hasText: call })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: meeting })).toHaveCount(0);
  await crmShot(page, 'deal-activities-done');

  // The Kanban card now counts one, not overdue.
  await page.goto(`/crm/deal/kanban?pipeline=${sales.id}`);
  await page.getByRole('textbox', { name: 'Поиск' }).fill(title);
  await expect(kanbanCard(page, title).getByRole('button', { name: 'Дела: 1' })).toBeVisible();

  // «Календарь»: the meeting on its day; a click opens the deal.
  await page.goto(`/crm/deal/calendar?pipeline=${sales.id}`);
  const grid = page
    .getByRole('grid', { name: 'Календарь дел' })
    .or(page.getByRole('region', { name: 'Календарь дел' }))
    .first();
  await expect(grid).toBeVisible();
  const item = page.getByRole('link', { name: new RegExp(meeting) }).first();
  await expect(item).toBeVisible();
  await crmShot(page, 'deal-activities-calendar');
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/crm/deal/details/${deal.id}$`));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await page.getByRole('heading', { name: title }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/crm\/deal\/calendar/);

  // The switch keeps the deals' own dates.
  await page.getByRole('radiogroup', { name: 'Показывать' }).getByText('Даты сделок').click();
  await expect(
    page
      .getByRole('textbox', { name: 'Дата' })
      .or(page.getByRole('combobox', { name: 'Дата' }))
      .first(),
  ).toBeVisible();

  // The deals list: «Дела» of the deal, one planned.
  await page.goto(`/crm/deal/list?pipeline=${sales.id}`);
  const deals = listTable(page, 'Сделки');
  await expect(deals.getByRole('columnheader', { name: 'Дела' })).toBeVisible();
  await expect(deals.getByRole('row').filter({ hasText: title }).getByText('1', { exact: true })).toBeVisible();
  await crmShot(page, 'deal-activities-deals-list');

  // The companies list: «Дела» with the count of a company's planned activities.
  const company = await createCompany(page, { title: unique('ООО Дела') });
  await activity(page, { type: 'todo', subject: unique('Отправить КП'), owner: { type: 'company', id: company.id }, deadline: new Date(Date.now() + 5 * HOUR).toISOString() });
  await page.goto('/crm/company/list');
  const companies = listTable(page, 'Компании');
  await expect(companies.getByRole('columnheader', { name: 'Дела' })).toBeVisible();
  const row = companies.getByRole('row').filter({ hasText: company.title });
  await expect(row).toBeVisible();
  await expect(row.getByText('1', { exact: true })).toBeVisible();
  await crmShot(page, 'deal-activities-companies-list');
});
