import { crmEvents } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { StageKind } from '../schema.js';
import { DEFAULT_ROLES } from '../rights.js';
import { buildSearchText } from '../values.js';
import { productRows } from '../deals/products.js';
import { insertDeal } from '../deals/store.js';
import { stageRows } from './repository.js';

interface StageDef {
  code: string;
  name: string;
  color: string;
  kind: StageKind;
}

/** The stages of «Продажи», with the colours Bitrix24 users know. */
export const SALES_STAGES: StageDef[] = [
  { code: 'NEW', name: 'Новая', color: '#39a8ef', kind: 'progress' },
  { code: 'PREPARATION', name: 'Подготовка документов', color: '#2fc6f6', kind: 'progress' },
  { code: 'PREPAYMENT_INVOICE', name: 'Счёт на предоплату', color: '#55d0e0', kind: 'progress' },
  { code: 'EXECUTING', name: 'В работе', color: '#47e4c2', kind: 'progress' },
  { code: 'FINAL_INVOICE', name: 'Финальный счёт', color: '#ffa900', kind: 'progress' },
  { code: 'WON', name: 'Сделка успешна', color: '#7bd500', kind: 'success' },
  { code: 'LOSE', name: 'Сделка провалена', color: '#ff5752', kind: 'failure' },
];

export const LEAD_STATUSES: StageDef[] = [
  { code: 'NEW', name: 'Не обработан', color: '#39a8ef', kind: 'progress' },
  { code: 'IN_PROCESS', name: 'В работе', color: '#2fc6f6', kind: 'progress' },
  { code: 'PROCESSED', name: 'Обработан', color: '#55d0e0', kind: 'progress' },
  { code: 'CONVERTED', name: 'Качественный лид', color: '#7bd500', kind: 'success' },
  { code: 'JUNK', name: 'Некачественный лид', color: '#ff5752', kind: 'failure' },
];

/** The stages a pipeline an administrator adds starts with: one of each kind and a working one. */
export const NEW_PIPELINE_STAGES: StageDef[] = [
  { code: 'NEW', name: 'Новая', color: '#39a8ef', kind: 'progress' },
  { code: 'EXECUTING', name: 'В работе', color: '#47e4c2', kind: 'progress' },
  { code: 'WON', name: 'Сделка успешна', color: '#7bd500', kind: 'success' },
  { code: 'LOSE', name: 'Сделка провалена', color: '#ff5752', kind: 'failure' },
];

export async function insertStages(ctx: Ctx, entity: 'deal' | 'lead', pipelineId: number | null, defs: StageDef[]): Promise<void> {
  await scoped(ctx)
    .insertInto(
      'crm_stage',
      defs.map((s, i) => ({ entity_type: entity, pipeline_id: pipelineId, name: s.name, code: s.code, color: s.color, sort: (i + 1) * 10, kind: s.kind, version: 1 })),
    )
    .execute();
}

/** A new portal's CRM: the «Продажи» pipeline with its stages, lead statuses and the default roles. */
export async function provisionCrm(ctx: Ctx): Promise<void> {
  const pipeline = await scoped(ctx)
    .insertInto('crm_pipeline', { entity_type: 'deal', name: 'Продажи', code: 'sales', sort: 10, is_default: 1, version: 1, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertStages(ctx, 'deal', pipeline.id, SALES_STAGES);
  await insertStages(ctx, 'lead', null, LEAD_STATUSES);

  await scoped(ctx)
    .insertInto(
      'crm_role',
      DEFAULT_ROLES.map((r) => ({ name: r.name, permissions: JSON.stringify({ ...r.permissions(), ...r.goods }), is_default: r.isDefault ? 1 : 0, version: 1 })),
    )
    .execute();
  await recordEvent(ctx, crmEvents.pipelineCreated, { entityType: 'pipeline', entityId: pipeline.id, payload: { name: 'Продажи', code: 'sales' } });
}

/** Gives users one of the portal's roles by its name (the demo data: heads of departments get «Руководитель отдела»). */
export async function assignRoleByName(ctx: Ctx, name: string, userIds: number[]): Promise<void> {
  const role = await scoped(ctx).selectFrom('crm_role').select('id').where('name', '=', name).executeTakeFirst();
  if (!role || !userIds.length) return;
  await scoped(ctx)
    .insertInto(
      'crm_role_user',
      userIds.map((user_id) => ({ role_id: role.id, user_id })),
    )
    .execute();
}

const DEMO_DEALS: { title: string; stage: string; amount?: number; products?: [string, number, number][]; closeInDays: number }[] = [
  { title: 'Дизайн-проект офиса на Тверской', stage: 'NEW', amount: 850_000, closeInDays: 30 },
  { title: 'Интерьер ресторана «Пряности»', stage: 'NEW', amount: 1_240_000, closeInDays: 45 },
  { title: 'Концепция коворкинга «Точка роста»', stage: 'NEW', amount: 560_000, closeInDays: 21 },
  {
    title: 'Реконструкция фасада бизнес-центра',
    stage: 'PREPARATION',
    products: [
      ['Обмерные работы', 120_000, 1],
      ['Эскизный проект фасада', 380_000, 1],
      ['Рабочая документация', 95_000, 4],
    ],
    closeInDays: 40,
  },
  { title: 'Благоустройство территории ЖК «Северный»', stage: 'PREPARATION', amount: 2_300_000, closeInDays: 60 },
  { title: 'Ландшафтный проект загородного дома', stage: 'PREPAYMENT_INVOICE', amount: 420_000, closeInDays: 14 },
  {
    title: 'Дизайн интерьера клиники «Здоровье+»',
    stage: 'PREPAYMENT_INVOICE',
    products: [
      ['Планировочное решение', 3_500, 240],
      ['Визуализация помещения', 18_000, 12],
    ],
    closeInDays: 25,
  },
  { title: 'Проект освещения торгового центра', stage: 'EXECUTING', amount: 1_780_000, closeInDays: 35 },
  { title: 'Перепланировка квартиры на Остоженке', stage: 'EXECUTING', amount: 640_000, closeInDays: 10 },
  { title: 'Дизайн стенда для выставки «Иннопром»', stage: 'EXECUTING', amount: 310_000, closeInDays: 7 },
  {
    title: 'Визуализация коттеджного посёлка',
    stage: 'FINAL_INVOICE',
    products: [
      ['3D-визуализация дома', 45_000, 8],
      ['Видеоролик облёта', 150_000, 1],
    ],
    closeInDays: 5,
  },
  { title: 'Авторский надзор: шоурум на Петровке', stage: 'FINAL_INVOICE', amount: 275_000, closeInDays: 3 },
  { title: 'Интерьер детского сада «Солнышко»', stage: 'WON', amount: 980_000, closeInDays: -12 },
  { title: 'Ребрендинг офиса банка', stage: 'WON', amount: 3_150_000, closeInDays: -30 },
  { title: 'Проект мебели для отеля «Волга»', stage: 'LOSE', amount: 720_000, closeInDays: -8 },
];

/** Demo deals across the «Продажи» stages, with companies, contacts and responsible employees. */
export async function seedDemoDeals(ctx: Ctx, refs: { companyIds: number[]; contactIds: number[]; userIds: number[] }): Promise<number[]> {
  const pipeline = await scoped(ctx).selectFrom('crm_pipeline').select('id').where('code', '=', 'sales').executeTakeFirst();
  if (!pipeline) return [];
  const stages = await stageRows(ctx, pipeline.id);
  const companies = refs.companyIds.length ? await scoped(ctx).selectFrom('crm_company').select(['id', 'title', 'responsible_id']).where('id', 'in', refs.companyIds).execute() : [];
  const contacts = refs.contactIds.length ? await scoped(ctx).selectFrom('crm_contact').select(['id', 'responsible_id']).where('id', 'in', refs.contactIds).execute() : [];
  const titleOf = new Map(companies.map((c) => [c.id, c.title]));
  // The deals name clients of their own responsibles' department, so that the people working on
  // them read the names under the default roles (the others' clients would read «Скрыто»).
  const sellers = new Set(refs.userIds);
  const ours = <T extends { id: number; responsible_id: number | null }>(rows: T[], all: number[]) => {
    const mine = rows.filter((r) => r.responsible_id !== null && sellers.has(r.responsible_id)).map((r) => r.id);
    return mine.length ? mine : all;
  };
  const companyPool = ours(companies, refs.companyIds);
  const contactPool = ours(contacts, refs.contactIds);
  const pick = <T>(list: T[], i: number): T | null => (list.length ? list[i % list.length]! : null);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const ids: number[] = [];
  for (const [i, d] of DEMO_DEALS.entries()) {
    const stage = stages.find((s) => s.code === d.stage) ?? stages[0]!;
    const products = d.products
      ? productRows(
          d.products.map(([name, price, quantity]) => ({ name, price: String(price), quantity, taxPercent: 20, taxIncluded: true })),
          [],
        )
      : null;
    const companyId = pick(companyPool, i);
    const contactId = pick(contactPool, i);
    ids.push(
      await insertDeal(ctx, {
        title: d.title,
        stage,
        amount: products ? products.total : d.amount! * 100,
        products: products?.rows,
        companyId,
        contactIds: contactId ? [contactId] : [],
        responsibleId: pick(refs.userIds, i),
        beginDate: day(d.closeInDays - 30),
        closeDate: day(d.closeInDays),
        source: pick(['Сайт', 'Звонок', 'Рекомендация', 'Выставка'], i),
        searchText: buildSearchText([d.title, companyId ? titleOf.get(companyId) : null]),
      }),
    );
  }
  return ids;
}
