import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { leftOf, mainContent, mainMenu, shot, shotName, signIn, signedInPage, widthOf } from '../support/portal';

const COLLAPSED = 64;
const EXPANDED = 240;

/** Puts the mouse far from the menu, so that nothing keeps it open by hover. */
async function mouseAway(page: Page) {
  await page.mouse.move(1000, 600);
}

/** Hovers the left edge of the window, where the collapsed menu is. */
async function hoverLeftEdge(page: Page) {
  await page.mouse.move(8, 420);
}

async function expectMenu(page: Page, menuWidth: number, contentLeft: number) {
  await expect.poll(() => widthOf(mainMenu(page)), { message: 'menu width' }).toBe(menuWidth);
  await expect.poll(() => leftOf(mainContent(page)), { message: 'left edge of the page' }).toBe(contentLeft);
}

/** Waits until the menu settings are saved on the server; returns what `action` returned. */
async function savingSettings<T>(page: Page, action: () => Promise<T>): Promise<T> {
  const saved = page.waitForResponse((r) => r.url().includes('/api/shell/settings') && r.request().method() === 'PUT');
  const result = await action();
  expect((await saved).ok()).toBe(true);
  return result;
}

test.describe('the left menu', () => {
  test('collapsed by default; hovering the left edge opens it over the page without moving the page', async ({ page }, testInfo) => {
    await signIn(page, PEOPLE.tm1);
    await mouseAway(page);
    const menu = mainMenu(page);
    await expect(menu.getByRole('link', { name: 'Сотрудники' })).toBeVisible();
    await expectMenu(page, COLLAPSED, COLLAPSED);
    await expect(menu).not.toHaveAttribute('data-expanded');
    await expect(menu.getByRole('button', { name: 'Закрепить меню' })).toHaveAttribute('aria-pressed', 'false');
    const before = await mainContent(page).boundingBox();
    await shot(page, shotName(testInfo, 'collapsed'));

    await hoverLeftEdge(page);
    await expect(menu).toHaveAttribute('data-expanded', 'true');
    await expect.poll(() => widthOf(menu)).toBe(EXPANDED);
    // The menu lies over the page: the page keeps its place and its width.
    const during = await mainContent(page).boundingBox();
    expect(Math.round(during!.x)).toBe(Math.round(before!.x));
    expect(Math.round(during!.width)).toBe(Math.round(before!.width));
    await expect(menu.getByRole('button', { name: 'Настроить меню' })).toBeVisible();
    await shot(page, shotName(testInfo, 'hover-open'));

    await mouseAway(page);
    await expectMenu(page, COLLAPSED, COLLAPSED);
    await expect(menu.getByRole('button', { name: 'Настроить меню' })).toBeHidden();
  });

  test('pinning makes room for the menu and is remembered on the server', async ({ page, browser }, testInfo) => {
    // head.sales is the only person whose pinned state changes.
    const person = PEOPLE.headSales;
    await signIn(page, person);
    await mouseAway(page);
    await expectMenu(page, COLLAPSED, COLLAPSED);

    await savingSettings(page, () => mainMenu(page).getByRole('button', { name: 'Закрепить меню' }).click());
    await mouseAway(page);
    const unpin = mainMenu(page).getByRole('button', { name: 'Открепить меню' });
    await expect(unpin).toHaveAttribute('aria-pressed', 'true');
    await expectMenu(page, EXPANDED, EXPANDED);
    await shot(page, shotName(testInfo, 'pinned'));

    await page.reload();
    await mouseAway(page);
    await expect(unpin).toBeVisible();
    await expectMenu(page, EXPANDED, EXPANDED);

    // A new browser (no local hint of the last state) gets the pinned menu from the server.
    const other = await signedInPage(browser, person);
    try {
      await mouseAway(other.page);
      await expect(mainMenu(other.page).getByRole('button', { name: 'Открепить меню' })).toBeVisible();
      await expectMenu(other.page, EXPANDED, EXPANDED);
      await shot(other.page, shotName(testInfo, 'pinned-new-browser'));

      // Unpinned: collapsed again, here, after a reload, and in the other browser.
      await savingSettings(page, () => unpin.click());
      await mouseAway(page);
      await expectMenu(page, COLLAPSED, COLLAPSED);
      await page.reload();
      await mouseAway(page);
      await expect(mainMenu(page).getByRole('button', { name: 'Закрепить меню' })).toBeVisible();
      await expectMenu(page, COLLAPSED, COLLAPSED);

      await other.page.reload();
      await mouseAway(other.page);
      await expect(mainMenu(other.page).getByRole('button', { name: 'Закрепить меню' })).toBeVisible();
      await expectMenu(other.page, COLLAPSED, COLLAPSED);
    } finally {
      await other.context.close();
    }
  });

  test('«Настроить меню» hides an item for good, and shows it again', async ({ page }, testInfo) => {
    // head.tm is the only person whose menu items change.
    await signIn(page, PEOPLE.headTm);
    const menu = mainMenu(page);
    const structure = menu.getByRole('link', { name: 'Структура компании' });
    await expect(structure).toBeVisible();

    await hoverLeftEdge(page);
    await menu.getByRole('button', { name: 'Настроить меню' }).click();
    await expect(menu.getByRole('button', { name: 'Перетащить «Структура компании»' })).toBeVisible();
    await menu.getByRole('button', { name: 'Скрыть «Структура компании»' }).click();
    await expect(menu.getByRole('button', { name: 'Показать «Структура компании»' })).toHaveAttribute('aria-pressed', 'false');
    await shot(page, shotName(testInfo, 'customize-hidden'));
    await savingSettings(page, () => menu.getByRole('button', { name: 'Сохранить', exact: true }).click());
    await expect(menu.getByRole('button', { name: 'Сохранить', exact: true })).toBeHidden();
    await expect(structure).toHaveCount(0);

    await page.reload();
    // The menu has loaded (its other items are there) and the hidden one is not.
    await expect(menu.getByRole('link', { name: 'Сотрудники' })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Карта сайта' })).toBeVisible();
    await expect(structure).toHaveCount(0);
    await hoverLeftEdge(page);
    await shot(page, shotName(testInfo, 'item-hidden'));

    // «Отменить» leaves things as they were.
    await menu.getByRole('button', { name: 'Настроить меню' }).click();
    await menu.getByRole('button', { name: 'Показать «Структура компании»' }).click();
    await menu.getByRole('button', { name: 'Отменить', exact: true }).click();
    await expect(structure).toHaveCount(0);

    await menu.getByRole('button', { name: 'Настроить меню' }).click();
    await menu.getByRole('button', { name: 'Показать «Структура компании»' }).click();
    await expect(menu.getByRole('button', { name: 'Скрыть «Структура компании»' })).toHaveAttribute('aria-pressed', 'true');
    await savingSettings(page, () => menu.getByRole('button', { name: 'Сохранить', exact: true }).click());
    await expect(structure).toBeVisible();

    await page.reload();
    await expect(structure).toBeVisible();
    await structure.click();
    await expect(page).toHaveURL(/\/company\/structure$/);
    await expect(structure).toHaveAttribute('aria-current', 'page');
  });
});
