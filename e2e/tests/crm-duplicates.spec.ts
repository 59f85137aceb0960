import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, signIn } from '../support/portal';
import { api, cardDialog, crmShot, listTable } from '../support/crm-helpers';

type Found = { id: number; title: string }[];

test('the «Дубликаты» page finds the demo portal’s duplicate contacts and companies, each group with «Объединить»', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/contact/list' });
  await expect(listTable(page, 'Контакты')).toBeVisible();
  await mainContent(page).getByRole('link', { name: 'Дубликаты', exact: true }).click();
  await expect(page).toHaveURL(/\/crm\/duplicates\?type=contact$/);
  await expect(page.getByRole('heading', { name: 'Дубликаты', level: 1 })).toBeVisible();

  // The two «Петров Иван» of the demo share one phone, written two ways.
  const petrovs = (await api<{ items: Found }>(page, 'POST', '/api/crm/duplicates/check', { type: 'contact', phones: ['+79167001122'] })).items.map((i) => i.id).sort((a, b) => a - b);
  expect(petrovs).toHaveLength(2);
  const group = mainContent(page)
    .getByRole('region', { name: /Группа дубликатов/ })
    .filter({ hasText: 'Телефон: +7 916 700-11-22' });
  await expect(group).toHaveCount(1);
  await expect(group.getByRole('link', { name: 'Петров Иван', exact: true })).toHaveCount(2);
  await expect(group.getByText(/Совпадение \d+%/)).toBeVisible();
  await expect(group.getByRole('link', { name: /^Объединить/ })).toHaveAttribute('href', new RegExp(`/crm/contact/merge\\?ids=${petrovs.join(',')}$`));
  await crmShot(page, 'duplicates-contacts');

  // The companies: «ООО «Ромашка»» and «Ромашка» with one ИНН.
  await page.getByRole('radiogroup', { name: 'Что искать' }).getByText('Компании', { exact: true }).click();
  await expect(page).toHaveURL(/\/crm\/duplicates\?type=company$/);
  const companies = mainContent(page)
    .getByRole('region', { name: /Группа дубликатов/ })
    .filter({ has: page.getByRole('link', { name: 'ООО «Ромашка»', exact: true }) });
  await expect(companies).toHaveCount(1);
  await expect(companies.getByRole('link', { name: 'Ромашка', exact: true })).toBeVisible();
  await expect(companies.getByText(/^ИНН: \d{10}$/)).toBeVisible();
  await expect(companies.getByText('Название: ромашка')).toBeVisible();
  await expect(companies.getByRole('link', { name: /^Объединить/ })).toHaveAttribute('href', /\/crm\/company\/merge\?ids=\d+,\d+$/);
  await crmShot(page, 'duplicates-companies');

  // A contact of the group opens as a card over the page.
  await companies.getByRole('link', { name: 'Ромашка', exact: true }).click();
  await expect(cardDialog(page, 'Компания: Ромашка')).toBeVisible();
});

test('typing a known phone into a new contact warns «Возможные дубликаты» with links to them', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/contact/list' });
  await mainContent(page).getByRole('button', { name: 'Создать', exact: true }).click();
  const dialog = cardDialog(page, 'Новый контакт');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Имя', { exact: true }).fill('Семён');
  await expect(dialog.getByRole('status', { name: 'Возможные дубликаты' })).toHaveCount(0);
  await dialog.getByLabel('Телефон', { exact: true }).fill('8 916 700 11 22');

  const warning = dialog.getByRole('status', { name: 'Возможные дубликаты' });
  await expect(warning).toBeVisible();
  await expect(warning.getByText('Возможные дубликаты:')).toBeVisible();
  await expect(warning.getByRole('link', { name: 'Петров Иван', exact: true })).toHaveCount(2);
  await expect(warning.getByText('(Телефон: +7 916 700-11-22)').first()).toBeVisible();
  await crmShot(page, 'duplicates-card-warning');

  // Another number: the warning goes.
  await dialog.getByLabel('Телефон', { exact: true }).fill('+7 916 700-99-98');
  await expect(warning).toBeHidden();
});
