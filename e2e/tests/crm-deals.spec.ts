import { expect, test } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { signIn } from '../support/portal';
import { cardDialog, columnCount, columnCountBadge, crmShot, dragCardTo, kanbanBoard, kanbanCard, kanbanColumn, toast, unique } from '../support/crm-helpers';

const FIRST = 'Новая';
const WORK = 'В работе';
const FINAL = 'Финальный счёт';

test('a deal made on the Kanban goes to «В работе» by drag and drop, then on by the stage bar, and its history says so', async ({ page }) => {
  await signIn(page, PEOPLE.admin, { start: '/crm/deal/kanban' });
  await expect(kanbanBoard(page)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Вид' }).getByRole('link', { name: 'Канбан' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('combobox', { name: 'Воронка' })).toHaveValue('Продажи');

  // Quick create: title and Enter in the first column.
  const title = unique('Сделка e2e канбан');
  const firstCol = kanbanColumn(page, FIRST);
  const workCol = kanbanColumn(page, WORK);
  await expect(firstCol).toBeVisible();
  const quick = firstCol.getByRole('textbox', { name: 'Быстрое создание сделки' });
  await quick.fill(title);
  await quick.press('Enter');
  await expect(toast(page, `Сделка «${title}» создана`)).toBeVisible();
  const card = kanbanCard(firstCol, title);
  await expect(card).toBeVisible();
  await expect(card.getByRole('link', { name: title })).toBeVisible();
  await expect(quick).toHaveValue('');
  await crmShot(page, 'deals-kanban-created');

  // Drag it to «В работе»: the columns' counts follow.
  const firstBefore = await columnCount(page, FIRST);
  const workBefore = await columnCount(page, WORK);
  await dragCardTo(page, card, workCol);
  await expect(toast(page, `Сделка «${title}» перенесена в «${WORK}»`)).toBeVisible();
  await expect(kanbanCard(workCol, title)).toBeVisible();
  await expect(kanbanCard(firstCol, title)).toHaveCount(0);
  await expect(columnCountBadge(page, FIRST, firstBefore - 1)).toBeVisible();
  await expect(columnCountBadge(page, WORK, workBefore + 1)).toBeVisible();
  await crmShot(page, 'deals-kanban-moved');

  // The server kept it: after a reload the deal is still in «В работе».
  await page.reload();
  await expect(kanbanCard(kanbanColumn(page, WORK), title)).toBeVisible();
  await expect(kanbanCard(kanbanColumn(page, FIRST), title)).toHaveCount(0);

  // The card over the board: the stage bar moves it on.
  await kanbanCard(kanbanColumn(page, WORK), title).getByRole('link', { name: title }).click();
  const dialog = cardDialog(page, `Сделка: ${title}`);
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/\/crm\/deal\/details\/\d+$/);
  const stages = dialog.getByRole('group', { name: 'Стадии' });
  await expect(stages.getByRole('button', { name: `${WORK} (текущая стадия)` })).toHaveAttribute('aria-pressed', 'true');
  await stages.getByRole('button', { name: `Перевести на стадию «${FINAL}»` }).click();
  await expect(toast(page, `Стадия изменена: «${FINAL}»`)).toBeVisible();
  await expect(stages.getByRole('button', { name: `${FINAL} (текущая стадия)` })).toHaveAttribute('aria-pressed', 'true');

  // The timeline: the stage changes, newest first.
  const history = dialog.getByRole('list', { name: 'История' });
  const entries = history.getByRole('listitem');
  await expect(entries.first()).toContainText(`Стадия: ${WORK} → ${FINAL}`);
  await expect(entries.first()).toContainText(PEOPLE.admin.name);
  await expect(entries.filter({ hasText: `Стадия: ${FIRST} → ${WORK}` })).toHaveCount(1);
  await expect(entries.last()).toContainText('Запись создана');
  await crmShot(page, 'deals-card-stage');

  // Closing the card: the board behind it shows the deal in its new column.
  await dialog.getByRole('button', { name: 'Закрыть карточку' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/crm\/deal\/kanban/);
  await expect(kanbanCard(kanbanColumn(page, FINAL), title)).toBeVisible();
});
