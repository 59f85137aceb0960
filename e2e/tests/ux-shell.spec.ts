import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { hoverMainMenu, mainContent, mainMenu, openFromMenu, shot, shotName, signIn, userMenuButton, userMenuItem } from '../support/portal';

/** Ids of the main menu's links, top to bottom. */
const menuOrder = (page: Page) =>
  mainMenu(page)
    .locator('a[data-menu-item]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('data-menu-item')));

/** Moves a row of «Настроить меню» one place up or down with the keyboard (as dnd-kit offers to everyone). */
async function moveRow(page: Page, title: string, key: 'ArrowUp' | 'ArrowDown') {
  const handle = mainMenu(page).getByRole('button', { name: `Перетащить «${title}»` });
  const dragging = mainMenu(page).locator('[data-dragging]');
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(dragging).toHaveCount(1);
  // The neighbour makes room once the drag is over it; only then does the drop land there.
  const moved = () =>
    mainMenu(page)
      .locator('[data-menu-item]')
      .evaluateAll((rows) => rows.some((r) => !r.parentElement?.hasAttribute('data-dragging') && /translate3d\(0px, -?[1-9]/.test(r.parentElement?.style.transform ?? '')));
  // A key pressed in the very frame the drag starts can reach the page before the sensor listens:
  // press again only when nothing moved, so the row still moves exactly one place.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await expect.poll(moved, { timeout: 2_000 }).toBe(true);
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
  await page.keyboard.press('Space');
  await expect(dragging).toHaveCount(0);
}

async function saveMenu(page: Page) {
  const saved = page.waitForResponse((r) => r.url().includes('/api/shell/settings') && r.request().method() === 'PUT');
  await mainMenu(page).getByRole('button', { name: 'Сохранить', exact: true }).click();
  expect((await saved).ok()).toBe(true);
}

test('«Настроить меню»: «CRM» moved above «Главная» stands first as soon as it is saved, no reload needed', async ({ page }, testInfo) => {
  // headSales's menu: the pin of menu.spec is independent of the order; the order is put back at the end.
  await signIn(page, PEOPLE.headSales);
  const menu = mainMenu(page);
  await expect(menu.getByRole('link', { name: 'CRM' })).toBeVisible();
  const before = await menuOrder(page);
  expect(before.indexOf('home')).toBeLessThan(before.indexOf('crm'));

  await hoverMainMenu(page);
  await menu.getByRole('button', { name: 'Настроить меню' }).click();
  await expect(menu.getByRole('button', { name: 'Перетащить «CRM»' })).toBeVisible();
  // Rows of the editor: a menu group («Совместная работа») moves as one row with its items, so count the moves by what is above «CRM».
  const first = menu.locator('[data-menu-item]').first();
  for (let i = before.indexOf('crm'); i > 0 && (await first.getAttribute('data-menu-item')) !== 'crm'; i--) await moveRow(page, 'CRM', 'ArrowUp');
  await expect(menu.locator('[data-menu-item]').first()).toHaveAttribute('data-menu-item', 'crm');
  await saveMenu(page);
  await expect(menu.getByRole('button', { name: 'Сохранить', exact: true })).toBeHidden();

  // At once: the menu shows the new order (before the fix only a reload did).
  await expect.poll(() => menuOrder(page)).toEqual(['crm', ...before.filter((id) => id !== 'crm')]);
  await shot(page, shotName(testInfo, 'menu-order-saved'));
  await page.reload();
  await expect(menu.getByRole('link', { name: 'CRM' })).toBeVisible();
  expect((await menuOrder(page))[0]).toBe('crm');

  // Back to the default order for the other tests.
  const csrf = (await page.context().cookies()).find((c) => c.name === 'csrf')?.value ?? '';
  const reset = await page.request.put('/api/shell/settings', { data: { order: [] }, headers: { 'X-CSRF-Token': csrf } });
  expect(reset.ok()).toBe(true);
});

test('the form kit: a «Список» field saved without values shows the server’s refusal beside the values, and the dialog stays open', async ({ page }, testInfo) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/settings/fields' });
  await page.getByRole('button', { name: 'Добавить поле' }).click();
  const dialog = page.getByRole('dialog', { name: 'Добавить поле' });
  await dialog.getByRole('textbox', { name: 'Название поля' }).fill('Источник без значений');
  await dialog.getByRole('combobox', { name: 'Тип', exact: true }).click();
  await page.getByRole('option', { name: 'Список', exact: true }).click();
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/crm/fields') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();
  expect((await answered).status()).toBe(400);
  await expect(dialog.getByText('Добавьте хотя бы одно значение списка')).toBeVisible();
  await expect(dialog).toBeVisible();
  await shot(page, shotName(testInfo, 'list-field-refused'));

  // Adding a value clears the message; with it the field is created.
  await dialog.getByRole('button', { name: 'Добавить вариант' }).click();
  await expect(dialog.getByText('Добавьте хотя бы одно значение списка')).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Вариант 1' }).fill('Выставка');
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(dialog).toBeHidden();
});

test('the form kit: a refusal about no field of the form shows as the form’s general message (profile saved over a newer version)', async ({ page }, testInfo) => {
  // headTm edits her own profile while the same profile changes elsewhere.
  await signIn(page, PEOPLE.headTm);
  await userMenuItem(page, 'Профиль');
  const main = mainContent(page);
  await main.getByRole('button', { name: 'Редактировать' }).click();
  const position = main.getByRole('textbox', { name: 'Должность' });
  await expect(position).toBeVisible();
  const middle = main.getByRole('textbox', { name: 'Отчество' });
  await middle.fill('Сергеевна');

  const me = await page.request.get('/api/auth/me');
  const id = (await me.json()).user.id as number;
  const profile = await (await page.request.get(`/api/users/${id}`)).json();
  const csrf = (await page.context().cookies()).find((c) => c.name === 'csrf')?.value ?? '';
  const elsewhere = await page.request.patch(`/api/users/${id}`, { data: { version: profile.version, timeZone: profile.timeZone }, headers: { 'X-CSRF-Token': csrf } });
  expect(elsewhere.ok()).toBe(true);

  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/users/${id}`) && r.request().method() === 'PATCH');
  await main.getByRole('button', { name: 'Сохранить', exact: true }).click();
  expect((await answered).status()).toBe(409);
  const alert = main.getByRole('alert').filter({ hasText: /изменил/i });
  await expect(alert).toBeVisible();
  await expect(middle).toHaveValue('Сергеевна');
  await shot(page, shotName(testInfo, 'general-message'));

  // After a reload her own change goes through: the form sends what changed, not the fields only an administrator edits.
  await page.reload();
  // The edit form keeps its address (…?edit): it opens again, with the data as it is now.
  await expect(position).toBeDisabled();
  await middle.fill('Сергеевна');
  await main.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByText('Профиль сохранён')).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Петрова Ольга Сергеевна' })).toBeVisible();
  // Put back as it was for the other tests.
  await main.getByRole('button', { name: 'Редактировать' }).click();
  await middle.fill('');
  await main.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(main.getByRole('heading', { name: 'Петрова Ольга', exact: true })).toBeVisible();
});

test('a page the user may not open says «Нет доступа» with a way home; «Исходящие письма» is a settings page of the site map', async ({ page, browser }, testInfo) => {
  await signIn(page, PEOPLE.tm1, { start: '/settings/mail-outbox' });
  const main = mainContent(page);
  await expect(main.getByRole('heading', { name: 'Нет доступа' })).toBeVisible();
  await expect(main.getByText('У вас нет прав на эту страницу')).toBeVisible();
  await expect(main.getByRole('button', { name: 'Повторить' })).toHaveCount(0);
  await expect(page.getByText('Не удалось загрузить данные')).toHaveCount(0);
  await shot(page, shotName(testInfo, 'forbidden'));
  await main.getByRole('link', { name: 'На главную' }).click();
  await expect(page).toHaveURL(/\/$/);

  // An address that leads nowhere: «Не найдено», not an error to retry.
  await page.goto('/company/personal/user/999999');
  await expect(main.getByRole('button', { name: 'Повторить' })).toHaveCount(0);

  const context = await browser.newContext();
  try {
    const admin = await context.newPage();
    await signIn(admin, PEOPLE.admin);
    await expect(mainMenu(admin).getByRole('link', { name: 'CRM' })).toBeVisible();
    await expect(mainMenu(admin).getByRole('link', { name: 'Исходящие письма' })).toHaveCount(0);
    await openFromMenu(admin, 'Карта сайта');
    const settings = mainContent(admin).getByRole('region', { name: 'Настройки' });
    await expect(settings.getByRole('link', { name: /Исходящие письма/ })).toBeVisible();
    await shot(admin, shotName(testInfo, 'sitemap-settings'));
    await settings.getByRole('link', { name: /Исходящие письма/ }).click();
    await expect(mainContent(admin).getByRole('heading', { name: 'Исходящие письма', level: 1 })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('«Структура компании» is a tree: departments under the company with heads and counts, branches fold and unfold', async ({ page }, testInfo) => {
  await signIn(page, PEOPLE.tm1);
  await openFromMenu(page, 'Структура компании');
  const tree = mainContent(page).getByRole('tree', { name: 'Структура компании' });
  const company = tree.getByRole('treeitem', { name: 'Проектное бюро Vavilon', exact: true });
  await expect(company).toHaveAttribute('aria-expanded', 'true');
  const tm = company.getByRole('treeitem', { name: 'Отдел телемаркетинга', exact: true });
  await expect(tm).toHaveAttribute('aria-level', '2');
  await expect(tm.getByRole('link', { name: PEOPLE.headTm.name })).toBeVisible();
  await expect(tm.getByRole('link', { name: '3 сотрудника' })).toBeVisible();
  await expect(company.getByRole('treeitem', { name: 'Отдел продаж', exact: true })).toBeVisible();
  // The departments stand side by side under the company, not in one column.
  const [a, b] = [await tm.boundingBox(), await company.getByRole('treeitem', { name: 'Отдел продаж', exact: true }).boundingBox()];
  expect(Math.round(a!.y)).toBe(Math.round(b!.y));
  await shot(page, shotName(testInfo, 'structure-tree'));

  await company.getByRole('button', { name: 'Свернуть «Проектное бюро Vavilon»' }).click();
  await expect(company).toHaveAttribute('aria-expanded', 'false');
  await expect(tm).toHaveCount(0);
  // Folded, the company says how many work in it in all (invitations of other tests add to the six of the demo).
  await expect(company.getByText(/^Всего \d+ сотрудник/)).toBeVisible();
  await shot(page, shotName(testInfo, 'structure-collapsed'));
  await company.getByRole('button', { name: 'Развернуть «Проектное бюро Vavilon»' }).click();
  await expect(tm).toBeVisible();
});

test('the profile photo: picked, framed and uploaded, it shows in the profile, the top bar and the directory', async ({ page }, testInfo) => {
  await signIn(page, PEOPLE.tm1);
  await userMenuItem(page, 'Профиль');
  const main = mainContent(page);
  await expect(main.getByRole('heading', { name: 'Мой профиль' })).toBeVisible();

  // A 900×600 picture, made in the page.
  const base64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 900;
    c.height = 600;
    const g = c.getContext('2d')!;
    const grad = g.createLinearGradient(0, 0, 900, 600);
    grad.addColorStop(0, '#1c7ed6');
    grad.addColorStop(1, '#f59f00');
    g.fillStyle = grad;
    g.fillRect(0, 0, 900, 600);
    g.fillStyle = '#fff';
    g.beginPath();
    g.arc(450, 260, 140, 0, Math.PI * 2);
    g.fill();
    return c.toDataURL('image/png').split(',')[1]!;
  });
  const chooser = page.waitForEvent('filechooser');
  await main.getByRole('button', { name: 'Изменить фото' }).click();
  await (await chooser).setFiles({ name: 'я.png', mimeType: 'image/png', buffer: Buffer.from(base64, 'base64') });

  const dialog = page.getByRole('dialog', { name: 'Фото профиля' });
  await expect(dialog).toBeVisible();
  const frame = dialog.getByRole('img', { name: /Кадр фото/ });
  await expect(frame).toBeVisible();
  // Zoom in with the slider's keys and move the picture with the arrows.
  await dialog.getByRole('slider', { name: 'Масштаб' }).focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await frame.focus();
  await page.keyboard.press('ArrowLeft');
  await shot(page, shotName(testInfo, 'photo-crop'));
  const uploaded = page.waitForResponse((r) => /\/api\/users\/\d+\/photo$/.test(r.url()));
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();
  expect((await uploaded).status()).toBe(200);
  await expect(page.getByText('Фото обновлено')).toBeVisible();
  await expect(dialog).toBeHidden();

  // The server keeps the framed square.
  const photo = main.getByRole('img', { name: PEOPLE.tm1.name }).first();
  await expect(photo).toHaveAttribute('src', /\/api\/files\/\d+/);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([512, 512]);
  await expect(userMenuButton(page, PEOPLE.tm1.name).locator('img')).toHaveAttribute('src', /\/api\/files\/\d+/);
  await shot(page, shotName(testInfo, 'photo-profile'));

  await openFromMenu(page, 'Сотрудники');
  const row = main.getByRole('row').filter({ hasText: PEOPLE.tm1.name });
  await expect(row.getByRole('img').first()).toHaveAttribute('src', /\/api\/files\/\d+/);
});

test('English money keeps English formatting: 1,250,000 ₽ in the Kanban, then back to Russian with thin spaces', async ({ page }, testInfo) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  const sums = mainContent(page).locator('[class*="columnSum"]');
  await expect(sums.first()).toBeVisible();
  const ru = (await sums.allTextContents()).find((s) => /\d{4}|\d \d{3}/.test(s.replace(/\u202f/g, ' ')));
  expect(ru, 'a column sum in the thousands').toBeTruthy();
  expect(ru!).toMatch(/^\d{1,3}(\u202f\d{3})+(,\d{2})?\u00a0₽$/);
  try {
    await userMenuButton(page).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Home' })).toBeVisible();
    await expect.poll(async () => (await sums.allTextContents()).find((s) => s.includes(','))).toMatch(/^\d{1,3}(,\d{3})+(\.\d{2})?\u00a0₽$/);
    await shot(page, shotName(testInfo, 'money-en'));
  } finally {
    await page.getByRole('button', { name: /^User menu: / }).click();
    await page.getByRole('menuitem', { name: 'Русский' }).click();
    await expect(mainMenu(page).getByRole('link', { name: 'Главная' })).toBeVisible();
  }
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the top bar fits: the search says «Поиск» in full and nothing scrolls sideways', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm1);
    const search = page.getByRole('combobox', { name: 'Поиск' });
    await expect(search).toHaveAttribute('placeholder', 'Поиск');
    // The placeholder fits in the box.
    const fits = await search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return ctx.measureText(input.placeholder).width <= room;
    });
    expect(fits).toBe(true);
    const box = await search.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, shotName(testInfo, 'phone-top-bar'));
  });
});
