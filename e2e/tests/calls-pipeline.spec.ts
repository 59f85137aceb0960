import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api, toast, unique, userId } from '../support/crm-helpers';

interface Pipeline {
  id: number;
  code: string | null;
  stages: { id: number; name: string }[];
}
interface TaskRow {
  id: number;
  title: string;
  status: string;
}

async function callsPipeline(page: Page): Promise<Pipeline> {
  const data = await api<{ items: Pipeline[] }>(page, 'GET', '/api/crm/pipelines');
  return data.items.find((p) => p.code === 'calls')!;
}

/** The viewer's tasks of that title bound to the deal (the robots bind theirs). */
async function dealTasks(page: Page, dealId: number, title: string): Promise<TaskRow[]> {
  const data = await api<{ items: TaskRow[] }>(page, 'GET', `/api/tasks/list?search=${encodeURIComponent(title)}&pageSize=50`);
  const out: TaskRow[] = [];
  for (const task of data.items.filter((x) => x.title === title)) {
    const links = await api<{ items: { type: string; id: number }[] }>(page, 'GET', `/api/tasks/${task.id}/crm-links`);
    if (links.items.some((l) => l.type === 'deal' && l.id === dealId)) out.push(task);
  }
  return out;
}

async function waitTask(page: Page, dealId: number, title: string): Promise<TaskRow> {
  let found: TaskRow | undefined;
  await expect
    .poll(
      async () => {
        found = (await dealTasks(page, dealId, title)).find((x) => x.status !== 'completed');
        return Boolean(found);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

/** The deal's card opened at its own address: the page's main part. */
function dealCard(page: Page) {
  return page.getByRole('main');
}

function stageBar(page: Page, _title: string) {
  return dealCard(page).getByRole('group', { name: 'Стадии' });
}

async function currentStage(page: Page, title: string, stage: string) {
  await expect(stageBar(page, title).getByRole('button', { name: `${stage} (текущая стадия)` })).toBeVisible({ timeout: 20_000 });
}

async function choose(page: Page, title: string, field: string, value: string) {
  const results = dealCard(page).getByRole('region', { name: 'Результаты' });
  await expect(results).toContainText(title ? 'Результаты' : '');
  await results.getByRole('combobox', { name: field }).click();
  await page.getByRole('option', { name: value, exact: true }).click();
}

test('«Воронка обзвона»: the head distributes a new request, the telemarketer qualifies it, finds the decision maker and learns the interest up to «Горячие», the manager closes it as «Успешно»', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const title = unique('Обзвон e2e');
  const companyTitle = unique('ООО «Обзвон e2e»');

  // The request comes in: a company with everything «Квалифицировать — Да» needs, and its decision maker.
  await signIn(page, PEOPLE.headTm, { start: '/crm/deal/kanban' });
  const tm1 = await userId(page, PEOPLE.tm1.name);
  const calls = await callsPipeline(page);
  const company = await api<{ id: number }>(page, 'POST', '/api/crm/companies', {
    title: companyTitle,
    industry: 'Строительство',
    revenue: '25000000.00',
    inn: '7707083893',
    phones: [{ type: 'work', value: '+7 495 777-00-11' }],
    emails: [{ type: 'work', value: 'office@obzvon-e2e.ru' }],
    responsibleId: tm1,
  });
  const contact = await api<{ id: number }>(page, 'POST', '/api/crm/contacts', {
    lastName: 'Зайцев',
    firstName: 'Игорь',
    position: 'Директор по развитию',
    phones: [{ type: 'mobile', value: '+7 916 777-00-11' }],
    emails: [{ type: 'work', value: 'zaitsev@obzvon-e2e.ru' }],
    companyIds: [company.id],
    responsibleId: tm1,
  });
  const deal = await api<{ id: number }>(page, 'POST', '/api/crm/deals', { title, pipelineId: calls.id, companyId: company.id, contactIds: [contact.id] });

  // «Новая заявка»: the head's task «Распределить заявку»; she sets the responsible on the card...
  const distribute = await waitTask(page, deal.id, `Распределить заявку: ${title}`);
  await page.goto(`/crm/deal/details/${deal.id}`);
  const card = dealCard(page);
  await currentStage(page, title, 'Новая заявка');
  await card.getByRole('button', { name: 'Изменить блок «О сделке»' }).click();
  const responsible = card
    .getByRole('textbox', { name: 'Ответственный' })
    .or(card.getByLabel('Ответственный', { exact: true }))
    .first();
  await responsible.click();
  await responsible.fill('Кузнецов');
  await page.getByRole('option', { name: PEOPLE.tm1.name }).click();
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Изменения сохранены')).toBeVisible();

  // ...and closes the task: the deal moves to «Неразобранные» by itself.
  await page.goto(`/tasks/task/${distribute.id}`);
  await page.getByRole('button', { name: 'Завершить' }).click();
  await expect(page.getByTestId('task-status')).toHaveText('Завершена');

  // The telemarketer: «Квалифицировать заявку» is theirs; «Да» with a complete company → «Первичный контакт».
  await page.context().clearCookies();
  await signIn(page, PEOPLE.tm1, { start: `/crm/deal/details/${deal.id}` });
  await currentStage(page, title, 'Неразобранные');
  await waitTask(page, deal.id, 'Квалифицировать заявку');
  await expect(dealCard(page).getByRole('region', { name: 'Результаты' })).toBeVisible();
  await shot(page, 'calls-card-results');
  await choose(page, title, 'Квалифицировать', 'Да');
  await currentStage(page, title, 'Первичный контакт');
  const lpr = await waitTask(page, deal.id, 'Найти ЛПР');

  // «Найти ЛПР — Недозвон»: the card asks for the task's new deadline.
  await choose(page, title, 'Найти ЛПР', 'Недозвон');
  const ask = page.getByRole('dialog', { name: 'Укажите новый крайний срок задачи «Найти ЛПР»' });
  await expect(ask).toBeVisible({ timeout: 20_000 });
  await shot(page, 'calls-request-dialog');
  // The 15th of next month, at the time the picker offers.
  await ask.getByRole('button', { name: 'Новый крайний срок' }).click();
  const picker = page.getByRole('dialog', { name: 'Новый крайний срок', exact: true });
  const header = picker.getByRole('button', { name: /\d{4}$/ });
  await header.locator('xpath=following-sibling::button[1]').click();
  await picker.getByRole('button', { name: /^15 / }).click();
  const [hours, minutes] = await picker.getByRole('spinbutton').all();
  await hours!.fill('12');
  await minutes!.fill('30');
  await picker.getByRole('button').last().click();
  await expect(ask.getByRole('button', { name: 'Новый крайний срок' })).toContainText('12:30');
  await ask.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Крайний срок задачи изменён')).toBeVisible();
  await expect(ask).toBeHidden();
  expect((await api<{ deadline: string }>(page, 'GET', `/api/tasks/${lpr.id}`)).deadline).not.toBeNull();

  // «Найти ЛПР — Да»: the contact is complete → «Тёплые»; «Узнать интерес — Да» → «Горячие».
  await choose(page, title, 'Найти ЛПР', 'Да');
  await currentStage(page, title, 'Тёплые');
  await waitTask(page, deal.id, 'Узнать интерес');
  await choose(page, title, 'Узнать интерес (Тёплые)', 'Да');
  await currentStage(page, title, 'Горячие');
  await waitTask(page, deal.id, 'Узнать интерес');
  const history = dealCard(page).getByRole('list', { name: 'История' });
  await expect(history).toContainText('Робот');
  await shot(page, 'calls-card-hot');

  // «Успешно» is the manager's decision, by hand from the stage bar.
  await page.context().clearCookies();
  await signIn(page, PEOPLE.admin, { start: `/crm/deal/details/${deal.id}` });
  await currentStage(page, title, 'Горячие');
  await stageBar(page, title).getByRole('button', { name: 'Перевести на стадию «Успешно»' }).click();
  await expect(toast(page, 'Стадия изменена: «Успешно»')).toBeVisible();
  await currentStage(page, title, 'Успешно');
});
