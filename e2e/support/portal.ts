import { expect, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, type DemoPerson } from './env';

export const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? '/tmp/shots';

/**
 * A full-page screenshot of what the page shows now, for people to look at: not part of any
 * assertion, and never a reason for a test to fail.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(SHOTS_DIR, `e2e-${name.replace(/[^\w.-]+/g, '-')}.png`);
  try {
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' }); // transitions end at once
  } catch (err) {
    console.warn(`screenshot ${file} failed: ${String(err)}`);
  }
}

/** A screenshot name made of the test file and a step, e.g. `menu-pinned`. */
export function shotName(testInfo: TestInfo, step: string): string {
  return `${path.basename(testInfo.file).replace(/\.spec\.ts$/, '')}-${step}`;
}

// ---- the sign-in page ---------------------------------------------------------------------

export function signInForm(page: Page) {
  return {
    login: page.getByLabel('Телефон или e-mail'),
    password: page.getByLabel('Пароль', { exact: true }),
    next: page.getByRole('button', { name: 'Далее', exact: true }),
    changeLogin: page.getByRole('button', { name: 'Изменить логин' }),
  };
}

/** Fills both steps of the sign-in form on whatever page shows it; does not wait for the result. */
export async function submitSignIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  const form = signInForm(page);
  await form.login.fill(login);
  await form.next.click();
  await expect(form.password).toBeVisible();
  await form.password.fill(password);
  await form.next.click();
}

/** The user button of the top bar: «Меню пользователя: <ФИО>». */
export function userMenuButton(page: Page, name?: string): Locator {
  return page.getByRole('button', { name: name ? `Меню пользователя: ${name}` : /^Меню пользователя: / });
}

/** Signs in through the sign-in form at `start` (the portal's root by default) and waits for the shell. */
export async function signIn(page: Page, person: DemoPerson, opts: { login?: string; start?: string } = {}): Promise<void> {
  await page.goto(opts.start ?? '/');
  await submitSignIn(page, opts.login ?? person.email);
  await expect(userMenuButton(page, person.name)).toBeVisible();
}

/** A new browser context (own cookies and storage) with a page signed in as `person`. */
export async function signedInPage(browser: Browser, person: DemoPerson): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person);
  return { context, page };
}

/** Opens the user menu and picks an item («Профиль», «Исходящие письма», «Выйти», ...). */
export async function userMenuItem(page: Page, item: string): Promise<void> {
  await userMenuButton(page).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

// ---- the frame --------------------------------------------------------------------------

export function mainMenu(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Главное меню' });
}

/**
 * Opens the collapsed main menu by hovering the window's left edge, as a user does. The pointer
 * leaves and comes back until the menu is open: a menu drawn again under a resting pointer
 * (the page still loading) gets no new hover.
 */
export async function hoverMainMenu(page: Page): Promise<void> {
  await expect(async () => {
    await page.mouse.move(1000, 600);
    await page.mouse.move(8, 420);
    await expect(mainMenu(page)).toHaveAttribute('data-expanded', /.*/, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
}

/**
 * Opens a page through the left menu, then takes the pointer off the menu, so that the menu
 * (opened by the hover) does not cover the page in screenshots.
 */
export async function openFromMenu(page: Page, item: string): Promise<void> {
  await mainMenu(page).getByRole('link', { name: item, exact: true }).click();
  await page.mouse.move(1000, 600);
  if ((await mainMenu(page).getAttribute('data-pinned')) === null) await expect(mainMenu(page)).not.toHaveAttribute('data-expanded');
}

export function mainContent(page: Page): Locator {
  return page.locator('main#main');
}

/** Width of an element on screen, rounded to whole pixels. */
export async function widthOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  return box ? Math.round(box.width) : -1;
}

/** Left edge of an element on screen, rounded to whole pixels. */
export async function leftOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  return box ? Math.round(box.x) : -1;
}
