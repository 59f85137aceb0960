import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn } from '../support/portal';
import { api, createDeal, crmShot, listTable, settled, toast, unique, uniqueWord } from '../support/crm-helpers';

/**
 * Manual, section 5: select items → group action «Объединить» → «Применить» → the comparison
 * screen (choose the primary, check the result) → «Объединить и редактировать» opens the merged
 * card; items without differences merge at once. The survivor holds every link of the others.
 */

type Kind = 'contact' | 'company';
const COLLECTION = { contact: 'contacts', company: 'companies' } as const;
const MANY = { contact: 'Контакты', company: 'Компании' } as const;

interface Links {
  dealId: number;
  activityId: number;
  taskId: number;
  taskTitle: string;
  comment: string;
  /** A company of the contact, or a contact of the company. */
  otherId: number;
}

/** A deal, an activity, a comment, a task and a contact↔company link on the item. */
async function giveLinks(page: Page, kind: Kind, id: number): Promise<Links> {
  const other =
    kind === 'contact'
      ? await api<{ id: number }>(page, 'POST', '/api/crm/companies', { title: unique('ООО «Связь слияния»') })
      : await api<{ id: number }>(page, 'POST', '/api/crm/contacts', { lastName: uniqueWord('Связной'), firstName: 'Олег', companyIds: [id] });
  if (kind === 'contact') {
    const c = await api<{ version: number }>(page, 'GET', `/api/crm/contacts/${id}`);
    await api(page, 'PATCH', `/api/crm/contacts/${id}`, { version: c.version, companyIds: [other.id] });
  }
  const deal = await createDeal(page, { title: unique('Сделка слияния') });
  const d = await api<{ version: number }>(page, 'GET', `/api/crm/deals/${deal.id}`);
  await api(page, 'PATCH', `/api/crm/deals/${deal.id}`, { version: d.version, ...(kind === 'contact' ? { contactIds: [id] } : { companyId: id }) });
  const activity = await api<{ id: number }>(page, 'POST', '/api/crm/activities', { type: 'todo', subject: unique('Дело слияния'), owner: { type: kind, id } });
  const taskTitle = unique('Задача слияния');
  const task = await api<{ id: number }>(page, 'POST', '/api/tasks', { title: taskTitle, crmLinks: [{ type: kind, id }] });
  const comment = unique('Комментарий слияния');
  await api(page, 'POST', `/api/comments/${kind}/${id}`, { html: `<p>${comment}</p>` });
  return { dealId: deal.id, activityId: activity.id, taskId: task.id, taskTitle, comment, otherId: other.id };
}

/** Every link of `links` now hangs on `survivor`. */
async function expectLinksOn(page: Page, kind: Kind, survivor: number, links: Links): Promise<void> {
  const card = await api<{ deals: { id: number }[]; companies?: { id: number }[]; contacts?: { id: number }[] }>(page, 'GET', `/api/crm/${COLLECTION[kind]}/${survivor}`);
  expect(card.deals.map((d) => d.id)).toContain(links.dealId);
  expect((kind === 'contact' ? card.companies! : card.contacts!).map((c) => c.id)).toContain(links.otherId);
  const activity = await api<{ owner: { type: string; id: number } }>(page, 'GET', `/api/crm/activities/${links.activityId}`);
  expect(activity.owner).toMatchObject({ type: kind, id: survivor });
  await expect.poll(async () => JSON.stringify(await api(page, 'GET', `/api/crm/${kind}/${survivor}/timeline`))).toContain(links.comment);
  // The task bound to the merged item shows in the survivor's history as a linked task.
  await expect.poll(async () => JSON.stringify(await api(page, 'GET', `/api/crm/${kind}/${survivor}/timeline`))).toContain(links.taskTitle);
}

/**
 * The list filtered to `word`, the rows of `titles` selected in that order (equal titles: the
 * older row first; the list shows the newest first), «Объединить» → «Применить» with the first
 * selected as the primary.
 */
async function mergeFromList(page: Page, kind: Kind, word: string, titles: string[]): Promise<void> {
  await page.goto(`/crm/${kind}/list`);
  const table = listTable(page, MANY[kind]);
  await page.getByRole('textbox', { name: 'Поиск' }).fill(word);
  await expect(table.locator('tbody tr')).toHaveCount(titles.length);
  await settled(table);
  for (const [i, title] of titles.entries()) {
    const same = titles.filter((x) => x === title).length;
    const boxes = table.getByRole('checkbox', { name: `Выбрать «${title}»` });
    await (same > 1 ? boxes.nth(same - 1 - titles.slice(0, i).filter((x) => x === title).length) : boxes).check();
  }
  const bar = page.getByRole('toolbar', { name: 'Групповые действия' });
  await bar.getByRole('button', { name: 'Объединить', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Объединить' });
  await expect(dialog).toBeVisible();
  await crmShot(page, `merge-${kind}-prompt`);
  await dialog.getByRole('button', { name: 'Применить' }).click();
}

for (const kind of ['contact', 'company'] as const) {
  const word = kind === 'contact' ? 'Контакт' : 'Компания';

  test(`${word}: the comparison screen, a chosen primary, «Объединить и редактировать»; the survivor holds every link`, async ({ page }) => {
    await signIn(page, PEOPLE.admin, { start: `/crm/${kind}/list` });
    const name = uniqueWord(kind === 'contact' ? 'Слиянов' : 'Слияние');
    const loserBody =
      kind === 'contact'
        ? { lastName: name, firstName: 'Иван', phones: [{ type: 'mobile', value: '+7 916 555-00-01' }], emails: [{ type: 'work', value: `${name.toLowerCase()}@old.ru` }], position: 'Менеджер' }
        : { title: `ООО ${name}`, phones: [{ type: 'work', value: '+7 495 555-00-01' }], address: 'Москва, Тверская 1' };
    const survivorBody =
      kind === 'contact'
        ? { lastName: name, firstName: 'Иван', middleName: 'Петрович', phones: [{ type: 'work', value: '+7 495 555-00-02' }], position: 'Директор' }
        : { title: name, phones: [{ type: 'work', value: '+7 495 555-00-02' }], inn: '7707083893' };
    const loser = await api<{ id: number; title: string }>(page, 'POST', `/api/crm/${COLLECTION[kind]}`, loserBody);
    const survivor = await api<{ id: number; title: string }>(page, 'POST', `/api/crm/${COLLECTION[kind]}`, survivorBody);
    const links = await giveLinks(page, kind, loser.id);

    await mergeFromList(page, kind, name, [loser.title, survivor.title]);
    await expect(page).toHaveURL(new RegExp(`/crm/${kind}/merge\\?ids=`));
    await expect(page.getByRole('heading', { name: kind === 'contact' ? 'Объединение контактов' : 'Объединение компаний' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: /Результат объединения/ })).toBeVisible();

    // The primary: the second one; the first one's value of one field is kept.
    await page.getByRole('radio', { name: `Основной: ${survivor.title}` }).check();
    const field = kind === 'contact' ? 'Должность' : 'Адрес';
    const kept = kind === 'contact' ? 'Менеджер' : 'Москва, Тверская 1';
    await page.getByRole('radio', { name: `${field}: значение из «${loser.title}»` }).check();
    await expect(page.getByTestId(kind === 'contact' ? 'result-position' : 'result-address')).toHaveText(kept);
    // Phones combined: both numbers in the result.
    await expect(page.getByRole('checkbox', { name: 'Объединить значения: Телефон' })).toBeChecked();
    await expect(page.getByTestId('result-phones')).toContainText(kind === 'contact' ? '+7 916 555-00-01' : '+7 495 555-00-01');
    await expect(page.getByTestId('result-phones')).toContainText('+7 495 555-00-02');
    await crmShot(page, `merge-${kind}-screen`);

    await page.getByRole('button', { name: 'Объединить и редактировать' }).click();
    await expect(page).toHaveURL(new RegExp(`/crm/${kind}/details/${survivor.id}\\?edit=1$`));
    await expect(toast(page, /Объединено/)).toBeVisible();
    // The merged card opens for editing: its save bar is there; «Отменить» shows the kept value.
    await expect(page.getByRole('button', { name: 'Сохранить' })).toBeVisible();
    await crmShot(page, `merge-${kind}-card`);
    await page.locator('form').getByRole('button', { name: 'Отменить', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Сохранить' })).toBeHidden();
    await expect(page.getByText(kept).first()).toBeVisible();

    const card = await api<{ phones: { value: string }[]; position?: string; address?: string }>(page, 'GET', `/api/crm/${COLLECTION[kind]}/${survivor.id}`);
    expect(card.phones).toHaveLength(2);
    expect(kind === 'contact' ? card.position : card.address).toBe(kept);
    await expectLinksOn(page, kind, survivor.id, links);
    const gone = await page.request.get(`/api/crm/${COLLECTION[kind]}/${loser.id}`);
    expect(gone.status()).toBe(404);
  });

  test(`${word}: identical items merge at once, without the comparison screen`, async ({ page }) => {
    await signIn(page, PEOPLE.admin, { start: `/crm/${kind}/list` });
    const name = uniqueWord(kind === 'contact' ? 'Двойнов' : 'Двойник');
    const body =
      kind === 'contact'
        ? { lastName: name, firstName: 'Анна', phones: [{ type: 'mobile', value: '+7 916 777-00-01' }] }
        : { title: `ООО ${name}`, phones: [{ type: 'work', value: '+7 495 777-00-01' }] };
    const first = await api<{ id: number; title: string }>(page, 'POST', `/api/crm/${COLLECTION[kind]}`, body);
    const second = await api<{ id: number; title: string }>(page, 'POST', `/api/crm/${COLLECTION[kind]}`, {
      ...body,
      phones: [{ type: body.phones[0]!.type, value: body.phones[0]!.value.replace('+7', '8') }],
    });
    const links = await giveLinks(page, kind, second.id);

    await mergeFromList(page, kind, name, [first.title, second.title]);
    await expect(toast(page, `Различий нет — элементы объединены: «${first.title}»`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/crm/${kind}/list`));
    const table = listTable(page, MANY[kind]);
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await crmShot(page, `merge-${kind}-same`);

    // The primary was the first selected: it holds the other's links.
    const left = await api<{ items: { id: number | string }[] }>(page, 'GET', `/api/crm/${kind}/list?search=${encodeURIComponent(name)}`);
    expect(left.items.map((r) => Number(r.id))).toEqual([first.id]);
    await expectLinksOn(page, kind, first.id, links);
  });
}
