import type { FieldDef, FieldType } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { FieldError } from '../../platform/errors.js';
import type { CrmFieldTable, EntityType } from './schema.js';
import { rightsOf } from './rights.js';
import { prepared } from './prepared.js';
import { existingUserIds } from '../users/api.js';
import { parseJson } from './values.js';

export type FieldRow = Selectable<CrmFieldTable>;

const fieldStatement = prepared((ctx, a: { entity: EntityType }) => scoped(ctx).selectFrom('crm_field').selectAll().where('entity_type', '=', a.entity).orderBy('sort').orderBy('id'));

export async function fieldRows(ctx: Ctx, entity: EntityType): Promise<FieldRow[]> {
  return fieldStatement(ctx, { entity });
}

function roleAllows(roles: number[], userRoles: number[], isAdmin: boolean): boolean {
  return isAdmin || roles.length === 0 || roles.some((r) => userRoles.includes(r));
}

export async function toFieldDefs(ctx: Ctx, rows: FieldRow[]): Promise<FieldDef[]> {
  const rights = await rightsOf(ctx);
  return rows.map((r) => {
    const readRoles = parseJson<number[]>(r.read_roles, []);
    const editRoles = parseJson<number[]>(r.edit_roles, []);
    const canRead = roleAllows(readRoles, rights.roleIds, rights.isAdmin);
    return {
      id: r.id,
      entityType: r.entity_type,
      code: r.code,
      label: r.label,
      type: r.type as FieldType,
      multiple: !!r.multiple,
      required: !!r.required,
      options: parseJson(r.options, []),
      readRoles,
      editRoles,
      sort: r.sort,
      version: r.version,
      canRead,
      canEdit: canRead && roleAllows(editRoles, rights.roleIds, rights.isAdmin),
    };
  });
}

export async function fieldDefs(ctx: Ctx, entity: EntityType): Promise<FieldDef[]> {
  return toFieldDefs(ctx, await fieldRows(ctx, entity));
}

/** Hides the values of fields the actor may not read. */
export function visibleCustom(defs: FieldDef[], custom: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of defs) if (d.canRead && custom[d.code] !== undefined) out[d.code] = custom[d.code];
  return out;
}

function checkOne(def: FieldDef, v: unknown): unknown | typeof INVALID {
  switch (def.type) {
    case 'string':
    case 'text':
      return typeof v === 'string' && v.length <= (def.type === 'string' ? 1000 : 100_000) ? v : INVALID;
    case 'url':
      return typeof v === 'string' && /^https?:\/\/\S+$/i.test(v) && v.length <= 2000 ? v : INVALID;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : INVALID;
    case 'money':
      return typeof v === 'string' && /^-?\d{1,15}(\.\d{1,2})?$/.test(v.trim()) ? v.trim() : INVALID;
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : INVALID;
    case 'datetime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : INVALID;
    case 'boolean':
      return typeof v === 'boolean' ? v : INVALID;
    case 'list':
      return typeof v === 'string' && def.options.some((o) => o.id === v) ? v : INVALID_OPTION;
    case 'employee':
    case 'file':
      return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : INVALID;
    case 'crm':
      return typeof v === 'string' && /^(lead|deal|contact|company):\d+$/.test(v) ? v : INVALID;
    default:
      return INVALID;
  }
}

const INVALID = Symbol('invalid');

const asIds = (v: unknown): unknown[] => ([] as unknown[]).concat(v ?? []);

/**
 * Files named in `file` fields must be files of this portal: ones the actor uploaded, or ones the
 * field already held (put there by someone else). A file of another portal is as absent as none.
 */
async function checkFiles(
  ctx: Ctx,
  defs: FieldDef[],
  before: Record<string, unknown>,
  out: Record<string, unknown>,
  incoming: Record<string, unknown> | undefined,
  errors: FieldError[],
): Promise<void> {
  const changed = defs.filter((d) => d.type === 'file' && d.canEdit && incoming?.[d.code] !== undefined && out[d.code] !== undefined);
  if (!changed.length || errors.some((e) => changed.some((d) => e.field === `custom.${d.code}`))) return;
  const wanted = [...new Set(changed.flatMap((d) => asIds(out[d.code])))].filter((n): n is number => typeof n === 'number' && n <= 2_147_483_647);
  const rows = wanted.length ? await scoped(ctx).selectFrom('file').select(['id', 'created_by']).where('id', 'in', wanted).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r.created_by]));
  const me = ctx.actor?.userId ?? null;
  for (const d of changed) {
    const kept = new Set(asIds(before[d.code]));
    const ok = asIds(out[d.code]).every((v) => typeof v === 'number' && byId.has(v) && (kept.has(v) || (me !== null && byId.get(v) === me)));
    if (!ok) errors.push({ field: `custom.${d.code}`, message: 'crm.field_file_invalid' });
  }
}
const INVALID_OPTION = Symbol('invalid-option');

/**
 * Checks incoming custom values against the field definitions and the actor's right to edit
 * each; returns the merged values to store. Employees named in `employee` fields must exist.
 */
export async function validateCustom(
  ctx: Ctx,
  defs: FieldDef[],
  before: Record<string, unknown>,
  incoming: Record<string, unknown> | undefined,
  errors: FieldError[],
  opts: { creating: boolean },
): Promise<Record<string, unknown>> {
  const out = { ...before };
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const employeeIds = new Set<number>();
  for (const [code, raw] of Object.entries(incoming ?? {})) {
    const def = byCode.get(code);
    const path = `custom.${code}`;
    if (!def) {
      errors.push({ field: path, message: 'crm.field_invalid' });
      continue;
    }
    if (!def.canEdit) {
      if (JSON.stringify(before[code] ?? null) !== JSON.stringify(raw ?? null)) errors.push({ field: path, message: 'crm.field_readonly' });
      continue;
    }
    if (raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
      delete out[code];
      continue;
    }
    const values = def.multiple ? (Array.isArray(raw) ? raw : [raw]) : [raw];
    if (!def.multiple && Array.isArray(raw)) {
      errors.push({ field: path, message: 'crm.field_invalid' });
      continue;
    }
    const checked = values.map((v) => checkOne(def, v));
    const bad = checked.find((c) => c === INVALID || c === INVALID_OPTION);
    if (bad) {
      errors.push({ field: path, message: bad === INVALID_OPTION ? 'crm.option_invalid' : 'crm.field_invalid' });
      continue;
    }
    if (def.type === 'employee') for (const c of checked) employeeIds.add(c as number);
    out[code] = def.multiple ? checked : checked[0];
  }
  await checkFiles(ctx, defs, before, out, incoming, errors);
  if (employeeIds.size) {
    const ok = await existingUserIds(ctx, employeeIds);
    for (const def of defs.filter((d) => d.type === 'employee')) {
      const vals = ([] as unknown[]).concat(out[def.code] ?? []);
      if (vals.some((v) => !ok.has(v as number))) errors.push({ field: `custom.${def.code}`, message: 'crm.field_invalid' });
    }
  }
  for (const def of defs) {
    if (def.required && def.canEdit && (out[def.code] === undefined || out[def.code] === null) && (opts.creating || incoming?.[def.code] !== undefined)) {
      errors.push({ field: `custom.${def.code}`, message: 'crm.field_required' });
    }
  }
  return out;
}
