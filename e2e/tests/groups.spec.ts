import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, shot, signIn, signedInPage } from '../support/portal';
import { api, toast, unique } from '../support/crm-helpers';

interface GroupRow {
  id: number;
  name: string;
}

test('create a project, invite an employee who accepts, and see the group tasks slot, members and history', async ({ page, browser }) => {
  const name = unique('Проект: Склад');
  await signIn(page, PEOPLE.headTm, { start: '/groups' });
  const main = mainContent(page);
  await expect(main.getByRole('heading', { name: 'Группы', level: 1 })).toBeVisible();
  await expect(main.getByRole('listitem', { name: 'Дизайн-студия' })).toBeVisible();
  await shot(page, 'groups-list');

  // «Создать»: the name is required, the end cannot come before the start.
  await main.getByRole('button', { name: 'Создать' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Новая группа' });
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(dialog.getByText('Укажите название группы')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Название' }).fill(name);
  await dialog.getByRole('textbox', { name: 'Описание' }).fill('Новый склад в Подольске: стеллажи, учёт, переезд.');
  const field = (scope: typeof dialog, label: string) => scope.getByRole('textbox', { name: label, exact: true }).or(scope.getByRole('combobox', { name: label, exact: true }));
  await field(dialog, 'Тип').click();
  await page.getByRole('option', { name: 'Проект', exact: true }).click();
  await field(dialog, 'Видимость').click();
  await page.getByRole('option', { name: 'Закрытая' }).click();
  await dialog.getByRole('textbox', { name: 'Дата начала' }).fill('10.12.2026');
  await dialog.getByRole('textbox', { name: 'Дата завершения' }).fill('01.12.2026');
  await shot(page, 'groups-create-form');
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(dialog.getByText('Дата завершения раньше даты начала')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Дата завершения' }).fill('28.02.2027');
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(toast(page, `Группа «${name}» создана`)).toBeVisible();

  // The group page: header with kind, visibility and dates; the «Задачи» slot.
  await expect(main.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(main.getByText('Проект', { exact: true })).toBeVisible();
  await expect(main.getByText('Закрытая', { exact: true })).toBeVisible();
  await expect(main.getByText(/10 декабря 2026 — 28 февраля 2027/)).toBeVisible();
  const groupId = Number(new URL(page.url()).pathname.split('/')[2]);
  expect(groupId).toBeGreaterThan(0);
  await shot(page, 'groups-page-owner');

  // «Пригласить» Иван Кузнецов.
  await main.getByRole('button', { name: 'Пригласить' }).click();
  const invite = page.getByRole('dialog', { name: 'Пригласить сотрудников' });
  const who = field(invite, 'Сотрудники');
  await who.click();
  await who.fill('Кузнецов');
  await page.getByRole('option', { name: PEOPLE.tm1.name }).click();
  await who.press('Tab'); // closes the list of people
  await invite.getByRole('button', { name: 'Пригласить' }).click();
  await expect(toast(page, 'Приглашения отправлены')).toBeVisible();
  await main.getByRole('tab', { name: 'Участники' }).click();
  await expect(main.getByRole('region', { name: 'Приглашённые' }).getByRole('listitem', { name: PEOPLE.tm1.name })).toBeVisible();
  await shot(page, 'groups-members-owner');

  // The invitee sees the invitation on «Группы» and accepts it.
  const { context, page: tm1 } = await signedInPage(browser, PEOPLE.tm1);
  try {
    await tm1.goto('/groups');
    const invitations = mainContent(tm1).getByRole('region', { name: 'Приглашения' });
    await expect(invitations.getByText(name)).toBeVisible();
    await shot(tm1, 'groups-invitations');
    await invitations.getByRole('button', { name: `Принять: ${name}` }).click();
    await expect(toast(tm1, `Вы вступили в группу «${name}»`)).toBeVisible();
    await expect(invitations).toHaveCount(0);

    // A task of the group is the member's to read; the group's «Задачи» lists it, and its history reaches the group's «История».
    const taskTitle = unique('Заказать стеллажи');
    const task = await api<{ id: number }>(tm1, 'POST', '/api/tasks', { title: taskTitle, groupId });
    expect((await tm1.request.get(`/api/tasks/${task.id}`)).status()).toBe(200);
    await tm1.goto(`/groups/${groupId}`);
    const m1 = mainContent(tm1);
    await expect(m1.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(m1.getByText('Вы участник')).toBeVisible();
    await expect(m1.getByRole('tab', { name: 'Задачи', selected: true })).toBeVisible();
    for (const tab of ['Участники', 'Лента', 'Диск', 'Чат', 'Календарь', 'История']) await expect(m1.getByRole('tab', { name: tab })).toBeVisible();
    await expect(m1.getByText(taskTitle, { exact: true })).toBeVisible();
    await shot(tm1, 'groups-page-member-tasks');

    await m1.getByRole('tab', { name: 'История' }).click();
    await expect(m1.getByText(`${PEOPLE.tm1.name} принял приглашение`)).toBeVisible({ timeout: 15_000 });
    await expect(m1.getByText(/Создана задача «Заказать стеллажи/)).toBeVisible({ timeout: 15_000 });
    await shot(tm1, 'groups-history');
  } finally {
    await context.close();
  }
  await page.reload();
  await main.getByRole('tab', { name: 'Участники' }).click();
  await expect(main.getByRole('region', { name: 'Участники' }).getByRole('listitem', { name: PEOPLE.tm1.name })).toBeVisible();
});

test('an employee outside a secret group neither finds nor opens it', async ({ page, browser }) => {
  // Ольга Петрова is a member of the demo's secret «Совет директоров».
  await signIn(page, PEOPLE.headTm, { start: '/groups' });
  const list = await api<{ items: GroupRow[] }>(page, 'GET', '/api/groups?filter=mine&search=Совет');
  const secret = list.items.find((g) => g.name === 'Совет директоров');
  expect(secret).toBeTruthy();
  await page.goto(`/groups/${secret!.id}`);
  await expect(mainContent(page).getByText('Секретная', { exact: true })).toBeVisible();

  const { context, page: tm2 } = await signedInPage(browser, PEOPLE.tm2);
  try {
    await tm2.goto('/groups');
    await expect(mainContent(tm2).getByRole('listitem', { name: 'Дизайн-студия' })).toBeVisible();
    await expect(mainContent(tm2).getByRole('listitem', { name: 'Совет директоров' })).toHaveCount(0);
    await tm2.goto(`/groups/${secret!.id}`);
    await expect(mainContent(tm2).getByRole('heading', { name: 'Группа не найдена' })).toBeVisible();
    await shot(tm2, 'groups-secret-not-found');
    expect((await tm2.request.get(`/api/groups/${secret!.id}`)).status()).toBe(404);
  } finally {
    await context.close();
  }
});
