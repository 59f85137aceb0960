import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn } from '../support/portal';
import { api, createDeal, crmShot, unique, userId } from '../support/crm-helpers';

/** A picture drawn in the browser, as a user's PNG file. */
async function picture(page: Page): Promise<Buffer> {
  const data = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 240;
    c.height = 120;
    const g = c.getContext('2d')!;
    g.fillStyle = '#3b82f6';
    g.fillRect(0, 0, 240, 120);
    g.fillStyle = '#fff';
    g.font = '28px sans-serif';
    g.fillText('Схема', 70, 70);
    return c.toDataURL('image/png').split(',')[1]!;
  });
  return Buffer.from(data, 'base64');
}

test('a comment holds a table, a picture of the portal and a mention; the page shows them, never outside images', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, PEOPLE.admin);
  const deal = await createDeal(page, { title: unique('Сделка e2e редактор'), responsibleId: await userId(page, PEOPLE.headSales.name) });
  await page.goto(`/crm/deal/details/${deal.id}`);

  const box = page.getByRole('textbox', { name: 'Комментарий' });
  await box.click();
  await page.getByRole('button', { name: 'Полужирный' }).click();
  await box.pressSequentially('Итоги встречи');
  await page.getByRole('button', { name: 'Полужирный' }).click();
  await box.press('Enter');

  // A table of 3 × 2 from the toolbar; inside it, the toolbar offers rows and columns.
  await page.getByRole('button', { name: 'Вставить таблицу' }).click();
  await page.getByRole('button', { name: 'Таблица 3 × 2' }).click();
  await box.pressSequentially('Этап');
  await box.press('Tab');
  await box.pressSequentially('Срок');
  await box.press('Tab');
  await page.getByRole('button', { name: 'Удалить столбец' }).click();
  await expect(box.locator('table tr').first().locator('th')).toHaveCount(2);
  await page.getByRole('button', { name: 'Строка ниже' }).click();
  await expect(box.locator('table tr')).toHaveCount(3);

  // Below the table: a mention and a picture uploaded to the portal.
  await box.locator('p').last().click();
  await box.press('End');
  await box.pressSequentially('Проверьте, @Волк');
  const picker = page.getByRole('listbox', { name: 'Упомянуть сотрудника' });
  await expect(picker.getByText(PEOPLE.headSales.name)).toBeVisible();
  await crmShot(page, 'editor-mention-menu');
  await box.press('Enter');
  await expect(box.locator('span[data-mention]')).toHaveText(`@${PEOPLE.headSales.name}`);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Вставить картинку' }).click();
  await (await chooser).setFiles({ name: 'схема.png', mimeType: 'image/png', buffer: await picture(page) });
  await expect(box.locator('img[src*="/api/files/"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Отправить' })).toBeEnabled();
  await crmShot(page, 'editor-table-image');

  await page.getByRole('button', { name: 'Отправить' }).click();
  const history = page.getByRole('list', { name: 'История' });
  const comment = history.getByRole('listitem').filter({ hasText: 'Итоги встречи' });
  await expect(comment).toBeVisible();
  await expect(comment.locator('strong')).toHaveText('Итоги встречи');
  await expect(comment.locator('table th')).toHaveText(['Этап', 'Срок']);
  await expect(comment.locator('span[data-mention]')).toHaveText(`@${PEOPLE.headSales.name}`);
  const img = comment.locator('img');
  await expect(img).toHaveAttribute('src', /^\/api\/files\/\d+$/);
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(240);
  // The picture is shown in the text, not listed again under it.
  await expect(comment.getByRole('link', { name: /схема\.png/ })).toHaveCount(0);
  await crmShot(page, 'editor-comment-sent');

  // What the server keeps has no outside image, script or style, whatever is sent.
  const sent = await api<{ html: string }>(page, 'POST', `/api/comments/deal/${deal.id}`, {
    html: '<p style="position:fixed" onclick="x()">Опасно<img src="https://evil.example/p.gif"><a href="javascript:alert(1)">жми</a></p><script>alert(1)</script>',
    mentions: [],
  });
  expect(sent.html).toBe('<p>Опасно<a>жми</a></p>');
});
