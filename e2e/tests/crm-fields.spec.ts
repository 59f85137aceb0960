import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, signIn } from '../support/portal';
import { createCompany, crmNav, crmShot, toast, unique } from '../support/crm-helpers';

test('a custom company field added in the settings is filled in a company card and kept after a reload', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  const company = await createCompany(page, { title: unique('ООО «Поля e2e»') });
  const label = unique('Код партнёра');
  const value = unique('PARTNER');

  // Настройки → «Поля» → «Компании» → «Добавить поле».
  await crmNav(page).getByRole('link', { name: 'Настройки' }).click();
  await expect(page).toHaveURL(/\/crm\/settings/);
  await page.getByRole('tab', { name: 'Поля', exact: true }).click();
  await expect(page).toHaveURL(/\/crm\/settings\/fields$/);
  const types = page.getByRole('tablist', { name: 'Тип элемента' });
  await types.getByRole('tab', { name: 'Компании' }).click();
  await expect(types.getByRole('tab', { name: 'Компании' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Добавить поле' }).click();
  const dialog = page.getByRole('dialog', { name: 'Добавить поле' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Название поля' }).fill(label);
  await expect(dialog.getByRole('combobox', { name: 'Тип', exact: true })).toHaveValue('Строка');
  await crmShot(page, 'fields-add');
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(toast(page, `Поле «${label}» добавлено`)).toBeVisible();
  await expect(dialog).toBeHidden();
  const row = mainContent(page)
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: `Изменить поле «${label}»` }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Строка');
  // «Расположение в карточке»: a new field joins the «Дополнительно» block.
  await expect(mainContent(page).getByRole('combobox', { name: `Блок: ${label}` })).toHaveValue('Дополнительно');
  await crmShot(page, 'fields-list');

  // The company's card: the new field in «Дополнительно», filled in and saved.
  await page.goto(`/crm/company/details/${company.id}`);
  const card = mainContent(page).getByRole('form', { name: company.title });
  await expect(card).toBeVisible();
  const block = card.getByRole('region', { name: 'Дополнительно' });
  await expect(block.getByText(label)).toBeVisible();
  await block.getByRole('button', { name: 'Изменить блок «Дополнительно»' }).click();
  await block.getByRole('textbox', { name: label }).fill(value);
  await card.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(toast(page, 'Изменения сохранены')).toBeVisible();
  await expect(block.getByRole('textbox', { name: label })).toBeHidden();
  await expect(block.getByText(value, { exact: true })).toBeVisible();

  await page.reload();
  await expect(card).toBeVisible();
  await expect(block.getByText(label)).toBeVisible();
  await expect(block.getByText(value, { exact: true })).toBeVisible();
  await crmShot(page, 'fields-company-card');

  // The timeline records the change under the field's name.
  await expect(mainContent(page).getByRole('list', { name: 'История' }).getByRole('listitem').first()).toContainText(`${label}: пусто → ${value}`);
});
