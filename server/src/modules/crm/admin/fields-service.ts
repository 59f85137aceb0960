import { crmEvents } from '@vavilon/contracts';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { FieldCreate, FieldDef, FieldOrder, FieldUpdate } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { diff, recordEvent } from '../../../platform/events/outbox.js';
import { fieldDefs, fieldRows, toFieldDefs, type FieldRow } from '../fields.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { parseJson } from '../values.js';

type Option = { id: string; label: string };

export function listFields(ctx: Ctx, entity: EntityType): Promise<FieldDef[]> {
  return fieldDefs(ctx, entity);
}

async function findField(ctx: Ctx, id: number): Promise<FieldRow> {
  const row = await scoped(ctx).selectFrom('crm_field').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  return row;
}

async function getField(ctx: Ctx, id: number): Promise<FieldDef> {
  return (await toFieldDefs(ctx, [await findField(ctx, id)]))[0]!;
}

/**
 * Role ids of a field's read and edit lists must be roles of this portal; ids the field
 * already holds pass (a deleted role's id stays inert in the list).
 */
async function checkRoles(ctx: Ctx, lists: Record<string, number[] | undefined>, errs: FieldError[], held: number[] = []): Promise<void> {
  const wanted = [...new Set(Object.values(lists).flatMap((l) => l ?? []))].filter((id) => !held.includes(id));
  if (!wanted.length) return;
  const found = new Set((await scoped(ctx).selectFrom('crm_role').select('id').where('id', 'in', wanted).execute()).map((r) => r.id));
  for (const [field, list] of Object.entries(lists)) {
    (list ?? []).forEach((id, i) => {
      if (!found.has(id) && !held.includes(id)) errs.push({ field: `${field}.${i}`, message: 'crm.admin.role_unknown' });
    });
  }
}

/**
 * List options keep their ids forever, so stored values stay attached to them when labels
 * change; options sent without a known id get a new one.
 */
function withOptionIds(incoming: { id?: string; label: string }[], existing: Option[]): Option[] {
  const known = new Set(existing.map((o) => o.id));
  const used = new Set<string>();
  const fresh = () => {
    let id: string;
    do id = 'o' + crypto.randomBytes(4).toString('hex');
    while (used.has(id) || known.has(id));
    return id;
  };
  return incoming.map((o) => {
    const id = o.id && known.has(o.id) && !used.has(o.id) ? o.id : fresh();
    used.add(id);
    return { id, label: o.label };
  });
}

export async function createField(ctx: Ctx, input: z.infer<typeof FieldCreate>): Promise<FieldDef> {
  const errs: FieldError[] = [];
  await checkRoles(ctx, { readRoles: input.readRoles, editRoles: input.editRoles }, errs);
  if (input.type === 'list' && !input.options.length) errs.push({ field: 'options', message: 'crm.admin.options_required' });
  if (errs.length) throw errors.validation(errs);
  const options = input.type === 'list' ? withOptionIds(input.options, []) : [];
  const id = await transaction(ctx, async (tx) => {
    const last = await scoped(tx)
      .selectFrom('crm_field')
      .select(sql<number>`max(sort)`.as('m'))
      .where('entity_type', '=', input.entityType)
      .executeTakeFirst();
    const row = await scoped(tx)
      .insertInto('crm_field', {
        entity_type: input.entityType,
        // The real code names the row's id, known only after the insert; ids are never reused,
        // so a deleted field's code never comes back.
        code: `uf_new_${crypto.randomBytes(8).toString('hex')}`,
        label: input.label,
        type: input.type,
        multiple: input.multiple && input.type !== 'boolean' ? 1 : 0,
        required: input.required ? 1 : 0,
        options: JSON.stringify(options),
        settings: '{}',
        read_roles: JSON.stringify(input.readRoles),
        edit_roles: JSON.stringify(input.editRoles),
        sort: input.sort ?? Number(last?.m ?? 0) + 10,
        version: 1,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const code = `uf_${input.entityType}_${row.id}`;
    await scoped(tx).updateTable('crm_field').set({ code }).where('id', '=', row.id).execute();
    await recordEvent(tx, crmEvents.fieldCreated, {
      entityType: 'crm.field',
      entityId: row.id,
      payload: { entityType: input.entityType, code, label: input.label, type: input.type },
    });
    return Number(row.id);
  });
  return getField(ctx, id);
}

export async function updateField(ctx: Ctx, id: number, input: z.infer<typeof FieldUpdate>): Promise<FieldDef> {
  await transaction(ctx, async (tx) => {
    const before = await findField(tx, id);
    if (before.version !== input.version) throw errors.conflict();
    const errs: FieldError[] = [];
    if (input.type !== undefined && input.type !== before.type) errs.push({ field: 'type', message: 'crm.admin.field_type_fixed' });
    if (input.multiple !== undefined && input.multiple !== !!before.multiple) errs.push({ field: 'multiple', message: 'crm.admin.field_type_fixed' });
    const held = [...parseJson<number[]>(before.read_roles, []), ...parseJson<number[]>(before.edit_roles, [])];
    await checkRoles(tx, { readRoles: input.readRoles, editRoles: input.editRoles }, errs, held);
    if (before.type === 'list' && input.options && !input.options.length) errs.push({ field: 'options', message: 'crm.admin.options_required' });
    if (errs.length) throw errors.validation(errs);

    const set: Record<string, string | number> = {};
    if (input.label !== undefined) set.label = input.label;
    if (input.required !== undefined) set.required = input.required ? 1 : 0;
    if (input.options !== undefined && before.type === 'list') set.options = JSON.stringify(withOptionIds(input.options, parseJson<Option[]>(before.options, [])));
    if (input.readRoles !== undefined) set.read_roles = JSON.stringify(input.readRoles);
    if (input.editRoles !== undefined) set.edit_roles = JSON.stringify(input.editRoles);
    if (input.sort !== undefined) set.sort = input.sort;
    const changes = diff(before as unknown as Record<string, unknown>, set, Object.keys(set));
    await scoped(tx).updateVersioned('crm_field', id, input.version, { ...set });
    if (changes.length) {
      await recordEvent(tx, crmEvents.fieldUpdated, { entityType: 'crm.field', entityId: id, payload: { entityType: before.entity_type, code: before.code }, changes });
    }
  });
  return getField(ctx, id);
}

/**
 * Deleting a field also removes its values from every item of the type, in the same
 * transaction: a later field never sees them, and exports and searches carry no orphans.
 */
export async function deleteField(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const field = await findField(tx, id);
    await scoped(tx).deleteFrom('crm_field').where('id', '=', id).execute();
    await scoped(tx).deleteFrom('file_link').where('entity_type', '=', field.entity_type).where('field', '=', field.code).execute();
    const table = specOf(field.entity_type).table;
    const code = field.code;
    if (/^[a-z0-9_]+$/.test(code)) {
      const strip = tx.sys.dialect === 'postgres' ? sql`(custom::jsonb - ${code})::text` : sql`json_remove(custom, ${'$.' + code})`;
      await scoped(tx)
        .updateTable(table)
        .set({ custom: strip as never })
        .where('custom', 'like', `%"${code}"%`)
        .execute();
    }
    await recordEvent(tx, crmEvents.fieldDeleted, { entityType: 'crm.field', entityId: id, payload: { entityType: field.entity_type, code, label: field.label } });
  });
}

export async function orderFields(ctx: Ctx, input: z.infer<typeof FieldOrder>): Promise<FieldDef[]> {
  await transaction(ctx, async (tx) => {
    const rows = await fieldRows(tx, input.entityType);
    const ids = new Set(rows.map((r) => r.id));
    const errs: FieldError[] = [];
    input.fieldIds.forEach((id, i) => {
      if (!ids.has(id)) errs.push({ field: `fieldIds.${i}`, message: 'crm.admin.field_unknown' });
    });
    if (new Set(input.fieldIds).size !== input.fieldIds.length) errs.push({ field: 'fieldIds', message: 'crm.admin.field_twice' });
    if (errs.length) throw errors.validation(errs);
    // Listed fields first, in the given order; the rest keep their relative order after them.
    const order = [...input.fieldIds, ...rows.map((r) => r.id).filter((id) => !input.fieldIds.includes(id))];
    for (const [i, id] of order.entries()) {
      const sort = (i + 1) * 10;
      if (rows.find((r) => r.id === id)!.sort !== sort) await scoped(tx).updateTable('crm_field').set({ sort }).where('id', '=', id).execute();
    }
    await recordEvent(tx, crmEvents.fieldReordered, { entityType: 'crm.field', entityId: 0, payload: { entityType: input.entityType, fieldIds: order } });
  });
  return fieldDefs(ctx, input.entityType);
}
