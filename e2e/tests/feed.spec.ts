import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, shot, signedInPage } from '../support/portal';
import { uniqueWord } from '../support/crm-helpers';

// The people of «Отдел продаж» are the outsiders here; sales1 is kept for sign-in.spec alone (see env.ts), so headSales stands for them.

const postCard = (page: Page, text: string): Locator => mainContent(page).getByTestId('feed-post').filter({ hasText: text });
const composer = (page: Page) => page.getByTestId('feed-composer');

async function openComposer(page: Page) {
  await page.goto('/stream');
  await expect(page.getByRole('heading', { name: 'Новости', level: 1 })).toBeVisible();
  await page.getByTestId('feed-compose').click();
  await expect(composer(page)).toBeVisible();
}

/** Sends to «Отдел телемаркетинга» instead of everyone. */
async function toTelemarketing(page: Page) {
  await composer(page).getByRole('button', { name: 'Убрать «Всем сотрудникам»' }).click();
  const add = composer(page).getByLabel('Добавить: отдел, группа, сотрудник');
  await add.click();
  await add.fill('телемарк');
  await page.getByRole('option', { name: 'Отдел телемаркетинга' }).first().click();
  await expect(composer(page).locator('[data-chip="Отдел телемаркетинга"]')).toBeVisible();
}

test('a post to a department with a file and a mention: arrives live there, opened, commented and liked; unseen outside; its views counted', async ({ browser }) => {
  const word = uniqueWord('Новость');
  // tm1 is already reading «Главная» when the post is published.
  const tm1 = await signedInPage(browser, PEOPLE.tm1);
  await tm1.page.goto('/');
  await expect(mainContent(tm1.page).getByTestId('feed-post').first()).toBeVisible();

  const admin = await signedInPage(browser, PEOPLE.admin);
  await openComposer(admin.page);
  await toTelemarketing(admin.page);
  const box = composer(admin.page).getByRole('textbox', { name: 'Текст сообщения' });
  await box.click();
  await box.pressSequentially(`${word}: планёрка в пятницу, @Кузн`);
  const mentionMenu = admin.page.getByRole('listbox', { name: 'Упомянуть сотрудника' });
  // The menu first lists everyone, then those the typed letters find.
  await expect(mentionMenu.getByRole('option')).toHaveCount(1);
  await mentionMenu.getByText(PEOPLE.tm1.name).click();
  await expect(box.locator('span[data-mention]')).toHaveText(`@${PEOPLE.tm1.name}`);
  const content = Buffer.from('%PDF-1.4\n% повестка планёрки\n');
  const chooser = admin.page.waitForEvent('filechooser');
  await composer(admin.page).getByRole('button', { name: 'Прикрепить файл' }).click();
  await admin.page.getByRole('menuitem', { name: 'Загрузить с компьютера' }).click();
  await (await chooser).setFiles({ name: 'повестка.pdf', mimeType: 'application/pdf', buffer: content });
  await expect(composer(admin.page).getByRole('button', { name: 'Убрать файл «повестка.pdf»' })).toBeVisible();
  await expect(composer(admin.page).getByRole('progressbar', { name: 'Загрузка «повестка.pdf»' })).toHaveCount(0);
  await shot(admin.page, 'feed-composer');
  await composer(admin.page).getByRole('button', { name: 'Опубликовать' }).click();
  const mine = postCard(admin.page, word);
  await expect(mine).toBeVisible();
  await expect(mine.getByText('Отдел телемаркетинга')).toBeVisible();
  const postId = Number(await mine.getAttribute('data-post'));

  // For tm1 it waits behind «Новые записи» instead of pushing the page down.
  const bar = tm1.page.getByTestId('feed-new');
  await expect(bar).toHaveText('Новые записи (1)');
  await expect(postCard(tm1.page, word)).toHaveCount(0);
  await shot(tm1.page, 'feed-new-bar');
  await bar.click();
  const onHome = postCard(tm1.page, word);
  await expect(onHome).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(onHome.locator('span[data-mention]')).toHaveText(`@${PEOPLE.tm1.name}`);
  const link = onHome.getByRole('link', { name: /повестка\.pdf/ });
  const download = tm1.page.waitForEvent('download');
  await link.click();
  const fs = await import('node:fs/promises');
  expect(Buffer.compare(await fs.readFile(await (await download).path()), content)).toBe(0);
  const fileHref = (await link.getAttribute('href'))!;

  await onHome.getByRole('button', { name: 'Нравится' }).click();
  await expect(onHome.getByRole('button', { name: 'Нравится', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(onHome.getByRole('button', { name: '👍: 1, в том числе вы' })).toBeVisible();
  await onHome.getByRole('button', { name: 'Комментировать' }).click();
  const dialog = tm1.page.getByRole('dialog', { name: 'Комментарии' });
  const commentBox = dialog.getByRole('textbox', { name: 'Комментарий' });
  await commentBox.click();
  await commentBox.pressSequentially('Буду обязательно');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(dialog.getByText('Буду обязательно')).toBeVisible();
  await tm1.page.keyboard.press('Escape');
  await expect(onHome.getByText('Буду обязательно')).toBeVisible();
  await shot(tm1.page, 'feed-home-tm1');
  // The portal search finds it for its readers.
  const search = tm1.page.getByRole('combobox', { name: 'Поиск', exact: true });
  await search.fill(word);
  await expect(tm1.page.getByRole('listbox').getByRole('option', { name: new RegExp(word) })).toBeVisible();
  await search.press('Escape');

  // Someone of another department: not in the feed, not in the search, not by the post's or the file's address.
  const outsider = await signedInPage(browser, PEOPLE.headSales);
  await outsider.page.goto('/stream');
  await expect(mainContent(outsider.page).getByTestId('feed-post').first()).toBeVisible();
  await expect(postCard(outsider.page, word)).toHaveCount(0);
  const outsiderSearch = outsider.page.getByRole('combobox', { name: 'Поиск', exact: true });
  await outsiderSearch.fill(word);
  await expect(outsider.page.getByRole('listbox').getByText('Ничего не найдено')).toBeVisible();
  await shot(outsider.page, 'feed-outsider-search');
  await outsiderSearch.press('Escape');
  expect((await outsider.page.request.get(fileHref)).status()).toBe(404);
  expect((await tm1.page.request.get(fileHref)).status()).toBe(200);
  await outsider.page.goto(`/stream?post=${postId}`);
  await expect(outsider.page.getByText('Запись не найдена или недоступна')).toBeVisible();
  await shot(outsider.page, 'feed-not-found');

  // tm1's view was sent (a second on screen, then the batch); the author sees it and who it was.
  await expect
    .poll(
      async () => {
        await admin.page.reload();
        return Number((await postCard(admin.page, word).getByTestId('feed-views').textContent())?.trim() || '0');
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(1);
  await postCard(admin.page, word).getByTestId('feed-views').click();
  await expect(admin.page.getByRole('dialog', { name: /Кто просмотрел/ }).getByText(PEOPLE.tm1.name)).toBeVisible();
  await shot(admin.page, 'feed-viewers');
  await admin.page.keyboard.press('Escape');
  await expect(postCard(admin.page, word).getByText('Буду обязательно')).toBeVisible();
  await shot(admin.page, 'feed-admin');

  // The author edits it: a title, and the file taken off; tm1's page follows without a reload.
  const edited = postCard(admin.page, word);
  await edited.getByRole('button', { name: 'Действия с записью' }).click();
  await admin.page.getByRole('menuitem', { name: 'Редактировать' }).click();
  const form = edited.getByTestId('feed-edit');
  await form.getByRole('textbox', { name: 'Заголовок (необязательно)' }).fill(`Планёрка ${word}`);
  await form.getByRole('button', { name: 'Убрать файл «повестка.pdf»' }).click();
  await shot(admin.page, 'feed-edit');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(edited.getByRole('heading', { name: `Планёрка ${word}` })).toBeVisible();
  await expect(edited.getByText('изменено')).toBeVisible();
  await expect(onHome.getByRole('heading', { name: `Планёрка ${word}` })).toBeVisible();
  await expect(onHome.getByRole('link', { name: /повестка\.pdf/ })).toHaveCount(0);

  for (const s of [admin, tm1, outsider]) await s.context.close();
});

test('an important message is marked read and its readers are listed; a poll counts a vote', async ({ browser }) => {
  const word = uniqueWord('Важно');
  const admin = await signedInPage(browser, PEOPLE.admin);
  await openComposer(admin.page);
  await composer(admin.page).getByText('Важное сообщение', { exact: true }).click();
  await toTelemarketing(admin.page);
  const box = composer(admin.page).getByRole('textbox', { name: 'Текст сообщения' });
  await box.click();
  await box.pressSequentially(`${word}: с понедельника новый скрипт звонков`);
  await composer(admin.page).getByRole('button', { name: 'Опубликовать' }).click();
  await expect(postCard(admin.page, word)).toBeVisible();

  const tm2 = await signedInPage(browser, PEOPLE.tm2);
  await tm2.page.goto('/stream');
  const important = postCard(tm2.page, word);
  await expect(important.getByText('Важное сообщение')).toBeVisible();
  await shot(tm2.page, 'feed-important');
  await important.getByRole('button', { name: 'Прочитал' }).click();
  await expect(important.getByText('Вы прочитали')).toBeVisible();
  await expect(important.getByRole('button', { name: 'Прочитал' })).toHaveCount(0);

  await admin.page.reload();
  await postCard(admin.page, word)
    .getByRole('button', { name: /^Прочитали \d+/ })
    .click();
  const readers = admin.page.getByTestId('feed-readers');
  await expect(readers.getByText(PEOPLE.tm2.name)).toBeVisible();
  await shot(admin.page, 'feed-readers');
  await admin.page.keyboard.press('Escape');

  // A poll to everyone.
  const question = uniqueWord('Опрос');
  await admin.page.getByTestId('feed-compose').click();
  await composer(admin.page).getByText('Опрос', { exact: true }).click();
  await composer(admin.page).getByLabel('Вопрос').fill(`${question}: когда корпоратив?`);
  await composer(admin.page).getByLabel('Вариант 1').fill('В пятницу');
  await composer(admin.page).getByLabel('Вариант 2').fill('В субботу');
  await shot(admin.page, 'feed-poll-composer');
  await composer(admin.page).getByRole('button', { name: 'Опубликовать' }).click();
  await expect(postCard(admin.page, question)).toBeVisible();

  await tm2.page.reload();
  const poll = postCard(tm2.page, question);
  await poll.getByLabel('В субботу').check();
  await poll.getByRole('button', { name: 'Проголосовать' }).click();
  await expect(poll.locator('[data-option="В субботу"]').getByTestId('poll-votes')).toHaveText('1');
  await expect(poll.getByText('Проголосовали: 1')).toBeVisible();
  await shot(tm2.page, 'feed-poll-voted');

  // A thanks with a badge: on the thanked person's «Благодарности».
  const thanks = uniqueWord('Спасибо');
  await admin.page.getByTestId('feed-compose').click();
  await composer(admin.page).getByText('Благодарность', { exact: true }).click();
  const whom = composer(admin.page)
    .getByRole('textbox', { name: 'Кого благодарим' })
    .or(composer(admin.page).getByLabel('Кого благодарим', { exact: true }))
    .first();
  await whom.click();
  await whom.fill('Соколова');
  await admin.page.getByRole('option', { name: PEOPLE.tm2.name }).click();
  await composer(admin.page).getByRole('radio', { name: 'Кубок' }).click();
  const thanksBox = composer(admin.page).getByRole('textbox', { name: 'Текст сообщения' });
  await thanksBox.click();
  await thanksBox.pressSequentially(`${thanks}: лучший месяц в отделе`);
  await shot(admin.page, 'feed-thanks-composer');
  await composer(admin.page).getByRole('button', { name: 'Опубликовать' }).click();
  await expect(postCard(admin.page, thanks).getByTestId('feed-thanks').getByText(PEOPLE.tm2.name)).toBeVisible();
  await postCard(admin.page, thanks).getByTestId('feed-thanks').getByRole('link', { name: PEOPLE.tm2.name }).click();
  await expect(admin.page.getByRole('heading', { name: `Благодарности: ${PEOPLE.tm2.name}` })).toBeVisible();
  const received = mainContent(admin.page)
    .getByTestId('thanks-item')
    .filter({ hasText: `${thanks}: лучший месяц в отделе` });
  await expect(received.getByLabel('Кубок')).toBeVisible();
  await expect(received.getByText(PEOPLE.admin.name)).toBeVisible();
  await shot(admin.page, 'feed-thanks-page');
  await admin.page.goBack();
  await expect(postCard(admin.page, thanks)).toBeVisible();
  // The author's own posts are no news to the author's page.
  await expect(admin.page.getByTestId('feed-new')).toHaveCount(0);

  for (const s of [admin, tm2]) await s.context.close();
});

test('a group’s «Лента» shows its posts, and a post written there goes to the group', async ({ browser }) => {
  const tm1 = await signedInPage(browser, PEOPLE.tm1);
  await tm1.page.goto('/groups');
  await mainContent(tm1.page).getByRole('listitem', { name: 'Проект: Офис на Тверской' }).click();
  await mainContent(tm1.page).getByRole('tab', { name: 'Лента' }).click();
  await expect(postCard(tm1.page, 'План переезда')).toBeVisible();
  // Only the group's posts: the welcome to everyone is not here.
  await expect(postCard(tm1.page, 'Добро пожаловать на новый портал')).toHaveCount(0);
  const word = uniqueWord('Группа');
  await tm1.page.getByTestId('feed-compose').click();
  await expect(composer(tm1.page).locator('[data-chip="Проект: Офис на Тверской"]')).toBeVisible();
  const box = composer(tm1.page).getByRole('textbox', { name: 'Текст сообщения' });
  await box.click();
  await box.pressSequentially(`${word}: коробки привезут в пятницу`);
  await composer(tm1.page).getByRole('button', { name: 'Опубликовать' }).click();
  const mine = postCard(tm1.page, word);
  await expect(mine).toBeVisible();
  await expect(mine.getByText('Проект: Офис на Тверской')).toBeVisible();
  await shot(tm1.page, 'feed-group');
  await tm1.context.close();
});
