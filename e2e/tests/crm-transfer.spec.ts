import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { PEOPLE } from '../support/env';
import { mainContent, signIn } from '../support/portal';
import { crmShot, listTable, uniqueWord } from '../support/crm-helpers';

test('the company list exports as a CSV with Russian headers', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/company/list' });
  const table = listTable(page, 'Компании');
  await expect(table.getByRole('link', { name: 'ООО «Северный ветер»', exact: true })).toBeVisible();

  await mainContent(page).getByRole('button', { name: 'Экспорт', exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const file = await download.path();
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = text.split(/\r?\n/).filter(Boolean);
  expect(header).toContain('Название компании');
  expect(text).toContain('ООО «Северный ветер»');
  expect(rows.length).toBeGreaterThanOrEqual(8);
  await crmShot(page, 'transfer-export');
});

test('contacts import from a CSV: progress to the end, a report of the 2 bad rows and of the skipped one with its reason, the rest in the list', async ({ page }, testInfo) => {
  const family = uniqueWord('Импортов');
  // E-mails and phones are how duplicates are found: unique to this run, so that nothing is skipped.
  const mailbox = `guest.${Date.now().toString(36)}`;
  const phoneBase = String(Date.now() % 10_000_000).padStart(7, '0');
  const rows: string[][] = [];
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    const bad = i === 7 || i === 15;
    rows.push([family, `Гость${n}`, `Менеджер ${n}`, bad ? `guest${n}-at-example` : `${mailbox}.${n}@example.com`, `+79${phoneBase}${n}`]);
  }
  // The last row repeats the e-mail of the first: skipped as a duplicate, and the report says why.
  rows.push([family, 'Повтор', 'Менеджер', `${mailbox}.01@example.com`, `+79${phoneBase}99`]);
  const csv = ['Фамилия;Имя;Должность;E-mail;Телефон', ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n';
  const csvPath = testInfo.outputPath('contacts.csv');
  fs.writeFileSync(csvPath, csv, 'utf8');

  await signIn(page, PEOPLE.admin, { start: '/crm/contact/list' });
  await expect(listTable(page, 'Контакты')).toBeVisible();
  await mainContent(page).getByRole('button', { name: 'Импорт', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Импорт: Контакты' });
  await expect(dialog).toBeVisible();
  await dialog.locator('input[type="file"]').setInputFiles(csvPath);
  await dialog.getByRole('button', { name: 'Загрузить', exact: true }).click();

  // Mapping: the Russian headers are recognised.
  await expect(dialog.getByText('Сопоставьте колонки файла с полями CRM')).toBeVisible();
  for (const [column, field] of [
    ['Фамилия', 'Фамилия'],
    ['Имя', 'Имя'],
    ['Должность', 'Должность'],
    ['E-mail', 'E-mail'],
    ['Телефон', 'Телефон'],
  ]) {
    await expect(dialog.getByRole('textbox', { name: `Поле CRM: ${column}`, exact: true }).or(dialog.getByRole('combobox', { name: `Поле CRM: ${column}`, exact: true }))).toHaveValue(field);
  }
  await expect(dialog.getByText(`${mailbox}.01@example.com`).first()).toBeVisible();
  await crmShot(page, 'transfer-import-mapping');
  await dialog.getByRole('button', { name: 'Начать импорт', exact: true }).click();

  // Progress to the end.
  const progress = dialog.getByRole('progressbar', { name: 'Ход импорта' });
  await expect(progress).toBeVisible();
  await expect(dialog.getByText('Импорт завершён')).toBeVisible({ timeout: 30_000 });
  await expect(progress).toHaveAttribute('aria-valuenow', '100');
  await expect(dialog.getByText('Обработано строк: 21 из 21')).toBeVisible();
  await expect(dialog.getByText('Создано: 18')).toBeVisible();
  await expect(dialog.getByText('Пропущено: 1')).toBeVisible();
  await expect(dialog.getByText('С ошибками: 2')).toBeVisible();

  // The skipped row: its line in the file, the reason, and a link to the contact it repeats.
  await expect(dialog.getByText('Пропущенные строки')).toBeVisible();
  const skipped = dialog.getByRole('table', { name: 'Пропущенные строки' }).locator('tbody tr');
  await expect(skipped).toHaveCount(1);
  await expect(skipped.nth(0).getByRole('cell').first()).toHaveText('22');
  await expect(skipped.nth(0)).toContainText(`E-mail уже есть у контакта «${family} Гость01»`);
  await expect(skipped.nth(0).getByRole('link', { name: `${family} Гость01`, exact: true })).toBeVisible();

  // The report: the two rows with bad e-mails.
  await expect(dialog.getByText('Строки с ошибками')).toBeVisible();
  const report = dialog.getByRole('table').filter({ hasText: 'Ошибка' }).filter({ hasNotText: 'Причина' });
  const bad = report.locator('tbody tr');
  await expect(bad).toHaveCount(2);
  // Rows are counted as lines of the file, the header being line 1: data rows 7 and 15.
  await expect(bad.nth(0).getByRole('cell').first()).toHaveText('8');
  await expect(bad.nth(0)).toContainText('Некорректный e-mail');
  await expect(bad.nth(1).getByRole('cell').first()).toHaveText('16');
  await expect(bad.nth(1)).toContainText('Некорректный e-mail');
  await crmShot(page, 'transfer-import-report');
  // The link opens the contact the skipped row repeats.
  await skipped
    .nth(0)
    .getByRole('link', { name: `${family} Гость01`, exact: true })
    .click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('dialog').getByText(`${mailbox}.01@example.com`).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  // The 18 good rows are contacts now.
  const table = listTable(page, 'Контакты');
  await page.getByRole('textbox', { name: 'Поиск' }).fill(family);
  await expect(page.getByText('Всего: 18', { exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: `${family} Гость01`, exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: `${family} Гость07`, exact: true })).toHaveCount(0);
  await expect(table.getByRole('link', { name: `${family} Гость15`, exact: true })).toHaveCount(0);
  await crmShot(page, 'transfer-imported-list');
});
