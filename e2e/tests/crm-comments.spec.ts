import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn, signedInPage } from '../support/portal';
import { api, createDeal, crmShot, unique, userId } from '../support/crm-helpers';

test('a comment on a deal carries a file and an @mention: the file downloads, the mentioned colleague is notified', async ({ page, browser }) => {
  await signIn(page, PEOPLE.admin);
  // A deal of the sales department, so that the mentioned head of sales may read it (and is notified).
  const deal = await createDeal(page, { title: unique('Сделка e2e комментарий'), responsibleId: await userId(page, PEOPLE.headSales.name) });
  await page.goto(`/crm/deal/details/${deal.id}`);

  const box = page.getByRole('textbox', { name: 'Комментарий' });
  await expect(box).toBeVisible();
  await box.click();
  await box.pressSequentially('Смета готова, посмотрите @Волк');
  const picker = page.getByRole('listbox', { name: 'Упомянуть сотрудника' });
  await picker.getByText(PEOPLE.headSales.name).click();
  await expect(box.locator('span[data-mention]')).toHaveText(`@${PEOPLE.headSales.name}`);

  const content = Buffer.from('%PDF-1.4\n% смета по проекту\n');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Прикрепить файл' }).click();
  await page.getByRole('menuitem', { name: 'Загрузить с компьютера' }).click();
  await (await chooser).setFiles({ name: 'смета.pdf', mimeType: 'application/pdf', buffer: content });
  await expect(page.getByRole('button', { name: 'Убрать файл «смета.pdf»' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Загрузка «смета.pdf»' })).toHaveCount(0);
  await crmShot(page, 'comment-before-send');

  await page.getByRole('button', { name: 'Отправить' }).click();
  const history = page.getByRole('list', { name: 'История' });
  const comment = history.getByRole('listitem').filter({ hasText: 'Смета готова' });
  await expect(comment).toBeVisible();
  await expect(comment.getByText(`@${PEOPLE.headSales.name}`)).toBeVisible();
  const link = comment.getByRole('link', { name: /смета\.pdf/ });
  await expect(link).toBeVisible();
  await crmShot(page, 'comment-sent');

  const download = page.waitForEvent('download');
  await link.click();
  const file = await (await download).path();
  const fs = await import('node:fs/promises');
  expect(Buffer.compare(await fs.readFile(file), content)).toBe(0);

  // An edit of the text keeps the comment's file.
  await comment.getByRole('button', { name: 'Изменить комментарий' }).click();
  const editor = comment.getByRole('textbox', { name: 'Изменить комментарий' });
  await editor.press('End');
  await editor.pressSequentially(' — итог');
  await comment.getByRole('button', { name: 'Сохранить' }).click();
  const edited = history.getByRole('listitem').filter({ hasText: '— итог' });
  await expect(edited.getByRole('textbox')).toHaveCount(0);
  await expect(edited.getByRole('link', { name: /смета\.pdf/ })).toBeVisible();

  // The mentioned colleague finds it in the bell.
  const { context, page: colleague } = await signedInPage(browser, PEOPLE.headSales);
  try {
    const list = await api<{ items: { title: string; url: string | null }[] }>(colleague, 'GET', '/api/notifications');
    expect(list.items.find((n) => n.url?.endsWith(`/crm/deal/details/${deal.id}`))?.title).toBe(`${PEOPLE.admin.name} упомянул(а) вас в комментарии`);
    // With the deal open, the colleague sees a new comment arrive without reloading.
    await colleague.goto(`/crm/deal/details/${deal.id}`);
    const theirs = colleague.getByRole('list', { name: 'История' });
    await expect(theirs.getByRole('listitem').filter({ hasText: 'Смета готова' })).toBeVisible();
    await api(page, 'POST', `/api/comments/deal/${deal.id}`, { html: '<p>Счёт выставлен</p>', mentions: [] });
    await expect(theirs.getByRole('listitem').filter({ hasText: 'Счёт выставлен' })).toBeVisible({ timeout: 10_000 });
  } finally {
    await context.close();
  }
});
