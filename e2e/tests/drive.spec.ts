import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PEOPLE } from '../support/env';
import { mainContent, shot, signedInPage } from '../support/portal';
import { api, toast, uniqueWord, userId } from '../support/crm-helpers';

const list = (page: Page) => mainContent(page).getByRole('table', { name: 'Файлы и папки' });
const row = (page: Page, name: string) => list(page).locator(`tr[data-item="${name}"]`);
const uploads = (page: Page) => page.getByRole('region', { name: 'Загрузки' });

async function openMyDrive(page: Page) {
  await page.goto('/drive');
  await expect(page.getByRole('heading', { name: 'Мой диск', level: 1 })).toBeVisible();
  await expect(list(page).or(mainContent(page).getByText('В папке пока ничего нет'))).toBeVisible();
}

/** Chooses files for «Загрузить» as a user does, through the file dialog. */
async function uploadFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent('filechooser');
  await mainContent(page).getByRole('button', { name: 'Загрузить', exact: true }).first().click();
  await (await chooser).setFiles(files);
}

async function rowMenu(page: Page, name: string, item: string) {
  await row(page, name)
    .getByRole('button', { name: `Действия с «${name}»` })
    .click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

async function createFolder(page: Page, name: string) {
  await mainContent(page).getByRole('button', { name: 'Создать папку' }).click();
  const dialog = page.getByRole('dialog', { name: 'Создать папку' });
  await dialog.getByLabel('Название папки').fill(name);
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(row(page, name)).toBeVisible();
}

const text = (s: string) => ({ name: s, mimeType: 'text/plain', buffer: Buffer.from(s) });

test('a folder chosen with «Загрузить папку»: its files upload with a bar each, and the folder and its files appear', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.tm1);
  const folder = uniqueWord('Отчёты');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drive-e2e-'));
  fs.mkdirSync(path.join(dir, folder, 'март'), { recursive: true });
  fs.writeFileSync(path.join(dir, folder, 'итоги.txt'), 'итоги квартала');
  fs.writeFileSync(path.join(dir, folder, 'план.csv'), 'a;b\n1;2\n');
  fs.writeFileSync(path.join(dir, folder, 'март', 'звонки.txt'), 'x'.repeat(3 * 1024 * 1024));
  await openMyDrive(page);
  await shot(page, 'drive-my');

  // Slow the bytes down a little so that the bars are seen moving.
  await page.route('**/api/drive/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  const chooser = page.waitForEvent('filechooser');
  await mainContent(page).getByRole('button', { name: 'Загрузить папку' }).click();
  await (await chooser).setFiles(path.join(dir, folder));
  await expect(uploads(page)).toBeVisible();
  await expect(uploads(page).getByRole('progressbar', { name: 'Загрузка «звонки.txt»' })).toBeVisible();
  await expect(uploads(page).getByRole('progressbar', { name: 'Общий прогресс' })).toBeVisible();
  await shot(page, 'drive-uploading');
  await expect(uploads(page).getByText('Загружено: 3')).toBeVisible({ timeout: 30_000 });
  await expect(row(page, folder)).toBeVisible();

  await row(page, folder).dblclick();
  await expect(mainContent(page).getByRole('navigation', { name: 'Путь к папке' }).getByText(folder)).toBeVisible();
  await expect(row(page, 'итоги.txt')).toBeVisible();
  await expect(row(page, 'план.csv')).toBeVisible();
  await expect(row(page, 'март')).toBeVisible();
  await row(page, 'март').focus();
  await page.keyboard.press('Enter');
  await expect(row(page, 'звонки.txt')).toContainText('3 МБ');
  await shot(page, 'drive-folder');
  await context.close();
});

test('a large upload cut off mid-way continues from where it stopped with «Продолжить»', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.tm2);
  await openMyDrive(page);
  const name = `${uniqueWord('видео')}.bin`;
  let patches = 0;
  let cut = true;
  // The connection drops after the first chunk: every later PATCH fails until it is back.
  await page.route('**/api/drive/uploads/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    patches += 1;
    if (cut && patches > 1) return route.abort('internetdisconnected');
    return route.continue();
  });
  await uploadFiles(page, [{ name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(20 * 1024 * 1024, 7) }]);
  const panel = uploads(page);
  await expect(panel.getByText('Загрузка прервалась: нет связи с сервером')).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole('progressbar', { name: `Загрузка «${name}»` })).toBeVisible();
  await expect(panel).toContainText('8 МБ / 20 МБ');
  await shot(page, 'drive-upload-interrupted');

  cut = false;
  const before = patches;
  await panel.getByRole('button', { name: 'Продолжить' }).click();
  await expect(panel.getByText('Загружено: 1')).toBeVisible({ timeout: 30_000 });
  // Resumed, not restarted: only the remaining 12 MB went (two chunks of 8 MB at most).
  expect(patches - before).toBeLessThanOrEqual(2);
  await expect(row(page, name)).toContainText('20 МБ');
  await context.close();
});

test('after a reload mid-upload the unfinished file is listed, and choosing it again continues where it stopped', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.headTm);
  await openMyDrive(page);
  const name = `${uniqueWord('архив')}.bin`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drive-e2e-')), name);
  fs.writeFileSync(file, Buffer.alloc(20 * 1024 * 1024, 3));
  let patches = 0;
  await page.route('**/api/drive/uploads/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    patches += 1;
    if (patches > 1) return route.abort('internetdisconnected');
    return route.continue();
  });
  const chooser = page.waitForEvent('filechooser');
  await mainContent(page).getByRole('button', { name: 'Загрузить', exact: true }).first().click();
  await (await chooser).setFiles(file);
  await expect(uploads(page).getByText('Загрузка прервалась: нет связи с сервером')).toBeVisible({ timeout: 30_000 });

  await page.unrouteAll();
  await page.reload();
  const panel = uploads(page);
  await expect(panel.getByText(name)).toBeVisible();
  await expect(panel.getByText(/Незавершённая загрузка/)).toBeVisible();
  await shot(page, 'drive-upload-after-reload');
  let resumed = 0;
  await page.route('**/api/drive/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH') resumed += 1;
    await route.continue();
  });
  const again = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Продолжить' }).click();
  await (await again).setFiles(file);
  await expect(panel.getByText('Загружено: 1')).toBeVisible({ timeout: 30_000 });
  expect(resumed).toBeLessThanOrEqual(2);
  await expect(row(page, name)).toContainText('20 МБ');
  await context.close();
});

test('a new version of a file is uploaded, and the old one is restored from «История версий»', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.headTm);
  await openMyDrive(page);
  const name = `${uniqueWord('план')}.txt`;
  await uploadFiles(page, [{ name, mimeType: 'text/plain', buffer: Buffer.from('первая редакция') }]);
  await expect(row(page, name)).toBeVisible();
  await row(page, name).getByRole('button', { name, exact: true }).click();
  const viewer = page.getByRole('dialog', { name });
  await expect(viewer.getByTestId('text-preview')).toHaveText('первая редакция');

  const chooser = page.waitForEvent('filechooser');
  await viewer.getByRole('button', { name: 'Загрузить новую версию' }).click();
  await (await chooser).setFiles({ name: 'черновик.txt', mimeType: 'text/plain', buffer: Buffer.from('вторая редакция, дополненная') });
  const versions = viewer.getByRole('table', { name: 'История версий' });
  await expect(versions.locator('tr[data-version="2"]')).toContainText('Текущая');
  await expect(versions.locator('tr[data-version="1"]')).toContainText(PEOPLE.headTm.name);
  await shot(page, 'drive-versions');
  await versions.getByRole('button', { name: 'Восстановить: Версия 1' }).click();
  await expect(toast(page, 'Версия 1 восстановлена')).toBeVisible();
  await expect(versions.locator('tr[data-version="3"]')).toContainText('Текущая');
  await viewer.getByRole('tab', { name: 'Предпросмотр' }).click();
  await expect(viewer.getByTestId('text-preview')).toHaveText('первая редакция');
  await context.close();
});

test('a file deleted with the Delete key goes to «Корзина», which shows where it was, and is restored from there', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.tm1);
  await openMyDrive(page);
  const folder = uniqueWord('Архив');
  await createFolder(page, folder);
  await row(page, folder).dblclick();
  const name = `${uniqueWord('акт')}.txt`;
  await uploadFiles(page, [text(name)]);
  await expect(row(page, name)).toBeVisible();
  await row(page, name).focus();
  await page.keyboard.press('Delete');
  await expect(toast(page, 'Перемещено в корзину: 1')).toBeVisible();
  await expect(row(page, name)).toHaveCount(0);

  await mainContent(page).getByRole('navigation', { name: 'Разделы диска' }).getByRole('link', { name: 'Корзина' }).click();
  const trash = mainContent(page).getByRole('table', { name: 'Корзина' });
  const entry = trash.getByRole('row').filter({ hasText: name });
  await expect(entry).toContainText(`Мой диск / ${folder}`);
  await shot(page, 'drive-trash');
  await entry.getByRole('button', { name: `Действия с «${name}»` }).click();
  await page.getByRole('menuitem', { name: 'Восстановить' }).click();
  await expect(toast(page, 'Восстановлено: 1')).toBeVisible();
  await expect(entry).toHaveCount(0);

  await page.goto('/drive');
  await row(page, folder).dblclick();
  await expect(row(page, name)).toBeVisible();
  await context.close();
});

test('a file dropped from the desktop uploads; F2 renames it; dragged onto a folder, and back onto the path, moves there', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.tm2);
  await openMyDrive(page);
  const folder = uniqueWord('Договоры');
  await createFolder(page, folder);
  const name = `${uniqueWord('договор')}.txt`;
  // Dropped onto the page from the desktop: the page shows where the file goes, then uploads it.
  const zone = mainContent(page).getByTestId('drive-folder');
  const files = await page.evaluateHandle((n) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['условия договора'], n, { type: 'text/plain' }));
    return dt;
  }, name);
  await zone.dispatchEvent('dragenter', { dataTransfer: files });
  await expect(mainContent(page).getByText('Отпустите, чтобы загрузить в «Мой диск»')).toBeVisible();
  await shot(page, 'drive-drop');
  await zone.dispatchEvent('drop', { dataTransfer: files });
  await expect(mainContent(page).getByText('Отпустите, чтобы загрузить в «Мой диск»')).toHaveCount(0);
  await expect(row(page, name)).toBeVisible();
  await row(page, name).focus();
  await page.keyboard.press('F2');
  const dialog = page.getByRole('dialog', { name: 'Переименовать' });
  const renamed = `${uniqueWord('подписан')}.txt`;
  await dialog.getByLabel('Новое название').fill(renamed);
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(row(page, renamed)).toBeVisible();

  await row(page, renamed).dragTo(row(page, folder));
  await expect(toast(page, 'Перемещено: 1')).toBeVisible();
  await expect(row(page, renamed)).toHaveCount(0);
  await row(page, folder).dblclick();
  await expect(row(page, renamed)).toBeVisible();
  await row(page, renamed).dragTo(mainContent(page).getByRole('navigation', { name: 'Путь к папке' }).getByText('Мой диск'));
  await expect(row(page, renamed)).toHaveCount(0);
  await mainContent(page).getByRole('navigation', { name: 'Путь к папке' }).getByText('Мой диск').click();
  await expect(row(page, renamed)).toBeVisible();
  await context.close();
});

test("a group's «Диск» tab holds the group's drive", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.tm1);
  const storages = await api<{ groups: { ownerId: number; name: string }[] }>(page, 'GET', '/api/drive/storages');
  test.skip(!storages.groups.length, 'tm1 is in no group');
  await page.goto(`/groups/${storages.groups[0].ownerId}`);
  await page.getByRole('tab', { name: 'Диск' }).click();
  await expect(list(page).or(mainContent(page).getByText('В папке пока ничего нет'))).toBeVisible();
  await expect(mainContent(page).getByRole('button', { name: 'Загрузить', exact: true }).first()).toBeVisible();
  await shot(page, 'drive-group-tab');
  await page.goto('/drive/common');
  await expect(page.getByRole('heading', { name: 'Общий диск', level: 1 })).toBeVisible();
  await expect(list(page).or(mainContent(page).getByText('В этой папке пока ничего нет.'))).toBeVisible();
  await shot(page, 'drive-common');
  await context.close();
});

test('a folder shared with a colleague appears in their «Общие со мной»', async ({ browser }) => {
  const owner = await signedInPage(browser, PEOPLE.headTm);
  await openMyDrive(owner.page);
  const folder = uniqueWord('Скрипты');
  await createFolder(owner.page, folder);
  await rowMenu(owner.page, folder, 'Доступ');
  const dialog = owner.page.getByRole('dialog', { name: `Доступ: «${folder}»` });
  await expect(dialog.getByText('Доступ ни у кого не открыт')).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Сотрудник' }).fill('Соколова');
  await owner.page.getByRole('option', { name: PEOPLE.tm2.name }).click();
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog.getByRole('listitem').filter({ hasText: PEOPLE.tm2.name })).toBeVisible();
  await shot(owner.page, 'drive-access');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(owner.page, 'Доступ сохранён')).toBeVisible();
  await expect(row(owner.page, folder).getByLabel('Доступ открыт')).toBeVisible();

  const colleague = await signedInPage(browser, PEOPLE.tm2);
  await colleague.page.goto('/drive/shared');
  await expect(colleague.page.getByRole('heading', { name: 'Общие со мной', level: 1 })).toBeVisible();
  const shared = mainContent(colleague.page).getByRole('table', { name: 'Общие со мной' });
  await expect(shared.getByRole('row').filter({ hasText: folder })).toContainText(PEOPLE.headTm.name);
  await shot(colleague.page, 'drive-shared');

  // The owner's profile link «Диск» shows the colleague what the owner shared; someone who shared nothing: «Нет доступа».
  await colleague.page.goto(`/drive/user/${await userId(colleague.page, PEOPLE.headTm.name)}`);
  await expect(colleague.page.getByRole('heading', { name: `Диск: ${PEOPLE.headTm.name}`, level: 1 })).toBeVisible();
  await expect(mainContent(colleague.page).getByRole('row').filter({ hasText: folder })).toBeVisible();
  await colleague.page.goto(`/drive/user/${await userId(colleague.page, PEOPLE.headSales.name)}`);
  await expect(mainContent(colleague.page).getByText('Нет доступа')).toBeVisible();
  await shot(colleague.page, 'drive-user-no-access');
  await owner.context.close();
  await colleague.context.close();
});

test('a public link with a password opens in a browser with no account', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.admin);
  await openMyDrive(page);
  const name = `${uniqueWord('прайс')}.txt`;
  await uploadFiles(page, [text(name)]);
  await rowMenu(page, name, 'Получить публичную ссылку');
  const dialog = page.getByRole('dialog', { name: `Публичная ссылка: «${name}»` });
  await dialog.getByLabel('Пароль (необязательно)').fill('секрет42');
  await dialog.getByRole('button', { name: 'Создать ссылку' }).click();
  const link = dialog.getByRole('textbox', { name: 'Получить публичную ссылку' });
  await expect(link).toHaveValue(/\/s\/[\w-]+$/);
  await expect(dialog.getByRole('listitem')).toContainText('с паролем');
  await shot(page, 'drive-link');
  const url = new URL(await link.inputValue());

  const stranger = await browser.newContext();
  const anon = await stranger.newPage();
  await anon.goto(url.pathname);
  await expect(anon.getByText('Файл защищён паролем'), anon.url()).toBeVisible();
  await shot(anon, 'drive-public-password');
  await anon.getByLabel('Пароль').fill('неверно');
  await anon.getByRole('button', { name: 'Открыть' }).click();
  await expect(anon.getByText('Неверный пароль')).toBeVisible();
  await anon.getByLabel('Пароль').fill('секрет42');
  await anon.getByRole('button', { name: 'Открыть' }).click();
  await expect(anon.getByRole('heading', { name })).toBeVisible();
  const download = anon.waitForEvent('download');
  await anon.getByRole('link', { name: 'Скачать' }).click();
  expect((await download).suggestedFilename()).toBe(name);
  await shot(anon, 'drive-public-file');
  await stranger.close();
  await context.close();
});

test('over the quota an administrator set, the upload is refused with how much space is free', async ({ browser }) => {
  const admin = await signedInPage(browser, PEOPLE.admin);
  await openMyDrive(admin.page);
  const setQuota = async (page: Page, mb: string) => {
    await mainContent(page).getByRole('button', { name: 'Квоты диска' }).click();
    const dialog = page.getByRole('dialog', { name: 'Квоты диска' });
    await dialog.getByLabel('Место на «Моём диске» каждого сотрудника, МБ').fill(mb);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(toast(page, 'Квоты сохранены').last()).toBeVisible();
  };
  await setQuota(admin.page, '0.5');
  const user = await signedInPage(browser, PEOPLE.tm1);
  try {
    await openMyDrive(user.page);
    await expect(mainContent(user.page).getByTestId('drive-quota')).toContainText('из 512 КБ');
    await uploadFiles(user.page, [{ name: 'большой.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(2 * 1024 * 1024, 1) }]);
    await expect(uploads(user.page).getByRole('alert')).toContainText(/Недостаточно места на вашем диске: свободно .+, нужно 2 МБ/);
    await shot(user.page, 'drive-quota');
    await expect(row(user.page, 'большой.bin')).toHaveCount(0);
  } finally {
    await setQuota(admin.page, '');
  }
  await admin.context.close();
  await user.context.close();
});

test('«Выбрать на Диске» attaches a drive file to a post; a file sent from the computer is kept in «Загруженные файлы»', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, PEOPLE.headTm);
  const name = `${uniqueWord('бриф')}.txt`;
  await openMyDrive(page);
  await uploadFiles(page, [{ name, mimeType: 'text/plain', buffer: Buffer.from('Бриф на макет фасада') }]);
  await expect(row(page, name)).toBeVisible();

  await page.goto('/stream');
  await page.getByTestId('feed-compose').click();
  const composer = page.getByTestId('feed-composer');
  await composer.getByRole('textbox', { name: 'Текст сообщения' }).fill(`Смотрите ${name}`);
  await composer.getByRole('button', { name: 'Убрать «Всем сотрудникам»' }).click();
  const add = composer.getByLabel('Добавить: отдел, группа, сотрудник');
  await add.click();
  await add.fill('телемарк');
  await page.getByRole('option', { name: 'Отдел телемаркетинга' }).first().click();

  await composer.getByRole('button', { name: 'Прикрепить файл' }).click();
  await page.getByRole('menuitem', { name: 'Выбрать на Диске' }).click();
  const picker = page.getByRole('dialog', { name: 'Выбрать файлы на Диске' });
  await expect(picker.getByRole('radio', { name: 'Мой диск' })).toBeChecked();
  await picker.getByRole('checkbox', { name: new RegExp(name.replace('.', '\\.')) }).check();
  await expect(picker.getByText('Выбрано файлов: 1')).toBeVisible();
  await shot(page, 'drive-pick');
  await picker.getByRole('button', { name: 'Прикрепить', exact: true }).click();
  await expect(picker).toHaveCount(0);
  await expect(composer.getByRole('button', { name: `Убрать файл «${name}»` })).toBeVisible();

  // And one from the computer, which the drive keeps.
  const sent = `${uniqueWord('смета')}.txt`;
  const chooser = page.waitForEvent('filechooser');
  await composer.getByRole('button', { name: 'Прикрепить файл' }).click();
  await page.getByRole('menuitem', { name: 'Загрузить с компьютера' }).click();
  await (await chooser).setFiles({ name: sent, mimeType: 'text/plain', buffer: Buffer.from('Смета') });
  await expect(composer.getByRole('button', { name: `Убрать файл «${sent}»` })).toBeVisible();
  await expect(composer.getByRole('progressbar', { name: `Загрузка «${sent}»` })).toHaveCount(0);
  await composer.getByRole('button', { name: 'Опубликовать' }).click();

  const post = mainContent(page)
    .getByTestId('feed-post')
    .filter({ hasText: `Смотрите ${name}` });
  const link = post.getByRole('link', { name: new RegExp(name.replace('.', '\\.')) });
  await expect(link).toBeVisible();
  const download = page.waitForEvent('download');
  await link.click();
  expect(fs.readFileSync(await (await download).path(), 'utf8')).toBe('Бриф на макет фасада');

  await openMyDrive(page);
  await row(page, 'Загруженные файлы').dblclick();
  await expect(row(page, sent)).toBeVisible();
  await expect(row(page, name)).toHaveCount(0);
  await context.close();
});
