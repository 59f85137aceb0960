import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, shot, shotName, signIn, signedInPage } from '../support/portal';

function bell(page: Page) {
  return page.getByRole('button', { name: 'Уведомления', exact: true });
}

async function unreadOnBell(page: Page): Promise<number> {
  return Number(await bell(page).getAttribute('data-unread-count'));
}

/** Resolves when the page's live socket has told it that it is subscribed. */
function liveChannelReady(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/api/realtime')) return;
      ws.on('framereceived', ({ payload }) => {
        if (String(payload).includes('"type":"ready"')) resolve();
      });
    });
  });
}

test('a change to my profile reaches my bell live; «Прочитать все» clears the counter', async ({ page, browser }, testInfo) => {
  // tm2 watches the bell; the administrator, in another browser, edits tm2's position.
  const watcher = page;
  const ready = liveChannelReady(watcher);
  await signIn(watcher, PEOPLE.tm2);
  await ready;
  // The counter as the server has it, before anything happens.
  const before = await watcher.evaluate(async () => {
    const res = await fetch('/api/notifications?limit=1', { credentials: 'same-origin' });
    return ((await res.json()) as { unread: number }).unread;
  });
  await expect.poll(() => unreadOnBell(watcher)).toBe(before);
  let navigations = 0;
  watcher.on('framenavigated', (f) => {
    if (f === watcher.mainFrame()) navigations++;
  });

  const admin = await signedInPage(browser, PEOPLE.admin);
  try {
    const a = admin.page;
    await a.goto('/company');
    await mainContent(a).getByLabel('Поиск сотрудников').fill('Соколова');
    await mainContent(a).getByRole('link', { name: PEOPLE.tm2.name }).click();
    await expect(mainContent(a).getByRole('heading', { name: 'Соколова Мария', level: 2 })).toBeVisible();
    await mainContent(a).getByRole('button', { name: 'Редактировать' }).click();
    await expect(mainContent(a).getByRole('heading', { name: 'Редактирование профиля', level: 1 })).toBeVisible();
    const position = mainContent(a).getByLabel('Должность', { exact: true });
    await expect(position).toHaveValue(/.+/);
    const newPosition = `Старший менеджер по телемаркетингу ${Date.now().toString(36)}`;
    await position.fill(newPosition);
    await shot(a, shotName(testInfo, 'admin-edits'));
    await mainContent(a).getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect(a.getByText('Профиль сохранён')).toBeVisible();
    await expect(mainContent(a).getByText(newPosition, { exact: true })).toBeVisible();
  } finally {
    await admin.context.close();
  }

  // Live: the counter goes up on the open page, with no reload.
  await expect.poll(() => unreadOnBell(watcher), { timeout: 15_000 }).toBe(before + 1);
  expect(navigations).toBe(0);
  await shot(watcher, shotName(testInfo, 'bell-counter'));

  await bell(watcher).click();
  const popup = watcher.getByRole('dialog', { name: 'Уведомления' });
  await expect(popup).toBeVisible();
  const item = popup.getByRole('button', { name: /Ваш профиль изменён/ });
  await expect(item).toBeVisible();
  await expect(item).toContainText(`${PEOPLE.admin.name}: должность`);
  await expect(item.getByLabel('Не прочитано')).toBeVisible();
  await shot(watcher, shotName(testInfo, 'bell-open'));

  await popup.getByRole('button', { name: 'Прочитать все' }).click();
  await expect.poll(() => unreadOnBell(watcher)).toBe(0);
  await expect(popup.getByRole('button', { name: 'Прочитать все' })).toBeDisabled();
  await expect(item.getByLabel('Не прочитано')).toHaveCount(0);

  // The full list has it too, and the counter stays at zero after a reload (saved on the server).
  await popup.getByRole('link', { name: 'Все уведомления' }).click();
  await expect(watcher).toHaveURL(/\/notifications$/);
  await expect(mainContent(watcher).getByText('Ваш профиль изменён').first()).toBeVisible();
  await shot(watcher, shotName(testInfo, 'notifications-page'));
  await watcher.reload();
  await expect(mainContent(watcher).getByText('Ваш профиль изменён').first()).toBeVisible();
  await expect.poll(() => unreadOnBell(watcher)).toBe(0);
});
