import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PEOPLE, PORTAL } from '../support/env';
import { shot, shotName, submitSignIn, userMenuButton } from '../support/portal';

/**
 * «Порталы» at the central address: the demo administrator, the install's operator, creates a
 * second portal and its administrator opens the invitation link. A second portal changes what
 * the install's root address means, so this runs its own server on its own data: the other
 * tests keep their one-portal install.
 */

let server: ChildProcess | null = null;
let base = '';
let dataDir = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  base = `http://localhost:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-portals-'));
  // The build the other tests run (playwright.config.ts copies it), or the repository's own.
  const appDir = process.env.PORTAL_E2E_APP_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  server = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: appDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      POLL_MS: '250',
      DATABASE_URL: '',
      REDIS_URL: '',
      SMTP_URL: '',
    },
  });
  let stderr = '';
  server.stderr!.on('data', (d) => (stderr += d));
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`the second server exited: ${stderr}`);
    const ok = await fetch(`${base}/api/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 400) throw new Error(`the second server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function portalsTable(page: Page) {
  return page.getByRole('table', { name: 'Порталы' });
}

test('the operator creates a second portal at the central address and its administrator opens the invitation', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // Passport: the operator sees the way to «Порталы».
  await page.goto(`${base}/passport`);
  await submitSignIn(page, PEOPLE.admin.email, DEMO_PASSWORD);
  await expect(page.getByRole('link', { name: new RegExp(PORTAL.title) })).toBeVisible();
  await shot(page, shotName(testInfo, 'passport'));
  await page.getByRole('link', { name: 'Управление порталами' }).click();
  await expect(page).toHaveURL(`${base}/admin/portals`);
  await expect(page.getByRole('heading', { name: 'Порталы', level: 1 })).toBeVisible();
  const demoRow = portalsTable(page).getByRole('row').filter({ hasText: PORTAL.name });
  await expect(demoRow).toContainText(PORTAL.title);
  await expect(demoRow.getByRole('cell').nth(2)).toHaveText('6');
  await shot(page, shotName(testInfo, 'portals'));

  // «Создать портал»: a wrong address is explained beside the field.
  await page.getByRole('button', { name: 'Создать портал' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новый портал' });
  await dialog.getByLabel('Адрес').fill('Мой портал');
  await dialog.getByLabel('Название').fill('Стройка и ремонт');
  await dialog.getByLabel('E-mail администратора').fill('boss@stroy.example');
  await dialog.getByRole('button', { name: 'Создать', exact: true }).click();
  await expect(dialog.getByText('От 3 до 40 символов: строчные латинские буквы, цифры и дефис; в начале и в конце — буква или цифра')).toBeVisible();
  await shot(page, shotName(testInfo, 'create-error'));
  await dialog.getByLabel('Адрес').fill('stroy');
  await expect(dialog.getByText(`${base}/p/stroy/`)).toBeVisible();
  await shot(page, shotName(testInfo, 'create-form'));
  await dialog.getByRole('button', { name: 'Создать', exact: true }).click();

  // The invitation link, shown at once.
  const created = page.getByRole('dialog', { name: 'Портал «Стройка и ремонт» создан' });
  const link = created.getByLabel('Ссылка-приглашение');
  await expect(link).toHaveValue(new RegExp(`^${base}/p/stroy/invite/[\\w-]{20,}$`));
  const href = await link.inputValue();
  await expect(created.getByRole('link', { name: 'Открыть ссылку' })).toHaveAttribute('href', href);
  await shot(page, shotName(testInfo, 'created'));
  await created.getByRole('button', { name: 'Готово' }).click();
  const row = portalsTable(page).getByRole('row').filter({ hasText: 'stroy' });
  await expect(row).toContainText('Стройка и ремонт');
  await expect(row).toContainText('0 · приглашён 1');
  await expect(row.getByRole('link', { name: 'Открыть: Стройка и ремонт' })).toHaveAttribute('href', `${base}/p/stroy/`);

  // The new administrator opens the link in their own browser: a password, and they are in the new portal.
  const fresh = await browser.newContext();
  try {
    const boss = await fresh.newPage();
    await boss.goto(href);
    await expect(boss.getByRole('heading', { name: 'Приглашение в портал' })).toBeVisible();
    await expect(boss.getByText('boss@stroy.example')).toBeVisible();
    await boss.getByLabel('Новый пароль').fill('stroy-pass-42');
    await boss.getByLabel('Повторите пароль').fill('stroy-pass-42');
    await boss.getByRole('button', { name: 'Сохранить' }).click();
    await expect(userMenuButton(boss, 'Администратор')).toBeVisible();
    await expect(boss).toHaveURL(new RegExp(`^${base}/p/stroy(/|$)`));
    await expect(boss.getByRole('link', { name: /^Стройка и ремонт — / })).toBeVisible();
    await shot(boss, shotName(testInfo, 'new-portal-home'));
    // Its own company: the administrator alone, none of the demo portal's people.
    await boss.goto(`${base}/p/stroy/company`);
    await expect(boss.getByRole('row', { name: /Администратор/ })).toBeVisible();
    await expect(boss.getByText(PEOPLE.headTm.name)).toHaveCount(0);
  } finally {
    await fresh.close();
  }

  // Back at «Порталы»: the administrator now counts as a member.
  await page.reload();
  await expect(portalsTable(page).getByRole('row').filter({ hasText: 'stroy' }).getByRole('cell').nth(2)).toHaveText('1');

  // With two portals the root address is the central sign-in: it lists both, and «Порталы» for the operator.
  const central = await browser.newContext();
  try {
    const root = await central.newPage();
    await root.goto(`${base}/`);
    await submitSignIn(root, PEOPLE.admin.email, DEMO_PASSWORD);
    await expect(root.getByRole('link', { name: new RegExp(PORTAL.title) })).toBeVisible();
    await expect(root.getByRole('link', { name: 'Управление порталами' })).toHaveAttribute('href', '/admin/portals');
    await shot(root, shotName(testInfo, 'root-two-portals'));
  } finally {
    await central.close();
  }

  // English second.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Portals', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create portal' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Portals' }).getByRole('columnheader', { name: 'Members' })).toBeVisible();
  await shot(page, shotName(testInfo, 'portals-en'));
});

test('«Порталы» is closed to an account that is not the operator', async ({ page }, testInfo) => {
  await page.goto(`${base}/admin/portals`);
  await expect(page.getByText('Войдите учётной записью оператора')).toBeVisible();
  await submitSignIn(page, PEOPLE.headTm.email, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible();
  await expect(page.getByText('Управлять порталами может только оператор установки.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Создать портал' })).toHaveCount(0);
  await shot(page, shotName(testInfo, 'denied'));
});
