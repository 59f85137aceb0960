import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, signIn } from '../support/portal';
import { api, cardDialog, crmNav, crmShot, listTable, toast, unique, uniqueWord } from '../support/crm-helpers';

const BAD_INN = '7707083894';
const GOOD_INN = '7707083893';

test('a company with a wrong ИНН is refused with a Russian message, saved once fixed, and listed after a reload', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/company/list' });
  await expect(crmNav(page).getByRole('link', { name: 'Компании' })).toHaveAttribute('aria-current', 'page');
  await expect(listTable(page, 'Компании')).toBeVisible();

  const title = unique('ООО «Проверка e2e»');
  await mainContent(page).getByRole('button', { name: 'Добавить', exact: true }).click();
  const dialog = cardDialog(page, 'Новая компания');
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/\/crm\/company\/details\/0$/);
  await dialog.getByLabel('Название компании').fill(title);
  const inn = dialog.getByLabel('ИНН', { exact: true });
  await inn.fill(BAD_INN);
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();

  // The server's answer lands under the field, in Russian; the card stays new.
  await expect(inn).toHaveAttribute('aria-invalid', 'true');
  await expect(inn).toBeFocused();
  await expect(inn).toHaveAccessibleDescription(/Некорректный ИНН/);
  await expect(dialog.getByText('Некорректный ИНН: должно быть 10 или 12 цифр с верной контрольной суммой')).toBeVisible();
  await expect(page).toHaveURL(/\/crm\/company\/details\/0$/);
  await crmShot(page, 'clients-inn-error');
  const none = await api<{ total: number }>(page, 'GET', `/api/crm/company/count?search=${encodeURIComponent(title)}`);
  expect(none.total).toBe(0);

  // Fixed: saved, the slider now shows the company.
  await inn.fill(GOOD_INN);
  await expect(inn).not.toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(toast(page, `Создано: «${title}»`)).toBeVisible();
  await expect(page).toHaveURL(/\/crm\/company\/details\/[1-9]\d*$/);
  const saved = cardDialog(page, `Компания: ${title}`);
  await expect(saved).toBeVisible();
  await expect(saved.getByText(GOOD_INN, { exact: true })).toBeVisible();
  // The same count that said «none» before now finds exactly this one.
  const one = await api<{ total: number }>(page, 'GET', `/api/crm/company/count?search=${encodeURIComponent(title)}`);
  expect(one.total).toBe(1);
  await crmShot(page, 'clients-company-saved');

  await saved.getByRole('button', { name: 'Закрыть карточку' }).click();
  await expect(saved).toBeHidden();
  await expect(page).toHaveURL(/\/crm\/company\/list$/);
  await page.reload();
  // Newest first: the company heads the list.
  const table = listTable(page, 'Компании');
  await expect(table.locator('tbody tr').first().getByRole('link', { name: title, exact: true })).toBeVisible();
  await expect(table.getByRole('checkbox', { name: `Выбрать «${title}»` })).toBeVisible();
});

test('a contact linked to a company shows among the company card’s linked items', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/contact/list' });
  const company = await api<{ id: number; title: string }>(page, 'POST', '/api/crm/companies', { title: unique('АО «Связи e2e»'), inn: GOOD_INN });
  const lastName = uniqueWord('Связев');
  const contactName = `${lastName} Пётр`;

  await expect(listTable(page, 'Контакты')).toBeVisible();
  await mainContent(page).getByRole('button', { name: 'Создать', exact: true }).click();
  const dialog = cardDialog(page, 'Новый контакт');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Фамилия').fill(lastName);
  await dialog.getByLabel('Имя', { exact: true }).fill('Пётр');
  // «Компании»: search on the server, pick the company.
  const companies = dialog.getByRole('combobox', { name: 'Компании' });
  await companies.click();
  await companies.fill(company.title.split(' ').pop()!);
  await page.getByRole('option', { name: company.title }).click();
  await expect(dialog.getByText(company.title)).toBeVisible();
  await crmShot(page, 'clients-contact-new');
  await dialog.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(toast(page, `Создано: «${contactName}»`)).toBeVisible();
  const contactCard = cardDialog(page, `Контакт: ${contactName}`);
  await expect(contactCard).toBeVisible();

  // The contact's card links to the company; the company's card lists the contact.
  await contactCard.getByRole('link', { name: company.title }).first().click();
  const companyCard = cardDialog(page, `Компания: ${company.title}`);
  await expect(companyCard).toBeVisible();
  await expect(companyCard.getByText('Контакты · 1')).toBeVisible();
  await expect(companyCard.getByRole('link', { name: contactName, exact: true })).toBeVisible();
  await crmShot(page, 'clients-company-linked');

  // The same card as a page of its own (a shared link).
  await companyCard.getByRole('button', { name: 'Закрыть карточку' }).click();
  await expect(companyCard).toBeHidden();
  await page.goto(`/crm/company/details/${company.id}`);
  await expect(mainContent(page).getByRole('link', { name: 'К списку' })).toBeVisible();
  await expect(mainContent(page).getByText('Связанные элементы')).toBeVisible();
  await expect(mainContent(page).getByRole('link', { name: contactName, exact: true })).toBeVisible();
});
