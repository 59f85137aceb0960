import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, mainMenu, openFromMenu, shot, shotName, signIn, userMenuButton, userMenuItem } from '../support/portal';

test.describe('portal pages', () => {
  test('«Профиль» from the user menu: name, position, department, manager, subordinates', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.headTm);
    // An employee's user menu: no «Исходящие письма» (administrators only).
    await userMenuButton(page).click();
    await expect(page.getByRole('menuitem', { name: 'Выйти' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Исходящие письма' })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await userMenuItem(page, 'Профиль');
    await expect(page).toHaveURL(/\/company\/personal\/user\/\d+$/);
    const main = mainContent(page);
    await expect(main.getByRole('heading', { name: 'Мой профиль', level: 1 })).toBeVisible();
    await expect(main.getByRole('heading', { name: 'Петрова Ольга', level: 2 })).toBeVisible();
    await expect(main.getByText(PEOPLE.headTm.position, { exact: true })).toBeVisible();
    await expect(main.getByRole('link', { name: 'Отдел телемаркетинга' })).toBeVisible();

    const manager = main.getByRole('region', { name: 'Руководитель' });
    await expect(manager.getByRole('link', { name: new RegExp(PEOPLE.admin.name) })).toBeVisible();
    const subordinates = main.getByRole('region', { name: 'Подчинённые' });
    await expect(subordinates.getByRole('link', { name: new RegExp(PEOPLE.tm1.name) })).toBeVisible();
    await expect(subordinates.getByRole('link', { name: new RegExp(PEOPLE.tm2.name) })).toBeVisible();
    const contacts = main.getByRole('region', { name: 'Контакты' });
    await expect(contacts.getByRole('link', { name: PEOPLE.headTm.email })).toHaveAttribute('href', `mailto:${PEOPLE.headTm.email}`);
    await shot(page, shotName(testInfo, 'my-profile'));

    // Someone else's profile from there: the manager's.
    await manager.getByRole('link', { name: new RegExp(PEOPLE.admin.name) }).click();
    await expect(main.getByRole('heading', { name: 'Профиль', level: 1 })).toBeVisible();
    await expect(main.getByRole('heading', { name: 'Смирнова Анна', level: 2 })).toBeVisible();
    // An employee may not edit or switch off a colleague.
    await expect(main.getByRole('button', { name: 'Редактировать' })).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Отключить' })).toHaveCount(0);
    await shot(page, shotName(testInfo, 'manager-profile'));
  });

  test('«Сотрудники»: typing «кузн» finds Кузнецов only', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm2);
    await openFromMenu(page, 'Сотрудники');
    await expect(page).toHaveURL(/\/company$/);
    const main = mainContent(page);
    const rows = main.getByRole('table').getByRole('row');
    // The header row and the demo's active employees.
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    await expect(main.getByLabel('Отдел', { exact: true })).toBeVisible();
    await shot(page, shotName(testInfo, 'directory'));

    await main.getByLabel('Поиск сотрудников').fill('кузн');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText(PEOPLE.tm1.name);
    await expect(rows.nth(1)).toContainText('Отдел телемаркетинга');
    await expect(page).toHaveURL(/[?&]search=/);
    await shot(page, shotName(testInfo, 'directory-search'));

    await rows.nth(1).getByRole('link', { name: PEOPLE.tm1.name }).click();
    await expect(main.getByRole('heading', { name: 'Кузнецов Иван', level: 2 })).toBeVisible();
  });

  test('«Структура компании» shows «Отдел телемаркетинга» with its head', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm1);
    await openFromMenu(page, 'Структура компании');
    const main = mainContent(page);
    await expect(main.getByRole('heading', { name: 'Структура компании', level: 1 })).toBeVisible();
    const tm = main.getByRole('region', { name: 'Отдел телемаркетинга', exact: true });
    await expect(tm).toBeVisible();
    await expect(tm.getByRole('link', { name: PEOPLE.headTm.name })).toBeVisible();
    await expect(tm.getByText(/^Руководитель/)).toBeVisible();
    await expect(tm.getByRole('link', { name: /3 сотрудника/ })).toBeVisible();
    await expect(main.getByRole('region', { name: 'Отдел продаж', exact: true }).getByRole('link', { name: PEOPLE.headSales.name })).toBeVisible();
    // Only administrators manage departments.
    await expect(main.getByRole('button', { name: 'Добавить отдел' })).toHaveCount(0);
    await shot(page, shotName(testInfo, 'structure'));
  });

  test('«Карта сайта» lists the portal’s tools', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm1);
    await openFromMenu(page, 'Карта сайта');
    const main = mainContent(page);
    await expect(main.getByRole('heading', { name: 'Карта сайта', level: 1 })).toBeVisible();
    for (const name of ['Сотрудники', 'Структура компании', 'Карта сайта']) {
      await expect(main.getByRole('link', { name: new RegExp(`^${name}`) }).first()).toBeVisible();
    }
    await shot(page, shotName(testInfo, 'sitemap'));
    await main
      .getByRole('link', { name: /^Структура компании/ })
      .first()
      .click();
    await expect(main.getByRole('heading', { name: 'Структура компании', level: 1 })).toBeVisible();
  });

  test('«Помощь» on /company shows the article about employees', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm1);
    await page.goto('/company');
    await expect(mainContent(page).getByRole('heading', { name: 'Сотрудники', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Помощь' }).click();
    const help = page.getByRole('dialog', { name: 'Помощь' });
    await expect(help).toBeVisible();
    const article = help.getByRole('button', { name: 'Сотрудники', exact: true });
    await expect(article).toBeVisible();
    await article.click();
    await expect(help.getByText(/справочник коллег/)).toBeVisible();
    await shot(page, shotName(testInfo, 'help-company'));
    await help.getByRole('button', { name: 'Закрыть' }).click();
    await expect(help).toBeHidden();
  });

  test('the search box: «bdfy» (typed in the wrong layout) finds Иван Кузнецов and opens his profile', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm2);
    const search = page.getByRole('combobox', { name: 'Поиск', exact: true });
    // «/» anywhere on the page puts the cursor in the search box (nothing focused: a click could open the menu at the left edge).
    await expect(mainContent(page)).toBeVisible();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('/');
    await expect(search).toBeFocused();
    await page.keyboard.type('bdfy');
    const result = page.getByRole('option', { name: new RegExp(PEOPLE.tm1.name) });
    await expect(result).toBeVisible();
    await expect(page.getByRole('listbox')).toContainText('Сотрудники');
    await shot(page, shotName(testInfo, 'search-results'));
    await result.click();
    await expect(page).toHaveURL(/\/company\/personal\/user\/\d+$/);
    await expect(mainContent(page).getByRole('heading', { name: 'Кузнецов Иван', level: 2 })).toBeVisible();
    await expect(search).toHaveValue('');
  });

  test('an invitation by e-mail: in «Исходящие письма» with a link that signs the new employee in', async ({ page, browser }, testInfo) => {
    const stamp = Date.now().toString(36);
    const invitee = { email: `new.${stamp}@vavilon.example`, firstName: 'Пётр', lastName: 'Новиков', position: 'Стажёр' };
    const inviteeName = `${invitee.firstName} ${invitee.lastName}`;

    await signIn(page, PEOPLE.admin);
    await page.goto('/company');
    await mainContent(page).getByRole('button', { name: 'Пригласить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Пригласить сотрудника' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Телефон или e-mail').fill(invitee.email);
    await dialog.getByRole('textbox', { name: 'Имя', exact: true }).fill(invitee.firstName);
    await dialog.getByRole('textbox', { name: 'Фамилия', exact: true }).fill(invitee.lastName);
    await dialog.getByRole('textbox', { name: 'Должность', exact: true }).fill(invitee.position);
    await dialog.getByRole('combobox', { name: 'Отдел' }).click();
    await page.getByRole('option', { name: 'Отдел продаж' }).click();
    await shot(page, shotName(testInfo, 'invite-form'));
    await dialog.getByRole('button', { name: 'Отправить приглашение' }).click();
    await expect(dialog).toBeHidden();
    const toast = page.getByRole('alert').filter({ hasText: `Приглашение отправлено: ${inviteeName}` });
    await expect(toast).toBeVisible();
    await shot(page, shotName(testInfo, 'invite-sent'));
    // The toast leads to the kept letter.
    await toast.getByRole('link', { name: 'Исходящие письма' }).click();
    await expect(page).toHaveURL(/\/settings\/mail-outbox$/);
    await expect(mainContent(page).getByRole('heading', { name: 'Исходящие письма', level: 1 })).toBeVisible();
    const letter = mainContent(page).getByRole('row').filter({ hasText: invitee.email });
    await expect(letter).toHaveCount(1);
    await shot(page, shotName(testInfo, 'outbox'));
    await letter.getByRole('button').click();
    const drawer = page.getByRole('dialog');
    await expect(drawer).toContainText(invitee.email);
    const link = drawer.getByRole('link', { name: /\/invite\// });
    await expect(link).toBeVisible();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^http:\/\/localhost:\d+\/(p\/[^/]+\/)?invite\/[\w-]+$/);
    await shot(page, shotName(testInfo, 'outbox-letter'));
    await drawer.getByRole('button', { name: 'Закрыть' }).click();

    // Until the link is used the employee is listed under «Приглашены», not among those who work.
    await openFromMenu(page, 'Сотрудники');
    const directory = mainContent(page);
    await directory.getByRole('combobox', { name: 'Статус' }).click();
    await page.getByRole('option', { name: 'Приглашены' }).click();
    await expect(directory.getByRole('row', { name: new RegExp(inviteeName) })).toContainText('Приглашён');
    await shot(page, shotName(testInfo, 'directory-invited'));

    // The link in a browser where nobody is signed in.
    const fresh = await browser.newContext();
    try {
      const newcomer = await fresh.newPage();
      await newcomer.goto(href!);
      await expect(newcomer.getByRole('heading', { name: 'Приглашение в портал' })).toBeVisible();
      await expect(newcomer.getByText(inviteeName)).toBeVisible();
      await expect(newcomer.getByText(invitee.email)).toBeVisible();
      await shot(newcomer, shotName(testInfo, 'invite-accept'));
      await newcomer.getByLabel('Новый пароль').fill('welcome-pass-42');
      await newcomer.getByLabel('Повторите пароль').fill('welcome-pass-42');
      await newcomer.getByRole('button', { name: 'Сохранить' }).click();
      await expect(userMenuButton(newcomer, inviteeName)).toBeVisible();
      await expect(mainMenu(newcomer)).toBeVisible();
      await shot(newcomer, shotName(testInfo, 'invitee-home'));

      // The link was for one use only.
      const again = await fresh.newPage();
      await again.goto(href!);
      await expect(again.getByText('Ссылка недействительна', { exact: true })).toBeVisible();
    } finally {
      await fresh.close();
    }

    // Until then the employee was «Приглашён»; now works here: listed among the active ones.
    await page.goto('/company');
    await mainContent(page).getByLabel('Поиск сотрудников').fill(invitee.lastName);
    await expect(mainContent(page).getByRole('row', { name: new RegExp(inviteeName) })).toBeVisible();
  });

  test('a page whose code cannot be loaded shows a message inside the frame, and a reload fixes it', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm1);
    await page.route('**/assets/SiteMapPage-*.js', (route) => route.abort());
    await openFromMenu(page, 'Карта сайта');
    const problem = mainContent(page).getByRole('alert');
    await expect(problem).toContainText('Не удалось загрузить данные');
    await expect(mainMenu(page)).toBeVisible();
    await expect(userMenuButton(page, PEOPLE.tm1.name)).toBeVisible();
    await shot(page, shotName(testInfo, 'chunk-failed'));

    await page.unroute('**/assets/SiteMapPage-*.js');
    await problem.getByRole('button', { name: 'Обновить страницу' }).click();
    await expect(mainContent(page).getByRole('heading', { name: 'Карта сайта', level: 1 })).toBeVisible();
  });
});
