import type { z } from 'zod';
import type { ListColumn, ListSettings, ListSettingsInput } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { fieldDefs } from '../fields.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { parseJson } from '../values.js';

/** The columns a list of `entity` can show to the actor: the standard ones and the custom fields they may read. */
export async function listColumns(ctx: Ctx, entity: EntityType): Promise<z.infer<typeof ListColumn>[]> {
  const defs = await fieldDefs(ctx, entity);
  return [
    ...specOf(entity).columns.map((c) => ({
      key: c.key,
      label: c.label[ctx.lang],
      kind: c.kind,
      sortable: c.sortable,
      byDefault: !!c.byDefault,
      custom: false,
      fieldType: null,
    })),
    ...defs.filter((d) => d.canRead).map((d) => ({ key: d.code, label: d.label, kind: 'custom', sortable: false, byDefault: false, custom: true, fieldType: d.type })),
  ];
}

const keyOf = (entity: EntityType) => `crm.list.${entity}`;

function defaults(columns: z.infer<typeof ListColumn>[]): ListSettings {
  return { columns: columns.filter((c) => c.byDefault).map((c) => c.key), pageSize: 50, sort: null, order: 'desc', presets: [] };
}

/** The user's list settings; columns that no longer exist (a deleted custom field) drop out. */
export async function readListSettings(ctx: Ctx, entity: EntityType): Promise<ListSettings> {
  const columns = await listColumns(ctx, entity);
  const row = await scoped(ctx).selectFrom('user_setting').select('value').where('user_id', '=', ctx.actor!.userId).where('key', '=', keyOf(entity)).executeTakeFirst();
  const base = defaults(columns);
  if (!row) return base;
  const saved = parseJson<Partial<ListSettings>>(row.value, {});
  const known = new Set(columns.map((c) => c.key));
  return {
    ...base,
    ...saved,
    columns: Array.isArray(saved.columns) ? saved.columns.filter((c) => known.has(c)) : base.columns,
    sort: saved.sort && columns.some((c) => c.key === saved.sort && c.sortable) ? saved.sort : null,
  };
}

export async function writeListSettings(ctx: Ctx, entity: EntityType, patch: z.infer<typeof ListSettingsInput>): Promise<ListSettings> {
  const columns = await listColumns(ctx, entity);
  const errs: FieldError[] = [];
  const known = new Set(columns.map((c) => c.key));
  patch.columns?.forEach((c, i) => !known.has(c) && errs.push({ field: `columns.${i}`, message: 'crm.list.column_unknown' }));
  if (patch.sort && !columns.some((c) => c.key === patch.sort && c.sortable)) errs.push({ field: 'sort', message: 'crm.list.sort_unknown' });
  if (errs.length) throw errors.validation(errs);
  const next: ListSettings = { ...(await readListSettings(ctx, entity)), ...patch };
  if (patch.columns) next.columns = [...new Set(patch.columns)];
  const value = JSON.stringify(next);
  await scoped(ctx)
    .insertInto('user_setting', { user_id: ctx.actor!.userId, key: keyOf(entity), value, updated_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ value, updated_at: nowIso() }))
    .execute();
  return next;
}
