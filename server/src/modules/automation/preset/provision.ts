import type { Condition, RobotConfig, RobotStart, RobotType, RuleInput, TriggerConfig, TriggerType, Who } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import {
  assignRoleToDepartment,
  createRole,
  defaultEmployeePermissions,
  defaultHeadPermissions,
  provisionDealField,
  provisionDealLayout,
  provisionPipeline,
  stageRows,
  uniformPermissions,
} from '../../crm/api.js';
import { ensureDepartment } from '../../users/api.js';
import { insertRule, recordVersion } from '../rules/store.js';
import { CALL_STAGES, CALLS_PIPELINE, COMPANY_REQUIRED, CONTACT_REQUIRED, RESULT, RESULT_FIELDS, RESULTS_BLOCK, TM_DEPARTMENT, type CallStage } from './codes.js';

/** The words of the rules an administrator then sees in «Роботы»: the portal's own data, in the manual's language. */
export const PRESET_VERSION_SUMMARY = 'Начальная настройка';

const responsible: Who = { kind: 'responsible' };
const is = (field: string, value: string): Condition => ({ join: 'all', terms: [{ owner: 'item', field, op: 'eq', value }] });
const onField = (field: string, afterPrevious = false): RobotStart => ({ on: 'field', field, afterPrevious, delay: { mode: 'now' } });
const onEntry: RobotStart = { on: 'entry', afterPrevious: false, delay: { mode: 'now' } };

/**
 * A new portal's «Воронка обзвона» (SPEC §10), made only of the engine's robots and triggers so
 * that an administrator sees and changes each of them in «Роботы»: the pipeline and its stages,
 * the «Результаты» fields and the card that shows them (a company required), the department
 * «Отдел телемаркетинга», the rules stage by stage, and their first version.
 */
export async function provisionCalls(ctx: Ctx): Promise<void> {
  const pipelineId = await provisionPipeline(ctx, { ...CALLS_PIPELINE, stages: CALL_STAGES });
  for (const f of RESULT_FIELDS) await provisionDealField(ctx, { ...f, type: 'list', settings: { result: true } });
  await provisionDealLayout(ctx, pipelineId, {
    // The telemarketer's card: who the client is, then the results of the calls, then the rest.
    blocks: [
      { id: 'main', title: 'О сделке', fields: ['title', 'stage', 'company', 'contacts', 'responsible'] },
      { id: RESULTS_BLOCK, title: 'Результаты', fields: RESULT_FIELDS.map((f) => f.code) },
      { id: 'more', title: 'Подробнее', fields: ['amount', 'observers', 'beginDate', 'closeDate', 'comments', 'clientPath'] },
    ],
    required: ['company'],
  });
  const departmentId = await ensureDepartment(ctx, TM_DEPARTMENT);
  await provisionRoles(ctx, pipelineId, departmentId);

  const existing = await scoped(ctx).selectFrom('automation_rule').select('id').where('pipeline_id', '=', pipelineId).limit(1).executeTakeFirst();
  if (existing) return;
  const stages = await stageRows(ctx, pipelineId);
  const stage = (code: CallStage) => stages.find((s) => s.code === code)!.id;
  const sales = await scoped(ctx).selectFrom('crm_pipeline').select('id').where('entity_type', '=', 'deal').where('code', '=', 'sales').executeTakeFirst();

  const robot = <T extends RobotType>(at: CallStage, type: T, name: string, config: RobotConfig<T>, start: RobotStart = onEntry, condition: Condition | null = null) =>
    insertRule(ctx, pipelineId, { kind: 'robot', stageId: stage(at), type, name, config: config as Record<string, unknown>, condition, start } satisfies RuleInput);
  const trigger = <T extends TriggerType>(at: CallStage, type: T, name: string, config: TriggerConfig<T>) =>
    insertRule(ctx, pipelineId, { kind: 'trigger', stageId: stage(at), type, name, config: config as Record<string, unknown>, condition: null, start: onEntry });
  const task = (title: string, who: Who, days: number, locked: boolean, description = ''): RobotConfig<'task.create'> => ({
    title,
    description,
    responsible: who,
    deadline: { amount: days, unit: 'workdays' },
    deadlineLocked: locked,
    checklist: [],
    observers: [],
  });
  const contactCheck = (field: string): RobotConfig<'fields.check'> => ({
    owner: 'contact',
    fields: CONTACT_REQUIRED,
    onFailure: {
      notify: [responsible],
      comment: '{{missing}}. Сделка остаётся на стадии «{{stage}}»: заполните карточку контакта и снова выберите «Да» в поле «' + RESULT_FIELDS.find((f) => f.code === field)!.label + '».',
      task: null,
    },
  });

  // «Новая заявка»: the head of the department distributes the request; closing the task moves the deal on.
  const distribute = await robot(
    'NEW',
    'task.create',
    'Распределить заявку',
    task('Распределить заявку: {{title}}', { kind: 'department_head', departmentId }, 1, false, 'Назначьте ответственного за сделку «{{title}}» в поле «Ответственный» и закройте задачу.'),
  );
  await trigger('UNSORTED', 'task.completed', 'Задача «Распределить заявку» выполнена', { allowBackwards: false, ruleId: distribute });

  // «Неразобранные»: qualify; «Да» with the company filled → «Первичный контакт», «Нет» → «Не наш профиль».
  const qualify = await robot(
    'UNSORTED',
    'task.create',
    'Квалифицировать заявку',
    task('Квалифицировать заявку', responsible, 1, true, 'Соберите информацию о компании, свяжитесь с клиентом и выберите результат в поле «Квалифицировать» блока «Результаты».'),
  );
  // The answers that act alone come first: the chain of «Да» moves the deal on, which ends the stage's other runs.
  await robot('UNSORTED', 'stage.change', 'Перевести в «Не наш профиль»', { stageId: stage('NOT_OUR') }, onField(RESULT.qualify), is(RESULT.qualify, 'no'));
  await robot(
    'UNSORTED',
    'fields.check',
    'Проверить обязательные поля компании',
    {
      owner: 'company',
      fields: COMPANY_REQUIRED,
      onFailure: {
        notify: [responsible],
        comment: null,
        task: { title: 'Заполнить данные компании: {{company}}', responsible, deadline: { amount: 1, unit: 'workdays' }, deadlineLocked: false },
      },
    },
    onField(RESULT.qualify),
    is(RESULT.qualify, 'yes'),
  );
  await robot('UNSORTED', 'task.complete', 'Завершить задачу «Квалифицировать заявку»', { task: { kind: 'robot', ruleId: qualify } }, onField(RESULT.qualify, true), is(RESULT.qualify, 'yes'));
  await robot('UNSORTED', 'stage.change', 'Перевести в «Первичный контакт»', { stageId: stage('CONTACT') }, onField(RESULT.qualify, true), is(RESULT.qualify, 'yes'));

  // «Первичный контакт» and «Тёплые»: the same three answers, the contact checked on «Да».
  const ask = async (at: CallStage, title: string, field: string, next: CallStage, description: string) => {
    const made = await robot(at, 'task.create', title, task(title, responsible, 3, true, description));
    const ref = { kind: 'robot' as const, ruleId: made };
    await robot(at, 'task.deadline.shift', 'Перенести крайний срок на 30 дней', { task: ref, days: 30 }, onField(field), is(field, 'no'));
    await robot(
      at,
      'task.deadline.request',
      'Запросить новый крайний срок',
      { task: ref, who: responsible, prompt: `Укажите новый крайний срок задачи «${title}»` },
      onField(field),
      is(field, 'no_answer'),
    );
    await robot(at, 'fields.check', 'Проверить обязательные поля контакта', contactCheck(field), onField(field), is(field, 'yes'));
    await robot(at, 'task.complete', `Завершить задачу «${title}»`, { task: ref }, onField(field, true), is(field, 'yes'));
    await robot(at, 'stage.change', `Перевести в «${CALL_STAGES.find((s) => s.code === next)!.name}»`, { stageId: stage(next) }, onField(field, true), is(field, 'yes'));
  };
  await ask(
    'CONTACT',
    'Найти ЛПР',
    RESULT.findLpr,
    'WARM',
    'Найдите лицо, принимающее решения, заполните его карточку контакта (ФИО, телефон, email, должность) и выберите результат в поле «Найти ЛПР».',
  );
  await ask('WARM', 'Узнать интерес', RESULT.interestWarm, 'HOT', 'Узнайте интерес клиента и выберите результат в поле «Узнать интерес (Тёплые)».');

  // «Горячие»: «Нет работы» → +30 days, «Обещали заявку» → a second task, «Недозвон» → a new deadline.
  const interest = await robot('HOT', 'task.create', 'Узнать интерес', task('Узнать интерес', responsible, 3, true, 'Узнайте интерес клиента и выберите результат в поле «Узнать интерес (Горячие)».'));
  const ref = { kind: 'robot' as const, ruleId: interest };
  await robot('HOT', 'task.deadline.shift', 'Перенести крайний срок на 30 дней', { task: ref, days: 30 }, onField(RESULT.interestHot), is(RESULT.interestHot, 'no_work'));
  await robot(
    'HOT',
    'task.create',
    'Обещали заявку',
    task('Обещали заявку', responsible, 3, true, 'Клиент пообещал заявку по сделке «{{title}}»: заполните задачу по итогам разговора.'),
    onField(RESULT.interestHot),
    is(RESULT.interestHot, 'promised'),
  );
  await robot(
    'HOT',
    'task.deadline.request',
    'Запросить новый крайний срок',
    { task: ref, who: responsible, prompt: 'Укажите новый крайний срок задачи «Узнать интерес»' },
    onField(RESULT.interestHot),
    is(RESULT.interestHot, 'no_answer'),
  );
  // The cross-pipeline rule: a company with a deal in «Продажи» moves its call deal to «Горячие».
  if (sales) await trigger('HOT', 'pipeline.item', 'Сделка в воронке «Продажи»', { allowBackwards: false, pipelineId: sales.id, stageKinds: ['progress', 'success'] });

  await recordVersion(ctx, pipelineId, PRESET_VERSION_SUMMARY);
}

/**
 * The telemarketing department's rights in «Воронка обзвона», as in Bitrix24: its employees
 * work their own call deals, its head the department's; elsewhere they keep what «Сотрудник»
 * and «Руководитель отдела» give (a department's role takes the default role's place).
 */
async function provisionRoles(given: Ctx, pipelineId: number, departmentId: number): Promise<void> {
  // A portal is set up inside its creator's transaction: the role services join it (nobody hears a portal not yet made).
  const ctx: Ctx = given.tx ? given : { ...given, tx: { afterCommit: [] } };
  const exists = await scoped(ctx).selectFrom('crm_role').select('id').where('name', '=', TM_ROLE_EMPLOYEE).executeTakeFirst();
  if (exists) return;
  const calls = (scope: 'own' | 'department') => ({ ...uniformPermissions(scope).deal, import: 'none' as const });
  const employee = await createRole(ctx, { name: TM_ROLE_EMPLOYEE, permissions: defaultEmployeePermissions(), dealPipelines: { [pipelineId]: calls('own') } });
  await assignRoleToDepartment(ctx, employee.id, departmentId, { members: true });
  const head = await createRole(ctx, { name: TM_ROLE_HEAD, permissions: defaultHeadPermissions(), dealPipelines: { [pipelineId]: calls('department') } });
  await assignRoleToDepartment(ctx, head.id, departmentId, { members: false, head: true });
}

export const TM_ROLE_EMPLOYEE = 'Телемаркетинг: сотрудник';
export const TM_ROLE_HEAD = 'Телемаркетинг: руководитель';
