import { crmEvents } from '@vavilon/contracts';
import { sql } from 'kysely';
import type { FieldDef, Layout, LayoutView } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { Localized } from '../../../platform/registry/registry.js';
import { fieldDefs } from '../fields.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { parseJson } from '../values.js';

const L = (ru: string, en: string): Localized => ({ ru, en });

/** Card fields that are not list columns (list columns take their labels from specs.ts). */
const CARD_LABELS: Record<string, Localized> = {
  contacts: L('Контакты', 'Contacts'),
  companies: L('Компании', 'Companies'),
  observers: L('Наблюдатели', 'Observers'),
  products: L('Товары', 'Products'),
  comments: L('Комментарий', 'Comment'),
  websites: L('Сайт', 'Website'),
  messengers: L('Мессенджер', 'Messenger'),
  address: L('Адрес', 'Address'),
  kpp: L('КПП', 'KPP'),
  ogrn: L('ОГРН', 'OGRN'),
  lastName: L('Фамилия', 'Last name'),
  firstName: L('Имя', 'First name'),
  middleName: L('Отчество', 'Middle name'),
  photo: L('Фото', 'Photo'),
};

/** The standard fields of each card, in their default order. */
const STANDARD: Record<EntityType, string[]> = {
  deal: ['title', 'stage', 'amount', 'company', 'contacts', 'responsible', 'observers', 'beginDate', 'closeDate', 'source', 'clientPath', 'products', 'comments'],
  company: ['title', 'industry', 'revenue', 'phones', 'emails', 'websites', 'messengers', 'address', 'inn', 'kpp', 'ogrn', 'responsible', 'source', 'clientPath', 'comments'],
  contact: ['lastName', 'firstName', 'middleName', 'photo', 'position', 'birthday', 'phones', 'emails', 'websites', 'messengers', 'companies', 'responsible', 'source', 'clientPath', 'comments'],
  lead: [
    'title',
    'stage',
    'lastName',
    'firstName',
    'middleName',
    'position',
    'companyTitle',
    'amount',
    'phones',
    'emails',
    'websites',
    'messengers',
    'responsible',
    'source',
    'clientPath',
    'comments',
  ],
};

const MAIN_BLOCK: Record<EntityType, Localized> = {
  deal: L('О сделке', 'About the deal'),
  company: L('О компании', 'About the company'),
  contact: L('О контакте', 'About the contact'),
  lead: L('О лиде', 'About the lead'),
};
const EXTRA_BLOCK = L('Дополнительно', 'More');
const EXTRA_ID = 'extra';

export function standardFields(entity: EntityType, lang: 'ru' | 'en'): { key: string; label: string }[] {
  const columns = specOf(entity).columns;
  return STANDARD[entity].map((key) => ({ key, label: (columns.find((c) => c.key === key)?.label ?? CARD_LABELS[key] ?? L(key, key))[lang] }));
}

function defaultLayout(entity: EntityType, lang: 'ru' | 'en', custom: FieldDef[]): Layout {
  return {
    blocks: [
      { id: 'main', title: MAIN_BLOCK[entity][lang], fields: [...STANDARD[entity]] },
      { id: EXTRA_ID, title: EXTRA_BLOCK[lang], fields: custom.map((f) => f.code) },
    ],
  };
}

async function checkPipeline(ctx: Ctx, entity: EntityType, pipelineId: number | undefined): Promise<void> {
  if (pipelineId === undefined) return;
  if (entity !== 'deal') throw errors.field('pipelineId', 'crm.admin.pipeline_only_deal');
  const p = await scoped(ctx).selectFrom('crm_pipeline').select('id').where('id', '=', pipelineId).executeTakeFirst();
  if (!p) throw errors.field('pipelineId', 'error.not_found');
}

/**
 * The card as the actor sees it: the pipeline's own layout (deals), else the item type's,
 * else the default. Fields deleted since the layout was saved drop out, fields the actor may
 * not read are hidden, and custom fields not placed yet join the «Дополнительно» block.
 */
export async function getLayout(ctx: Ctx, entity: EntityType, pipelineId: number | undefined): Promise<LayoutView> {
  await checkPipeline(ctx, entity, pipelineId);
  const [rows, defs] = await Promise.all([
    scoped(ctx)
      .selectFrom('crm_layout')
      .select(['pipeline_id', 'layout'])
      .where('entity_type', '=', entity)
      .where('pipeline_id', 'in', [0, pipelineId ?? 0])
      .execute(),
    fieldDefs(ctx, entity),
  ]);
  const own = pipelineId ? rows.find((r) => r.pipeline_id === pipelineId) : undefined;
  const saved = own ?? rows.find((r) => r.pipeline_id === 0);
  const source = own ? 'pipeline' : saved ? 'entity' : 'default';
  const readable = defs.filter((d) => d.canRead);
  let layout = saved ? parseJson<Layout>(saved.layout, { blocks: [] }) : defaultLayout(entity, ctx.lang, readable);
  if (saved) {
    const known = new Set([...STANDARD[entity], ...readable.map((d) => d.code)]);
    const blocks = layout.blocks.map((b) => ({ ...b, fields: b.fields.filter((k) => known.has(k)) }));
    const placed = new Set(blocks.flatMap((b) => b.fields));
    const missing = readable.map((d) => d.code).filter((c) => !placed.has(c));
    if (missing.length) {
      const extra = blocks.find((b) => b.id === EXTRA_ID);
      if (extra) extra.fields.push(...missing);
      else blocks.push({ id: EXTRA_ID, title: EXTRA_BLOCK[ctx.lang], fields: missing });
    }
    layout = { blocks, ...(layout.required ? { required: layout.required.filter((k) => known.has(k)) } : {}) };
  }
  return {
    ...layout,
    entityType: entity,
    pipelineId: pipelineId ?? null,
    source,
    available: [...standardFields(entity, ctx.lang).map((f) => ({ ...f, custom: false })), ...readable.map((d) => ({ key: d.code, label: d.label, custom: true }))],
  };
}

export async function saveLayout(ctx: Ctx, entity: EntityType, pipelineId: number | undefined, input: Layout): Promise<LayoutView> {
  await checkPipeline(ctx, entity, pipelineId);
  const defs = await fieldDefs(ctx, entity);
  const known = new Set([...STANDARD[entity], ...defs.map((d) => d.code)]);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  const blockIds = new Set<string>();
  input.blocks.forEach((b, i) => {
    if (blockIds.has(b.id)) errs.push({ field: `blocks.${i}.id`, message: 'crm.admin.layout_block_twice' });
    blockIds.add(b.id);
    b.fields.forEach((key, j) => {
      if (!known.has(key)) errs.push({ field: `blocks.${i}.fields.${j}`, message: 'crm.admin.layout_field_unknown', params: { key } });
      else if (seen.has(key)) errs.push({ field: `blocks.${i}.fields.${j}`, message: 'crm.admin.layout_field_twice', params: { key } });
      seen.add(key);
    });
  });
  if (errs.length) throw errors.validation(errs);
  (input.required ?? []).forEach((key, i) => {
    if (!known.has(key)) errs.push({ field: `required.${i}`, message: 'crm.admin.layout_field_unknown', params: { key } });
  });
  if (errs.length) throw errors.validation(errs);
  const pid = pipelineId ?? 0;
  await transaction(ctx, async (tx) => {
    // A layout saved without its list of required fields (the card editor) keeps the one it had.
    const stored = input.required === undefined ? await requiredOf(tx, entity, pid) : input.required;
    const layout = JSON.stringify({ blocks: input.blocks, ...(stored.length ? { required: stored } : {}) });
    await scoped(tx)
      .insertInto('crm_layout', { entity_type: entity, pipeline_id: pid, layout, version: 1, updated_at: nowIso() })
      .onConflict((oc) => oc.columns(['portal_id', 'entity_type', 'pipeline_id']).doUpdateSet({ layout, version: sql<number>`crm_layout.version + 1`, updated_at: nowIso() }))
      .execute();
    await recordEvent(tx, crmEvents.layoutUpdated, { entityType: 'crm.layout', entityId: `${entity}:${pid}`, payload: { entityType: entity, pipelineId: pid || null } });
  });
  return getLayout(ctx, entity, pipelineId);
}

async function requiredOf(ctx: Ctx, entity: EntityType, pipelineId: number): Promise<string[]> {
  const row = await scoped(ctx).selectFrom('crm_layout').select('layout').where('entity_type', '=', entity).where('pipeline_id', '=', pipelineId).executeTakeFirst();
  return row ? (parseJson<Layout>(row.layout, { blocks: [] }).required ?? []) : [];
}

/** The fields a card requires by its layout: the pipeline's own layout (deals), else the item type's. */
export async function layoutRequired(ctx: Ctx, entity: EntityType, pipelineId: number | null): Promise<string[]> {
  const rows = await scoped(ctx)
    .selectFrom('crm_layout')
    .select(['pipeline_id', 'layout'])
    .where('entity_type', '=', entity)
    .where('pipeline_id', 'in', [0, pipelineId ?? 0])
    .execute();
  const saved = rows.find((r) => pipelineId && r.pipeline_id === pipelineId) ?? rows.find((r) => r.pipeline_id === 0);
  return saved ? (parseJson<Layout>(saved.layout, { blocks: [] }).required ?? []) : [];
}
