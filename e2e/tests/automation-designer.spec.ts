import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api, createDeal, stageId, toast, unique, type PipelineRef } from '../support/crm-helpers';

const WORK = 'В работе';

function column(page: Page, stage: string): Locator {
  return page.getByRole('region', { name: `Стадия «${stage}»` });
}

function robots(page: Page, stage: string): Locator {
  return page.getByRole('list', { name: `Роботы: ${stage}` });
}

async function robotNames(page: Page, stage: string): Promise<string[]> {
  return robots(page, stage)
    .getByRole('listitem')
    .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
}

async function addRobot(page: Page, stage: string, type: string) {
  await column(page, stage)
    .getByRole('button', { name: `Добавить робота: ${stage}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Добавить робота: стадия «${stage}»` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('listitem', { name: type }).click();
  const form = page.getByRole('dialog', { name: `${type}: стадия «${stage}»` });
  await expect(form).toBeVisible();
  return form;
}

test('an administrator adds robots to a stage of a pipeline, reorders them, restores an earlier version, and the log lists the run after a deal enters the stage', async ({ page }) => {
  test.slow();
  await signIn(page, PEOPLE.admin);
  const pipeline = await api<PipelineRef>(page, 'POST', '/api/crm/pipelines', { name: unique('Воронка роботов') });

  // «Роботы» on the deals page opens the designer of the chosen pipeline.
  await page.goto(`/crm/deal/kanban?pipeline=${pipeline.id}`);
  await page.getByRole('link', { name: 'Роботы' }).click();
  await expect(page).toHaveURL(new RegExp(`/crm/automation/${pipeline.id}$`));
  await expect(page.getByRole('combobox', { name: 'Воронка' })).toHaveValue(pipeline.name);
  await expect(column(page, WORK)).toContainText('Роботов пока нет');

  // «Создать задачу» in «В работе».
  const taskTitle = unique('Позвонить клиенту');
  let form = await addRobot(page, WORK, 'Создать задачу');
  await form.getByRole('textbox', { name: 'Название задачи' }).fill(taskTitle);
  await expect(form.getByRole('textbox', { name: 'Название', exact: true })).toHaveValue(taskTitle);
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, `Добавлено: «${taskTitle}»`)).toBeVisible();
  await expect(robots(page, WORK).getByRole('listitem', { name: taskTitle })).toBeVisible();
  await expect(robots(page, WORK).getByRole('listitem', { name: taskTitle })).toContainText('При попадании на стадию · сразу');

  // A second robot, then the arrows put it first.
  const commentName = unique('Комментарий робота');
  form = await addRobot(page, WORK, 'Добавить комментарий');
  await form.getByRole('textbox', { name: 'Название', exact: true }).fill(commentName);
  await form.getByRole('textbox', { name: 'Текст комментария' }).fill('Сделка {{title}} в работе');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, `Добавлено: «${commentName}»`)).toBeVisible();
  await expect.poll(() => robotNames(page, WORK)).toEqual([taskTitle, commentName]);
  await shot(page, 'automation-designer-added');

  await robots(page, WORK)
    .getByRole('button', { name: `Выше: ${commentName}` })
    .click();
  await expect(toast(page, 'Порядок изменён')).toBeVisible();
  await expect.poll(() => robotNames(page, WORK)).toEqual([commentName, taskTitle]);
  await page.reload();
  await expect.poll(() => robotNames(page, WORK)).toEqual([commentName, taskTitle]);

  // The history lists the changes; restoring the version before the reorder puts the task first again.
  const versions = await api<{ number: number }[]>(page, 'GET', `/api/automation/pipelines/${pipeline.id}/versions`);
  const beforeReorder = Math.max(...versions.map((v) => v.number)) - 1;
  await page.getByRole('button', { name: 'История' }).click();
  const history = page.getByRole('dialog', { name: /^История изменений/ });
  await expect(history).toBeVisible();
  await expect(history.getByText(taskTitle, { exact: false }).first()).toBeVisible();
  await expect(history.getByText(PEOPLE.admin.name, { exact: false }).first()).toBeVisible();
  await shot(page, 'automation-designer-history');
  await history.getByRole('button', { name: `Восстановить: Версия ${beforeReorder}` }).click();
  const confirm = page.getByRole('dialog', { name: `Восстановить версию ${beforeReorder}?` });
  await confirm.getByRole('button', { name: 'Восстановить' }).click();
  await expect(toast(page, `Версия ${beforeReorder} восстановлена`)).toBeVisible();
  await expect(history.getByText(new RegExp(`восстановлена версия ${beforeReorder}`, 'i')).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect.poll(() => robotNames(page, WORK)).toEqual([taskTitle, commentName]);

  // A deal entering «В работе»: the log lists the robot's run.
  const dealTitle = unique('Сделка с роботом');
  const deal = await createDeal(page, { title: dealTitle, pipelineId: pipeline.id, stageId: stageId(pipeline, 'Новая') });
  const fresh = await api<{ version: number }>(page, 'GET', `/api/crm/deals/${deal.id}`);
  await api(page, 'POST', `/api/crm/deals/${deal.id}/stage`, { stageId: stageId(pipeline, WORK), version: fresh.version });

  await page.getByRole('link', { name: 'Журнал роботов' }).click();
  await expect(page).toHaveURL(/\/crm\/automation\/log/);
  const table = page.getByRole('table', { name: 'Запуски роботов' });
  const row = table.getByRole('row').filter({ hasText: dealTitle }).filter({ hasText: taskTitle });
  await expect(async () => {
    await page.reload();
    await expect(row.getByText('Выполнен')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await shot(page, 'automation-designer-log');
  await row.getByRole('link', { name: dealTitle }).click();
  await expect(page).toHaveURL(new RegExp(`/crm/deal/details/${deal.id}`));
});

test('an employee sees no «Роботы» on the deals page and may not open the designer', async ({ page }) => {
  await signIn(page, PEOPLE.tm2, { start: '/crm/deal/kanban' });
  await expect(page.getByRole('combobox', { name: 'Воронка' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Роботы' })).toHaveCount(0);
  await page.goto('/crm/automation');
  await expect(page.getByText('Нет доступа')).toBeVisible();
  await page.goto('/crm/automation/log');
  await expect(page.getByText('Нет доступа')).toBeVisible();
});
