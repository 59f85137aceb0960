import type { Ctx } from '../../../platform/context.js';
import type { DemoSeed } from '../../../platform/registry/registry.js';
import { scoped } from '../../../platform/db/scoped.js';
import { actorCtx } from '../../../platform/context.js';
import { createDeal, createItem, stageRows } from '../../crm/api.js';
import { actorFor } from '../../users/api.js';
import { CALLS_PIPELINE, RESULT, type CallStage } from './codes.js';

/** A 10-digit ИНН of an organisation: nine digits and their check digit. */
function inn(first9: string): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  return first9 + String((w.reduce((s, k, i) => s + k * Number(first9[i]), 0) % 11) % 10);
}

interface DemoClient {
  company: string;
  industry?: string;
  revenue?: string;
  inn?: string;
  phone: string;
  email: string;
  /** The decision maker; without a position the «Найти ЛПР — Да» check stops the deal. */
  contact: { lastName: string; firstName: string; position?: string; phone: string; email: string };
}

/** Prospects of the telemarketing department: some with every field «Квалифицировать — Да» needs, some without ИНН or выручка. */
const CLIENTS: DemoClient[] = [
  {
    company: 'ООО «Вектор Строй»',
    industry: 'Строительство',
    revenue: '128000000.00',
    inn: inn('771234560'),
    phone: '+7 495 301-12-01',
    email: 'office@vector-stroy.ru',
    contact: { lastName: 'Григорьев', firstName: 'Павел', position: 'Генеральный директор', phone: '+7 916 301-12-01', email: 'grigoriev@vector-stroy.ru' },
  },
  {
    company: 'ООО «Логистик Плюс»',
    industry: 'Услуги',
    revenue: '54000000.00',
    phone: '+7 495 301-12-02',
    email: 'info@logistic-plus.ru',
    contact: { lastName: 'Андреева', firstName: 'Светлана', phone: '+7 916 301-12-02', email: 'andreeva@logistic-plus.ru' },
  },
  {
    company: 'АО «Фармацевт»',
    industry: 'Медицина',
    revenue: '310000000.00',
    inn: inn('502398761'),
    phone: '+7 495 301-12-03',
    email: 'contact@pharmacevt.ru',
    contact: { lastName: 'Лебедев', firstName: 'Константин', position: 'Коммерческий директор', phone: '+7 916 301-12-03', email: 'lebedev@pharmacevt.ru' },
  },
  {
    company: 'ООО «Кофейня на углу»',
    industry: 'Торговля',
    inn: inn('770954321'),
    phone: '+7 495 301-12-04',
    email: 'hello@coffee-corner.ru',
    contact: { lastName: 'Орлова', firstName: 'Наталья', position: 'Управляющая', phone: '+7 916 301-12-04', email: 'orlova@coffee-corner.ru' },
  },
  {
    company: 'ООО «Цифровые решения»',
    industry: 'Информационные технологии',
    revenue: '76500000.00',
    inn: inn('772811223'),
    phone: '+7 495 301-12-05',
    email: 'sales@digital-solutions.ru',
    contact: { lastName: 'Семёнов', firstName: 'Артём', position: 'Технический директор', phone: '+7 916 301-12-05', email: 'semenov@digital-solutions.ru' },
  },
  {
    company: 'ООО «Мебельная фабрика Уют»',
    industry: 'Производство',
    revenue: '212000000.00',
    inn: inn('503312345'),
    phone: '+7 495 301-12-06',
    email: 'zakaz@uyut-mebel.ru',
    contact: { lastName: 'Кириллова', firstName: 'Ольга', phone: '+7 916 301-12-06', email: 'kirillova@uyut-mebel.ru' },
  },
];

/** Two deals a stage, one for each telemarketer, with the results their stage implies. */
const DEALS: { title: string; stage: CallStage; results?: Record<string, string> }[] = [
  { title: 'Заявка с сайта: офис 300 м²', stage: 'NEW' },
  { title: 'Входящий звонок: ремонт склада', stage: 'NEW' },
  { title: 'Заявка: дизайн торгового зала', stage: 'UNSORTED' },
  { title: 'Заявка: проект кафе', stage: 'UNSORTED' },
  { title: 'Обзвон: проект лаборатории', stage: 'CONTACT', results: { [RESULT.qualify]: 'yes' } },
  { title: 'Обзвон: переезд офиса', stage: 'CONTACT', results: { [RESULT.qualify]: 'yes' } },
  { title: 'Обзвон: интерьер шоурума', stage: 'WARM', results: { [RESULT.qualify]: 'yes', [RESULT.findLpr]: 'yes' } },
  { title: 'Обзвон: зона отдыха на фабрике', stage: 'WARM', results: { [RESULT.qualify]: 'yes', [RESULT.findLpr]: 'yes' } },
  { title: 'Обзвон: дизайн аптечной сети', stage: 'HOT', results: { [RESULT.qualify]: 'yes', [RESULT.findLpr]: 'yes', [RESULT.interestWarm]: 'yes' } },
  { title: 'Обзвон: офис IT-компании', stage: 'HOT', results: { [RESULT.qualify]: 'yes', [RESULT.findLpr]: 'yes', [RESULT.interestWarm]: 'yes' } },
  { title: 'Обзвон: реконструкция цеха', stage: 'WON', results: { [RESULT.qualify]: 'yes', [RESULT.findLpr]: 'yes', [RESULT.interestWarm]: 'yes', [RESULT.interestHot]: 'promised' } },
  { title: 'Обзвон: кофейня у метро', stage: 'NOT_OUR', results: { [RESULT.qualify]: 'no' } },
  { title: 'Обзвон: склад в Подольске', stage: 'LOSE', results: { [RESULT.qualify]: 'yes', [RESULT.findLpr]: 'yes', [RESULT.interestWarm]: 'yes', [RESULT.interestHot]: 'no_work' } },
];

/**
 * The demo's call deals, created as the portal creates any deal: each entry is an event in the
 * outbox, so the stage robots make their tasks («Распределить заявку», «Квалифицировать заявку»,
 * «Найти ЛПР»...) once the server runs its processors.
 */
export async function seedDemoCalls(system: Ctx, seed: DemoSeed): Promise<void> {
  const { tm1, tm2, headTm } = seed.users;
  const head = await actorFor(system, headTm);
  if (!tm1 || !tm2 || !head) return;
  // The head of the department brings the requests in, as she would from the card.
  const ctx: Ctx = { ...actorCtx(system, system.portal, head), tx: system.tx };
  const pipeline = await scoped(ctx).selectFrom('crm_pipeline').select('id').where('entity_type', '=', 'deal').where('code', '=', CALLS_PIPELINE.code).executeTakeFirst();
  if (!pipeline) return;
  const stages = await stageRows(ctx, pipeline.id);
  const clients: { companyId: number; contactId: number }[] = [];
  for (const [i, c] of CLIENTS.entries()) {
    const responsibleId = i % 2 === 0 ? tm1 : tm2;
    const company = await createItem(ctx, 'company', {
      title: c.company,
      industry: c.industry ?? null,
      revenue: c.revenue ?? null,
      inn: c.inn ?? null,
      phones: [{ type: 'work', value: c.phone }],
      emails: [{ type: 'work', value: c.email }],
      responsibleId,
      source: 'Звонок',
    });
    const contact = await createItem(ctx, 'contact', {
      lastName: c.contact.lastName,
      firstName: c.contact.firstName,
      position: c.contact.position,
      phones: [{ type: 'mobile', value: c.contact.phone }],
      emails: [{ type: 'work', value: c.contact.email }],
      companyIds: [company.id],
      responsibleId,
    });
    clients.push({ companyId: company.id, contactId: contact.id });
  }
  for (const [i, d] of DEALS.entries()) {
    const client = clients[i % clients.length]!;
    await createDeal(ctx, {
      title: d.title,
      pipelineId: pipeline.id,
      stageId: stages.find((s) => s.code === d.stage)!.id,
      companyId: client.companyId,
      contactIds: [client.contactId],
      responsibleId: i % 2 === 0 ? tm1 : tm2,
      source: 'Звонок',
      custom: d.results ?? {},
    });
  }
}
