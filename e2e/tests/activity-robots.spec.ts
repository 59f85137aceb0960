import { expect, test, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { shot, signIn } from '../support/portal';
import { api, createDeal, stageId, toast, unique, type PipelineRef } from '../support/crm-helpers';

const WORK = 'В работе';

const column = (page: Page, stage: string) => page.getByRole('region', { name: `Стадия «${stage}»` });

test('«Создать дело» plans a call when a deal enters the stage, and «Дело выполнено» moves the deal on when it is done', async ({ page }) => {
  test.slow();
  await signIn(page, PEOPLE.admin);
  const pipeline = await api<PipelineRef>(page, 'POST', '/api/crm/pipelines', { name: unique('Воронка дел') });
  const next = pipeline.stages[pipeline.stages.findIndex((s) => s.name === WORK) + 1]!;
  await page.goto(`/crm/automation/${pipeline.id}`);

  // The robot in «В работе».
  await column(page, WORK)
    .getByRole('button', { name: `Добавить робота: ${WORK}` })
    .click();
  await page
    .getByRole('dialog', { name: `Добавить робота: стадия «${WORK}»` })
    .getByRole('listitem', { name: 'Создать дело' })
    .click();
  let form = page.getByRole('dialog', { name: `Создать дело: стадия «${WORK}»` });
  await expect(form).toBeVisible();
  const subject = unique('Позвонить клиенту');
  await form.getByRole('textbox', { name: 'Тема' }).fill(`${subject} по {{title}}`);
  await expect(form.getByRole('textbox', { name: 'Название', exact: true })).toHaveValue(`${subject} по {{title}}`);
  await expect(form.getByRole('combobox', { name: 'Напомнить' })).toHaveValue('За 15 минут');
  await shot(page, 'automation-activity-robot');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, `Добавлено: «${subject} по {{title}}»`)).toBeVisible();

  // The trigger in the next stage: a completed call.
  await column(page, next.name)
    .getByRole('button', { name: `Триггер: ${next.name}` })
    .click();
  await page
    .getByRole('dialog', { name: `Добавить триггер: стадия «${next.name}»` })
    .getByRole('listitem', { name: 'Дело выполнено' })
    .click();
  form = page.getByRole('dialog', { name: `Дело выполнено: стадия «${next.name}»` });
  await expect(form).toBeVisible();
  await form.getByRole('combobox', { name: 'Какое дело' }).click();
  await page.getByRole('option', { name: 'Звонок' }).click();
  await shot(page, 'automation-activity-trigger');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(toast(page, 'Добавлено: «Дело выполнено»')).toBeVisible();

  // A deal entering «В работе» gets its call; completing it moves the deal on.
  const deal = await createDeal(page, { title: unique('Сделка с делом'), pipelineId: pipeline.id, stageId: stageId(pipeline, WORK) });
  let activityId = 0;
  await expect
    .poll(async () => {
      const list = await api<{ items: { id: number; subject: string; type: string }[] }>(page, 'GET', `/api/crm/activities?ownerType=deal&ownerId=${deal.id}&view=all`);
      activityId = list.items[0]?.id ?? 0;
      return list.items.map((a) => `${a.type}: ${a.subject}`);
    })
    .toEqual([`call: ${subject} по ${deal.title}`]);
  await api(page, 'POST', `/api/crm/activities/${activityId}/complete`, { completed: true });
  await expect.poll(async () => (await api<{ stageId: number }>(page, 'GET', `/api/crm/deals/${deal.id}`)).stageId).toBe(next.id);
});
