import { crmEvents, type Layout } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { authorize } from './rights.js';
import { insertStages } from './pipelines/defaults.js';
import { errors } from '../../platform/errors.js';
import { scoped } from '../../platform/db/scoped.js';
import { parseJson } from './values.js';
import { findDeal, type DealRow } from './deals/store.js';
import { updateDeal } from './deals/service.js';
import type { DealPatch } from './deals/input.js';
import type { StageKind } from './schema.js';
export type { StageKind } from './schema.js';

/**
 * What other modules use of the CRM's deals: automation reads a deal with its client and
 * changes it as the portal itself (a system ctx), through the same service a person's edit goes
 * through, so history, totals, events and checks are the same.
 */
export { stageRows, findStage, findPipeline, pipelineRows, type StageRow, type PipelineRow } from './pipelines/repository.js';
export { fieldDefs } from './fields.js';
export { fieldLabel } from './timeline/labels.js';
export type { EntityType } from './schema.js';
export type { DealRow } from './deals/store.js';
export type { DealPatch } from './deals/input.js';
export { parseJson } from './values.js';
export { rightsOf, type CrmRights } from './rights.js';

/** A deal as robots and conditions read it. */
export interface DealSnapshot {
  id: number;
  title: string;
  pipelineId: number;
  stageId: number;
  stageKind: StageKind;
  responsibleId: number | null;
  companyId: number | null;
  contactIds: number[];
  primaryContactId: number | null;
  custom: Record<string, unknown>;
  version: number;
  row: DealRow;
}

/** The deal with its contacts; `lock` holds its row until the transaction ends (PostgreSQL). */
export async function dealSnapshot(ctx: Ctx, id: number, lock = false): Promise<DealSnapshot | null> {
  const row = await findDeal(ctx, id, lock);
  if (!row) return null;
  const contacts = await scoped(ctx).selectFrom('crm_deal_contact').select(['contact_id', 'is_primary']).where('deal_id', '=', id).orderBy('contact_id').execute();
  return {
    id: row.id,
    title: row.title,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    stageKind: row.stage_kind,
    responsibleId: row.responsible_id,
    companyId: row.company_id,
    contactIds: contacts.map((c) => c.contact_id),
    primaryContactId: contacts.find((c) => c.is_primary)?.contact_id ?? contacts[0]?.contact_id ?? null,
    custom: parseJson<Record<string, unknown>>(row.custom, {}),
    version: row.version,
    row,
  };
}

/**
 * Changes a deal at its current version, as `ctx`'s actor (a robot: the system). Throws the
 * service's errors (400 with the fields) when the patch does not fit, so a robot can say why.
 */
export async function changeDeal(ctx: Ctx, id: number, patch: DealPatch): Promise<void> {
  const row = await findDeal(ctx, id, true);
  if (!row) throw errors.notFound();
  await updateDeal(ctx, id, { ...patch, version: row.version });
}

export { getDeal, createDeal } from './deals/service.js';
export { createItem } from './items/service.js';

/** Throws «not found» when the actor may not read the deal, «forbidden» when they may read but not `action` it. */
export async function authorizeDeal(ctx: Ctx, row: DealRow, action: 'read' | 'edit'): Promise<void> {
  await authorize(ctx, 'deal', action, row.responsible_id, row.pipeline_id);
}

/** A deal's custom field as another module reads it: its options and its `settings` (e.g. `{ result: true }`). */
export interface CustomField {
  id: number;
  code: string;
  label: string;
  type: string;
  options: { id: string; label: string }[];
  settings: Record<string, unknown>;
}

export async function dealFieldByCode(ctx: Ctx, code: string): Promise<CustomField | null> {
  const r = await scoped(ctx).selectFrom('crm_field').selectAll().where('entity_type', '=', 'deal').where('code', '=', code).executeTakeFirst();
  return r ? { id: r.id, code: r.code, label: r.label, type: r.type, options: parseJson(r.options, []), settings: parseJson(r.settings, {}) } : null;
}

/**
 * What a preset of another module sets up in a new portal's CRM: a deal pipeline with its
 * stages (returns its id; an existing one of that code is kept), custom list fields with fixed
 * codes and settings, and a pipeline's own card layout.
 */
export async function provisionPipeline(ctx: Ctx, def: { name: string; code: string; stages: { code: string; name: string; color: string; kind: StageKind }[] }): Promise<number> {
  const found = await scoped(ctx).selectFrom('crm_pipeline').select('id').where('entity_type', '=', 'deal').where('code', '=', def.code).executeTakeFirst();
  if (found) return found.id;
  const last = await scoped(ctx)
    .selectFrom('crm_pipeline')
    .select((eb) => eb.fn.max('sort').as('max'))
    .where('entity_type', '=', 'deal')
    .executeTakeFirst();
  const pipeline = await scoped(ctx)
    .insertInto('crm_pipeline', { entity_type: 'deal', name: def.name, code: def.code, sort: Number(last?.max ?? 0) + 10, is_default: 0, version: 1, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertStages(ctx, 'deal', pipeline.id, def.stages);
  await recordEvent(ctx, crmEvents.pipelineCreated, { entityType: 'pipeline', entityId: pipeline.id, payload: { name: def.name, code: def.code } });
  return pipeline.id;
}

export async function provisionDealField(ctx: Ctx, def: { code: string; label: string; type: 'list'; options: { id: string; label: string }[]; settings: Record<string, unknown> }): Promise<void> {
  if (await dealFieldByCode(ctx, def.code)) return;
  const last = await scoped(ctx)
    .selectFrom('crm_field')
    .select((eb) => eb.fn.max('sort').as('max'))
    .where('entity_type', '=', 'deal')
    .executeTakeFirst();
  await scoped(ctx)
    .insertInto('crm_field', {
      entity_type: 'deal',
      code: def.code,
      label: def.label,
      type: def.type,
      multiple: 0,
      required: 0,
      options: JSON.stringify(def.options),
      settings: JSON.stringify(def.settings),
      read_roles: '[]',
      edit_roles: '[]',
      sort: Number(last?.max ?? 0) + 10,
      version: 1,
      created_at: nowIso(),
    })
    .execute();
}

export async function provisionDealLayout(ctx: Ctx, pipelineId: number, layout: Layout): Promise<void> {
  await scoped(ctx)
    .insertInto('crm_layout', { entity_type: 'deal', pipeline_id: pipelineId, layout: JSON.stringify(layout), version: 1, updated_at: nowIso() })
    .onConflict((oc) => oc.columns(['portal_id', 'entity_type', 'pipeline_id']).doNothing())
    .execute();
}

/** Where a deal stands, as triggers read many deals at once. */
export interface DealPlace {
  id: number;
  pipelineId: number;
  stageId: number;
  stageKind: StageKind;
  companyId: number | null;
}

const PLACE_CHUNK = 500;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += PLACE_CHUNK) out.push(list.slice(i, i + PLACE_CHUNK));
  return out;
}

/** The places of those of `ids` that exist, by the primary key. */
export async function dealPlaces(ctx: Ctx, ids: number[]): Promise<DealPlace[]> {
  const out: DealPlace[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await scoped(ctx).selectFrom('crm_deal').select(['id', 'pipeline_id', 'stage_id', 'stage_kind', 'company_id']).where('id', 'in', part).execute();
    out.push(...rows.map((r) => ({ id: r.id, pipelineId: r.pipeline_id, stageId: r.stage_id, stageKind: r.stage_kind, companyId: r.company_id })));
  }
  return out;
}

/** The deals of these companies in these pipelines, by the company index. */
export async function companyDeals(ctx: Ctx, companyIds: number[], pipelineIds: number[]): Promise<DealPlace[]> {
  if (!pipelineIds.length) return [];
  const out: DealPlace[] = [];
  for (const part of chunks([...new Set(companyIds)])) {
    const rows = await scoped(ctx)
      .selectFrom('crm_deal')
      .select(['id', 'pipeline_id', 'stage_id', 'stage_kind', 'company_id'])
      .where('company_id', 'in', part)
      .where('pipeline_id', 'in', [...new Set(pipelineIds)])
      .orderBy('id')
      .execute();
    out.push(...rows.map((r) => ({ id: r.id, pipelineId: r.pipeline_id, stageId: r.stage_id, stageKind: r.stage_kind, companyId: r.company_id })));
  }
  return out;
}
/**
 * CRM roles for other modules (a portal's preset): a role with its scopes — per item type and,
 * for deals, per pipeline (`dealPipelines: { [pipelineId]: { read, add, edit, delete, export, import } }`) —
 * and its holders: users, and departments' members or heads.
 */
export { createRole, updateRole, getRole, listRoles, assignRoleToDepartment, type Role, type RoleInput } from './admin/roles-service.js';
export { uniformPermissions, defaultEmployeePermissions, defaultHeadPermissions, type Permissions, type PipelinePermissions, type ActionScopes } from './rights.js';
/** The CRM's scope filters for modules whose items hang off CRM items (activities): the items the actor may act on, as SQL. */
export { scopeFilter, scopeWhere, nothingIn, hiddenTitle, ENTITY_TYPES, type ScopeFilter } from './rights.js';
