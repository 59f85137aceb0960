import type { z } from 'zod';
import { t } from '../../../platform/i18n/index.js';
import type { FieldDef, TimelineEntry } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import type { EntityType } from '../schema.js';
import { authorize, hiddenTitle, scopeTest } from '../rights.js';
import { fieldDefs } from '../fields.js';
import { specOf } from '../specs.js';
import { parseJson } from '../values.js';
import { sql, type Compilable, type Kysely } from 'kysely';
import { prepared } from '../prepared.js';
import { fullName } from '../clients/common.js';
import { fieldLabel } from './labels.js';
import { portalUsersQuery, type UserRef } from '../../users/api.js';
import { listComments } from '../../comments/api.js';

type Entry = z.infer<typeof TimelineEntry>;
const HISTORY_LIMIT = 200;
const COMMENT_LIMIT = 100;

/** The item a timeline belongs to, if the actor may read it (404 otherwise). */
const itemStatements = new Map<EntityType, (ctx: Ctx, a: { id: number }) => Promise<Record<string, any>[]>>();
function itemStatement(entity: EntityType) {
  let run = itemStatements.get(entity);
  if (!run) {
    const table = specOf(entity).table;
    run = prepared((ctx, a: { id: number }) => (scoped(ctx) as any).selectFrom(table).selectAll().where('id', '=', a.id) as Compilable<Record<string, any>>);
    itemStatements.set(entity, run);
  }
  return run;
}

export async function readableItem(ctx: Ctx, entity: EntityType, id: number): Promise<Record<string, any>> {
  const row = (await itemStatement(entity)(ctx, { id }))[0];
  if (!row) throw errors.notFound();
  await authorize(ctx, entity, 'read', row.responsible_id, row.pipeline_id);
  return row;
}

export function itemTitle(entity: EntityType, row: Record<string, any>): string {
  return entity === 'contact' ? fullName(row as never) : String(row.title ?? '');
}

/** How a recorded value is shown: ids become names, lists become text. */
type Kind = 'user' | 'users' | 'stage' | 'company' | 'companies' | 'contact' | 'contacts' | 'deal' | 'lead' | 'pipeline' | 'typed' | 'texts' | 'plain';
const KINDS: Record<string, Kind> = {
  responsible_id: 'user',
  created_by: 'user',
  observer_ids: 'users',
  stage_id: 'stage',
  status_id: 'stage',
  pipeline_id: 'pipeline',
  company_id: 'company',
  company_ids: 'companies',
  contact_id: 'contact',
  contact_ids: 'contacts',
  primary_contact_id: 'contact',
  deal_id: 'deal',
  lead_id: 'lead',
  phones: 'typed',
  emails: 'typed',
  websites: 'typed',
  messengers: 'typed',
  products: 'texts',
};

function ids(v: string | null, many: boolean): number[] {
  if (v === null) return [];
  const parsed = parseJson<unknown>(v, null);
  const list = many ? (Array.isArray(parsed) ? parsed : []) : [parsed];
  return list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

type Wanted = Record<'user' | 'stage' | 'company' | 'contact' | 'deal' | 'pipeline', Set<number>>;
type RefRow = {
  k: keyof Wanted;
  id: number;
  title: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  responsible_id: number | null;
  pipeline_id: number | null;
  photo_url: string | null;
};

/**
 * Names of everything the entries refer to — users, stages, pipelines, companies, contacts,
 * deals — in one statement; items the actor may not read read «Скрыто».
 */
const REF_BRANCHES: [keyof Wanted, string | null, Partial<Record<'title' | 'last_name' | 'first_name' | 'middle_name' | 'responsible_id' | 'pipeline_id' | 'photo_url', string>>][] = [
  // Users come from the users module's query (table null): the branch names its columns bare.
  ['user', null, { last_name: 'last_name', first_name: 'first_name', photo_url: 'photo_url' }],
  ['stage', 'crm_stage', { title: 'name' }],
  ['pipeline', 'crm_pipeline', { title: 'name' }],
  ['company', 'crm_company', { title: 'title', responsible_id: 'responsible_id' }],
  ['contact', 'crm_contact', { last_name: 'last_name', first_name: 'first_name', middle_name: 'middle_name', responsible_id: 'responsible_id' }],
  ['deal', 'crm_deal', { title: 'title', responsible_id: 'responsible_id', pipeline_id: 'pipeline_id' }],
];

/**
 * The names statement, compiled once per shape: which kinds are wanted and how many ids of each,
 * rounded up to a power of two (the list is padded by repeating its last id) so that the shapes stay few.
 */
const namesStatement = prepared((ctx, a: Record<string, number>) => {
  const db = ctx.db as unknown as Kysely<any>;
  const pid = ctx.portal.id;
  // Typed nulls: PostgreSQL resolves the column types of a union pair by pair.
  const nulls = { text: sql`cast(null as text)`, int: sql`cast(null as integer)` };
  const parts = REF_BRANCHES.flatMap(([k, table, cols]) => {
    const list = Object.keys(a)
      .filter((key) => key.startsWith(`${k}_`))
      .map((key) => a[key]!);
    if (!list.length) return [];
    const columns = [
      sql.lit(k).as('k'),
      sql.ref(table ? `${table}.id` : 'id').as('id'),
      ...(['title', 'last_name', 'first_name', 'middle_name', 'responsible_id', 'pipeline_id', 'photo_url'] as const).map((c) =>
        (cols[c] ? sql.ref(table ? `${table}.${cols[c]}` : cols[c]!) : c === 'responsible_id' || c === 'pipeline_id' ? nulls.int : nulls.text).as(c),
      ),
    ];
    if (!table) return [(portalUsersQuery(ctx, list) as any).select(columns)];
    return [db.selectFrom(table).select(columns).where(`${table}.portal_id`, '=', pid).where(`${table}.id`, 'in', list)];
  });
  return parts.slice(1).reduce((q, p) => q.unionAll(p), parts[0]!) as unknown as Compilable<RefRow>;
});

/**
 * Names of everything the entries refer to — users, stages, pipelines, companies, contacts,
 * deals — in one statement; items the actor may not read read «Скрыто».
 */
async function resolveNames(ctx: Ctx, wanted: Wanted): Promise<{ names: Map<string, string>; users: Map<number, UserRef> }> {
  const names = new Map<string, string>();
  const users = new Map<number, UserRef>();
  const args: Record<string, number> = {};
  let shape = '';
  for (const [k] of REF_BRANCHES) {
    const list = [...wanted[k]];
    if (!list.length) continue;
    let size = 1;
    while (size < list.length) size *= 2;
    for (let i = 0; i < size; i++) args[`${k}_${i}`] = list[Math.min(i, list.length - 1)]!;
    shape += `${k}:${size};`;
  }
  if (!shape) return { names, users };
  const rows = await namesStatement(ctx, args, shape);
  const [readCompany, readContact, readDeal] = await Promise.all([scopeTest(ctx, 'company', 'read'), scopeTest(ctx, 'contact', 'read'), scopeTest(ctx, 'deal', 'read')]);
  const readable = { company: readCompany, contact: readContact, deal: readDeal };
  const hidden = hiddenTitle(ctx);
  for (const r of rows) {
    const id = Number(r.id);
    if (r.k === 'user') {
      const u = { id, fullName: `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim(), photoUrl: r.photo_url };
      users.set(id, u);
      names.set(`user:${id}`, u.fullName);
    } else if (r.k === 'company' || r.k === 'contact' || r.k === 'deal') {
      const title = r.k === 'contact' ? fullName({ last_name: r.last_name ?? '', first_name: r.first_name ?? '', middle_name: r.middle_name ?? '' }) : (r.title ?? '');
      names.set(`${r.k}:${id}`, readable[r.k](r.responsible_id === null ? null : Number(r.responsible_id), r.pipeline_id === null ? null : Number(r.pipeline_id)) ? title : hidden);
    } else {
      names.set(`${r.k}:${id}`, r.title ?? '');
    }
  }
  return { names, users };
}

function customText(def: FieldDef | undefined, v: string | null, names: Map<string, string>, lang: 'ru' | 'en'): string | null {
  if (v === null || !def) return v;
  const parsed = parseJson<unknown>(v, v);
  const one = (x: unknown): string => {
    if (def.type === 'list') return def.options.find((o) => o.id === x)?.label ?? String(x);
    if (def.type === 'boolean') return t(lang, x ? 'value.yes' : 'value.no');
    if (def.type === 'employee') return names.get(`user:${x}`) ?? String(x);
    return String(x);
  };
  return Array.isArray(parsed) ? parsed.map(one).join(', ') : one(parsed);
}

type HistoryRow = { id: number; actor_id: number | null; action: string; field: string | null; old_value: string | null; new_value: string | null; created_at: string };

/** The newest changes of an item, by its index. */
const historyStatement = prepared(
  (ctx, a: { entity: EntityType; key: string }) =>
    scoped(ctx)
      .selectFrom('history')
      .select(['id', 'actor_id', 'action', 'field', 'old_value', 'new_value', 'created_at'])
      .where('entity_type', '=', a.entity)
      .where('entity_id', '=', a.key)
      .orderBy('id', 'desc')
      .limit(HISTORY_LIMIT) as unknown as Compilable<HistoryRow>,
);

/** Comments and the change history of an item, merged, newest first. */
export async function timeline(ctx: Ctx, entity: EntityType, id: number): Promise<{ items: Entry[] }> {
  await readableItem(ctx, entity, id);
  const [history, comments, defs, linked] = await Promise.all([
    historyStatement(ctx, { entity, key: String(id) }),
    listComments(ctx, entity, id, { pageSize: COMMENT_LIMIT }),
    fieldDefs(ctx, entity),
    ctx.sys.registry.linkedTo(ctx, { type: entity, id }),
  ]);
  const defByCode = new Map(defs.map((d) => [d.code, d]));
  // Values of custom fields the actor may not read are not shown in the history either.
  // A robot's run is shown once, as its own line (the automation's `linkedTo`), not as a change of the item.
  const changes = history.filter((h) => h.action !== 'automation.run.finished' && (!h.field?.startsWith('custom.') || defByCode.get(h.field.slice(7))?.canRead !== false));

  const wanted = { user: new Set<number>(), stage: new Set<number>(), company: new Set<number>(), contact: new Set<number>(), deal: new Set<number>(), pipeline: new Set<number>() };
  for (const h of changes) {
    if (h.actor_id) wanted.user.add(h.actor_id);
    const kind = h.field ? KINDS[h.field] : undefined;
    const def = h.field?.startsWith('custom.') ? defByCode.get(h.field.slice(7)) : undefined;
    const target = kind === 'users' || def?.type === 'employee' ? 'user' : kind === 'companies' ? 'company' : kind === 'contacts' ? 'contact' : kind;
    if (!target || !(target in wanted)) continue;
    const many = kind === 'users' || kind === 'companies' || kind === 'contacts' || !!def?.multiple;
    for (const v of [h.old_value, h.new_value]) for (const n of ids(v, many)) wanted[target as keyof typeof wanted].add(n);
  }
  const { names, users } = await resolveNames(ctx, wanted);

  const show = (field: string, v: string | null): string | null => {
    if (v === null) return null;
    if (field.startsWith('custom.')) return customText(defByCode.get(field.slice(7)), v, names, ctx.lang);
    const kind = KINDS[field];
    if (!kind || kind === 'plain') return v;
    if (kind === 'typed')
      return parseJson<{ value: string }[]>(v, [])
        .map((x) => x.value)
        .join(', ');
    if (kind === 'texts') return parseJson<unknown[]>(v, []).map(String).join('; ');
    if (kind === 'lead') return `#${v}`;
    const many = kind === 'users' || kind === 'companies' || kind === 'contacts';
    const prefix = kind === 'users' ? 'user' : kind === 'companies' ? 'company' : kind === 'contacts' ? 'contact' : kind;
    return ids(v, many)
      .map((n) => names.get(`${prefix}:${n}`) ?? `#${n}`)
      .join(', ');
  };

  const customLabels = new Map(defs.map((d) => [d.code, d.label]));
  const items: Entry[] = [
    ...linked.map((l): Entry => ({ kind: 'linked', ...l, author: null })),
    ...comments.items.map((c): Entry => ({ kind: 'comment', id: c.id, author: c.author, html: c.html, createdAt: c.createdAt, files: c.files })),
    ...changes.map((h): Entry => ({
      kind: 'change',
      id: Number(h.id),
      author: h.actor_id ? (users.get(h.actor_id) ?? null) : null,
      action: h.action,
      field: h.field,
      fieldLabel: h.field ? fieldLabel(entity, h.field, ctx.lang, customLabels) : null,
      oldValue: h.field ? show(h.field, h.old_value) : null,
      newValue: h.field ? show(h.field, h.new_value) : null,
      createdAt: h.created_at,
    })),
  ];
  items.sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1));
  return { items };
}
