import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { EventDef } from '@vavilon/contracts';
import { linkItemFiles } from '../file-links.js';
import { trashItems } from '../trash/api.js';
import { t } from '../../../platform/i18n/index.js';
import { allowed, authorize } from '../rights.js';
import { fieldDefs } from '../fields.js';
import { parseJson } from '../values.js';
import { actorId, changesOf, checkResponsible, clientColumns, customColumn, readableIds, throwIfAny } from '../clients/common.js';
import type { ClientDescriptor, ClientType, CommonRow, CommonSet, ItemDescriptor, ItemDto, ItemInput, ItemPatch, ItemRow, ItemTable, ItemType, OwnWritesDescriptor, WriteOptions } from './types.js';
import { CLIENT_DEFAULTS } from './defaults.js';

/** The calls every item type answers: what search, duplicates, automation and the REST layer use. */
export interface ItemOps<T extends ItemType> {
  descriptor: ItemDescriptor<T>;
  get(ctx: Ctx, id: number): Promise<ItemDto<T>>;
  getMany(ctx: Ctx, ids: number[]): Promise<ItemDto<T>[]>;
  create(ctx: Ctx, input: ItemInput<T>): Promise<ItemDto<T>>;
  update(ctx: Ctx, id: number, patch: ItemPatch<T>, version: number): Promise<ItemDto<T>>;
  remove(ctx: Ctx, id: number): Promise<void>;
}

/** Leads, contacts and companies answer two more: an insert without rights checks, and the copy. */
export interface ClientOps<T extends ClientType> extends ItemOps<T> {
  descriptor: ClientDescriptor<T>;
  insert(ctx: Ctx, input: ItemInput<T>, opts?: WriteOptions): Promise<number>;
  copy(ctx: Ctx, id: number): Promise<ItemDto<T>>;
}

/** The card of one item the actor may read; 404 when it is missing or not theirs to read. */
function reader<T extends ItemType>(d: ItemDescriptor<T>): Pick<ItemOps<T>, 'get' | 'getMany'> {
  return {
    async get(ctx, id) {
      actorId(ctx);
      const row = await d.find(ctx, id);
      if (!row) throw errors.notFound();
      await authorize(ctx, d.rights, 'read', row.responsible_id);
      return d.toDto(ctx, row);
    },
    async getMany(ctx, ids) {
      actorId(ctx);
      const wanted = [...new Set(ids)];
      if (!wanted.length) return [];
      const rows = await d.findMany(ctx, wanted);
      const ok = await readableIds(ctx, d.rights, rows);
      const byId = new Map(rows.filter((r) => ok.has(r.id)).map((r) => [r.id, r]));
      const out: ItemDto<T>[] = [];
      for (const id of wanted) {
        const r = byId.get(id);
        if (r) out.push(await d.toDto(ctx, r));
      }
      return out;
    },
  };
}

/**
 * The one create / update / delete / copy of leads, contacts and companies: rights over the
 * responsible, the responsible an active user, custom values checked against their fields,
 * the version the user saw, the row and its search text, and one event per write (its field
 * changes become the history). The descriptor brings the type's columns and links.
 */
export function clientOps<T extends ClientType>(d: ClientDescriptor<T>): ClientOps<T> {
  const table: ItemTable = d.table;
  const read = reader(d);

  /**
   * The columns of a write, checked, in the order its history lists them: the shared ones, the
   * type's own, the responsible, custom values; and the links, to write once the row exists.
   */
  async function prepare(ctx: Ctx, input: ItemPatch<T>, before: ItemRow<T> | null, fields: FieldError[], opts: WriteOptions) {
    const shared: CommonSet = clientColumns(input, fields);
    const own = await d.columns(ctx, input, before, fields);
    const extra: CommonSet = {};
    const responsible = before ? input.responsibleId : (input.responsibleId ?? ctx.actor?.userId ?? null);
    if (responsible !== undefined) {
      await checkResponsible(ctx, responsible, fields);
      extra.responsible_id = responsible;
    }
    const links = d.links ? await d.links(ctx, input, before, fields, opts) : null;
    const custom = await customColumn(ctx, d.rights, parseJson(before?.custom, {}), input.custom, opts.lenientCustom ? [] : fields, !before);
    if (custom) extra.custom = JSON.stringify(custom.custom);
    return { shared, own, extra, links };
  }

  async function insert(ctx: Ctx, input: ItemInput<T>, opts: WriteOptions = {}): Promise<number> {
    const fields: FieldError[] = [];
    const { shared, own, extra, links } = await prepare(ctx, input, null, fields, opts);
    const now = nowIso();
    const base: CommonRow = {
      ...CLIENT_DEFAULTS,
      ...shared,
      first_touch_at: shared.first_touch_at ?? now,
      responsible_id: extra.responsible_id ?? null,
      custom: extra.custom ?? '{}',
      created_by: ctx.actor?.userId ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    const row = d.build(own, base);
    d.validate?.(row, fields);
    throwIfAny(fields);
    const id = await d.insert(ctx, { ...row, search_text: d.searchText(row) });
    await linkItemFiles(ctx, d.rights, id, row.custom, { creating: true });
    const linked = links ? await links(id) : null;
    // The descriptor's events are the contracts' definitions; the payload is checked against them when recorded.
    await recordEvent(ctx, d.events.created as EventDef, {
      entityType: d.type,
      entityId: id,
      payload: { ...d.created(row), ...linked?.payload, ...(opts.leadId ? { leadId: opts.leadId } : {}) },
      ...(opts.leadId ? { changes: [{ field: 'lead_id', old: null, new: opts.leadId }] } : {}),
    });
    return id;
  }

  async function create(ctx: Ctx, input: ItemInput<T>): Promise<ItemDto<T>> {
    const responsible = input.responsibleId ?? actorId(ctx);
    if (!(await allowed(ctx, d.rights, 'add', responsible))) throw errors.forbidden();
    const id = await transaction(ctx, (tx) => insert(tx, input, { linkNeedsEdit: true }));
    return read.get(ctx, id);
  }

  return {
    descriptor: d,
    ...read,
    insert,
    create,

    async update(ctx, id, patch, version) {
      await transaction(ctx, async (tx) => {
        const before = await d.find(tx, id, { lock: true });
        if (!before) throw errors.notFound();
        await authorize(tx, d.rights, 'edit', before.responsible_id);
        if (before.version !== version) throw errors.conflict();
        const fields: FieldError[] = [];
        const { shared, own, extra, links } = await prepare(tx, patch, before, fields, { linkNeedsEdit: true });
        const common = { ...shared, ...extra };
        const after = d.merge(before, own, common);
        d.validate?.(after, fields);
        throwIfAny(fields);
        const tracked = new Set<string>(d.history.tracked);
        const set = { ...shared, ...own, ...extra };
        const changes = changesOf(before, set, d.history.money ? [...d.history.money] : []).filter((c) => c.field.startsWith('custom.') || tracked.has(c.field));
        if (links) changes.push(...(await links(id)).changes);
        if (!changes.length) return;
        await scoped(tx).updateVersioned(table, id, version, { ...set, search_text: d.searchText(after), updated_at: nowIso() });
        if (set.custom !== undefined) await linkItemFiles(tx, d.rights, id, String(set.custom));
        await d.updated?.(tx, before, own);
        await recordEvent(tx, d.events.updated as EventDef, { entityType: d.type, entityId: id, changes });
      });
      return read.get(ctx, id);
    },

    async remove(ctx, id) {
      await transaction(ctx, async (tx) => {
        const before = await d.find(tx, id, { lock: true });
        if (!before) throw errors.notFound();
        await authorize(tx, d.rights, 'delete', before.responsible_id);
        await trashItems(tx, d.type, [before], { reason: 'delete' });
      });
    },

    async copy(ctx, id) {
      const me = actorId(ctx);
      const src = await d.find(ctx, id);
      if (!src) throw errors.notFound();
      await authorize(ctx, d.rights, 'read', src.responsible_id);
      const defs = await fieldDefs(ctx, d.rights);
      const custom = parseJson<Record<string, unknown>>(src.custom, {});
      const keepResponsible = src.responsible_id !== null && (await allowed(ctx, d.rights, 'add', src.responsible_id));
      const input = await d.copyInput(ctx, src, {
        suffix: t(ctx.lang, 'crm.clients.copy_suffix'),
        responsibleId: keepResponsible ? src.responsible_id : me,
        custom: Object.fromEntries(defs.filter((f) => f.canEdit && custom[f.code] !== undefined).map((f) => [f.code, custom[f.code]])),
      });
      return create(ctx, input);
    },
  };
}

/** A type with its own writes (deals): reads through the shared reader, writes through its own service. */
export function ownOps<T extends ItemType>(d: OwnWritesDescriptor<T>): ItemOps<T> {
  return { descriptor: d, ...reader(d), create: d.create, update: d.update, remove: d.remove };
}
