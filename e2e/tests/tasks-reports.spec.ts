import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';

test('a head sees their department’s report with a chart and exports it to Excel; an employee only their own', async ({ page }) => {
  await signIn(page, PEOPLE.headTm, { start: '/tasks/reports' });
  await expect(page.getByTestId('report-table')).toBeVisible();
  await expect(page.getByTestId('report-formula')).toContainText('Эффективность = 100 − просроченные / поставленные × 100');
  await shot(page, 'tasks-reports-me');

  await page.getByText('Отдел', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Отдел' }).click();
  await page.getByRole('option').first().click();
  const table = page.getByTestId('report-table');
  await expect(table.getByRole('cell', { name: PEOPLE.tm1.name })).toBeVisible();
  await expect(table.getByRole('cell', { name: PEOPLE.tm2.name })).toBeVisible();
  await expect(page.getByTestId('report-totals')).toContainText('Итого');
  const chart = page.getByTestId('report-chart');
  await expect(chart).toContainText('Завершено и просрочено по сотрудникам');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await shot(page, 'tasks-reports-department');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Экспорт в Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = fs.readFileSync((await file.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // An employee who heads and moderates nothing is offered only their own report, and the server refuses the head's department.
  await page.context().clearCookies();
  await signIn(page, PEOPLE.tm1, { start: '/tasks/reports' });
  await expect(page.getByTestId('report-table')).toBeVisible();
  await expect(page.getByText('Отчёты по отделам и группам видят их руководители и модераторы.')).toBeVisible();
  const res = await page.request.get('/api/tasks/reports?scope=user&id=1&from=2026-01-01&to=2026-01-31');
  expect([403, 404]).toContain(res.status());
  await shot(page, 'tasks-reports-employee');
});
