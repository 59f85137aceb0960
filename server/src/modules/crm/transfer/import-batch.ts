import type { FieldDef } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { FieldError } from '../../../platform/errors.js';
import { t, type Lang } from '../../../platform/i18n/index.js';
import { localizeIssues } from '../../../platform/http/validation.js';
import { fieldDefs, validateCustom } from '../fields.js';
import { scopeTest } from '../rights.js';

type InScope = Awaited<ReturnType<typeof scopeTest>>;
import type { EntityType, StageKind } from '../schema.js';
import { specOf } from '../specs.js';
import { parseJson } from '../values.js';
import { companyTitleKey, companyTitleKeys, DUPLICATE_KEYS, KeyIndex } from './duplicates.js';
import { itemColumns, missingForNew } from './item-values.js';
import { IMPORT_TARGETS } from './import-fields.js';
import type { FileRecord } from './file-rows.js';
import { readRow, type ColumnMap, type RowInput } from './row-input.js';
import { directory } from '../../users/api.js';
import { insertItems, updateItem, WriteSink, type ItemRow, type NewItem } from './writers.js';

export type DuplicatePolicy = 'skip' | 'update' | 'create';

export interface ReportEntry {
  row: number;
  field: string | null;
  message: string;
}

export type SkipReason = 'duplicate_inn' | 'duplicate_title' | 'duplicate_email' | 'duplicate_phone' | 'duplicate_deal';

/** A row skipped as a duplicate; `item` only when the importer may read the item it duplicates. */
export interface SkipEntry {
  row: number;
  reason: SkipReason;
  item: { type: EntityType; id: number; title: string } | null;
}

/** What the report says of a skipped row, in the reader's language. */
export function skipMessage(lang: Lang, entity: EntityType, s: SkipEntry): string {
  const short = s.reason.slice('duplicate_'.length);
  return t(lang, `crm.import.skip.${short}${s.item ? '' : '_hidden'}`, { title: s.item?.title ?? '', item: t(lang, `crm.import.skip.of_${entity}`) });
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: ReportEntry[];
  skips: SkipEntry[];
}

interface StageRef {
  id: number;
  name: string;
  kind: StageKind;
}
interface PipelineRef {
  id: number;
  name: string;
  stages: StageRef[];
}

const lower = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е');

/** A pending new item of the batch, with the keys later rows may find it by. */
interface Pending {
  item: NewItem;
  keys: string[];
}

/**
 * One run of an import: what is loaded once (field definitions, employees, pipelines, the
 * duplicate index) and the processing of each batch of rows inside its transaction.
 */
export class ImportRun {
  private constructor(
    private ctx: Ctx,
    readonly entity: EntityType,
    readonly importId: number,
    private policy: DuplicatePolicy,
    private maps: ColumnMap[],
    private defs: FieldDef[],
    private customDefs: Map<string, FieldDef>,
    private users: Map<string, number>,
    private mayImport: InScope,
    private mayEdit: InScope,
    private mayRead: InScope,
    private pipelines: PipelineRef[],
    private leadStatuses: StageRef[],
    private duplicates: KeyIndex | null,
    private companies: KeyIndex | null,
  ) {}

  static async prepare(ctx: Ctx, entity: EntityType, importId: number, policy: DuplicatePolicy, maps: ColumnMap[]): Promise<ImportRun> {
    const defs = await fieldDefs(ctx, entity);
    const [users, importScope, editScope, readScope] = await Promise.all([directory(ctx), scopeTest(ctx, entity, 'import'), scopeTest(ctx, entity, 'edit'), scopeTest(ctx, entity, 'read')]);
    // An active employee is named by id, e-mail or name in either order.
    const byName = new Map<string, number>();
    for (const u of users.filter((x) => x.active)) {
      byName.set(String(u.id), u.id);
      byName.set(lower(`${u.lastName} ${u.firstName}`), u.id);
      byName.set(lower(`${u.firstName} ${u.lastName}`), u.id);
      for (const e of u.emails) byName.set(lower(e), u.id);
    }
    // The sign-in address names its member over a profile address another member happens to list.
    for (const u of users) if (u.active && u.accountEmail) byName.set(lower(u.accountEmail), u.id);

    let pipelines: PipelineRef[] = [];
    let leadStatuses: StageRef[] = [];
    const stages = await scoped(ctx).selectFrom('crm_stage').select(['id', 'name', 'kind', 'pipeline_id', 'entity_type']).orderBy('sort').orderBy('id').execute();
    if (entity === 'deal') {
      const ps = await scoped(ctx).selectFrom('crm_pipeline').select(['id', 'name', 'is_default']).orderBy('is_default', 'desc').orderBy('sort').orderBy('id').execute();
      pipelines = ps.map((p) => ({ id: p.id, name: p.name, stages: stages.filter((s) => s.entity_type === 'deal' && s.pipeline_id === p.id) }));
    }
    if (entity === 'lead') leadStatuses = stages.filter((s) => s.entity_type === 'lead');

    const dup = DUPLICATE_KEYS[entity];
    const duplicates = policy === 'create' ? null : await KeyIndex.load(ctx, entity, dup.indexed, dup.columns);
    const needsCompanies = (entity === 'contact' || entity === 'deal') && maps.some((m) => m.key === 'company');
    const companies = needsCompanies ? await KeyIndex.load(ctx, 'company', companyTitleKeys, ['title']) : null;
    return new ImportRun(ctx, entity, importId, policy, maps, defs, new Map(defs.map((d) => [d.code, d])), byName, importScope, editScope, readScope, pipelines, leadStatuses, duplicates, companies);
  }

  private findUser = (value: string): number | null => this.users.get(lower(value)) ?? null;
  private get requiredCustom(): boolean {
    return this.defs.some((d) => d.required && d.canEdit);
  }

  /** Writes one batch in the caller's transaction: rows with problems are reported, not written. */
  async processBatch(tx: Ctx, records: FileRecord[]): Promise<BatchResult> {
    const result: BatchResult = { created: 0, updated: 0, skipped: 0, failed: 0, errors: [], skips: [] };
    const sink = new WriteSink({ source: 'import', importId: this.importId });
    const rows = records.map((r) => ({ n: r.n, read: readRow(this.maps, r.cells, { customDefs: this.customDefs, findUser: this.findUser }) }));
    const companyIds = await this.resolveCompanies(
      tx,
      rows.map((r) => r.read),
    );

    // Normalised fields of every row (phones in E.164, e-mails lower-cased) and its duplicate keys.
    const prepared = rows.map(({ n, read }) => {
      const problems: ReportEntry[] = [];
      const refs = this.refColumns(read, companyIds, problems, n);
      const errs: FieldError[] = [];
      const { columns, issues } = itemColumns(this.entity, { ...read.input, ...refs.input }, errs);
      for (const p of read.problems) problems.push({ row: n, field: p.column, message: t(this.ctx.lang, p.message, p.params) });
      this.report(n, read, issues, errs, problems);
      const values = { ...columns, ...refs.columns };
      return { n, read, values, refs, problems, keys: this.duplicates ? DUPLICATE_KEYS[this.entity].sought(values) : [] };
    });
    const existing = await this.loadCandidates(
      tx,
      prepared.filter((p) => !p.problems.length).flatMap((p) => p.keys),
    );

    const pending: Pending[] = [];
    const pendingKeys = new Map<string, number>();
    const flush = async () => {
      if (!pending.length) return;
      const ids = await insertItems(
        tx,
        this.entity,
        pending.map((p) => p.item),
        sink,
      );
      pending.forEach((p, i) => p.keys.forEach((k) => this.duplicates?.add(k, ids[i]!)));
      pending.length = 0;
      pendingKeys.clear();
    };

    for (const p of prepared) {
      if (p.problems.length) {
        result.failed++;
        result.errors.push(...p.problems);
        continue;
      }
      let dup: ItemRow | undefined;
      if (this.duplicates && p.keys.length) {
        if (p.keys.some((k) => pendingKeys.has(k))) {
          // The row repeats one written earlier in this batch: write those first and find it.
          await flush();
          for (const [id, row] of await this.fetchRows(
            tx,
            p.keys.flatMap((k) => this.duplicates!.candidates(k)),
          ))
            existing.set(id, row);
        }
        dup = this.matchDuplicate(p.keys, existing);
      }
      if (dup && this.policy === 'skip') {
        result.skipped++;
        result.skips.push(this.skipEntry(p.n, p.keys, dup));
        continue;
      }
      if (dup) {
        const updated = await this.update(tx, p, dup, sink);
        if (Array.isArray(updated)) {
          result.failed++;
          result.errors.push(...updated);
        } else {
          existing.set(dup.id, updated);
          result.updated++;
        }
        continue;
      }
      const created = await this.prepareNew(tx, p);
      if (Array.isArray(created)) {
        result.failed++;
        result.errors.push(...created);
        continue;
      }
      pending.push({ item: created, keys: p.keys });
      for (const k of p.keys) pendingKeys.set(k, pending.length - 1);
      result.created++;
    }
    await flush();
    await sink.flush(tx);
    return result;
  }

  /** Why the row is skipped: the key it shares with `dup`, and `dup` itself when the importer may read it. */
  private skipEntry(n: number, keys: string[], dup: ItemRow): SkipEntry {
    const have = new Set(DUPLICATE_KEYS[this.entity].indexed(dup));
    const key = keys.find((k) => have.has(k)) ?? keys[0] ?? '';
    const reason: SkipReason =
      this.entity === 'deal' ? 'duplicate_deal' : key.startsWith('i:') ? 'duplicate_inn' : key.startsWith('e:') ? 'duplicate_email' : key.startsWith('p:') ? 'duplicate_phone' : 'duplicate_title';
    const title = (this.entity === 'contact' ? [dup.last_name, dup.first_name, dup.middle_name].filter(Boolean).join(' ') : String(dup.title ?? '')) || '—';
    const readable = this.mayRead(dup.responsible_id ?? null, dup.pipeline_id ?? null);
    return { row: n, reason, item: readable ? { type: this.entity, id: dup.id, title } : null };
  }

  /** Turns zod issues and item-rule errors into report lines pointing at the file's columns. */
  private report(n: number, read: RowInput, issues: { path: PropertyKey[] }[], errs: FieldError[], out: ReportEntry[]): void {
    const columnOf = (path: string) => {
      const parts = path.split('.');
      for (let i = parts.length; i > 0; i--) {
        const c = read.origin.get(parts.slice(0, i).join('.'));
        if (c) return c;
      }
      // A field no column fed (a title the row lacks): named as the import screen names it.
      return IMPORT_TARGETS[this.entity].find((x) => x.key === parts[0])?.label[this.ctx.lang] ?? null;
    };
    for (const m of localizeIssues(issues as never, this.ctx.lang)) out.push({ row: n, field: columnOf(m.field), message: m.message });
    for (const e of errs) out.push({ row: n, field: columnOf(e.field), message: t(this.ctx.lang, e.message, e.params) });
  }

  /** Companies named in the «Компания» column, found by name (one query per batch). */
  private async resolveCompanies(tx: Ctx, rows: RowInput[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!this.companies) return out;
    const names = [...new Set(rows.map((r) => r.refs.company).filter((c): c is string => !!c))];
    const ids = [...new Set(names.flatMap((n) => this.companies!.candidates(companyTitleKey(n))))];
    const found = await this.fetchRows(tx, ids, 'company', ['id', 'title']);
    // Each candidate's title is normalised once: the lowest id per normalised title wins.
    const byKey = new Map<string, number>();
    for (const c of found.values()) {
      const key = companyTitleKey(c.title);
      const seen = byKey.get(key);
      if (seen === undefined || c.id < seen) byKey.set(key, c.id);
    }
    for (const name of names) {
      const id = byKey.get(companyTitleKey(name));
      if (id !== undefined) out.set(name, id);
    }
    return out;
  }

  /** Employees, pipeline and stage, status and company named in the row, as ids. */
  private refColumns(read: RowInput, companyIds: Map<string, number>, problems: ReportEntry[], n: number) {
    const input: Record<string, unknown> = {};
    const columns: ItemRow = {};
    const refs = read.refs;
    const problem = (key: string, message: Parameters<typeof t>[1], value: string) => problems.push({ row: n, field: read.origin.get(key) ?? null, message: t(this.ctx.lang, message, { value }) });
    if (refs.responsible) {
      const id = this.findUser(refs.responsible);
      if (id === null) problem('responsible', 'crm.import.responsible_unknown', refs.responsible);
      else input.responsibleId = id;
    }
    if (refs.company) {
      const id = companyIds.get(refs.company);
      if (id === undefined) problem('company', 'crm.import.company_unknown', refs.company);
      else if (this.entity === 'deal') columns.company_id = id;
      else columns.companyIds = [id];
    }
    if (this.entity === 'deal' && (refs.pipeline || refs.stage)) {
      const pipeline = refs.pipeline ? this.pipelines.find((p) => lower(p.name) === lower(refs.pipeline!)) : this.pipelines[0];
      if (!pipeline) problem('pipeline', 'crm.import.pipeline_unknown', refs.pipeline ?? '');
      else {
        const stage = refs.stage ? pipeline.stages.find((s) => lower(s.name) === lower(refs.stage!)) : pipeline.stages.find((s) => s.kind === 'progress');
        if (!stage) problem('stage', 'crm.import.stage_unknown', refs.stage ?? '');
        else Object.assign(columns, { pipeline_id: pipeline.id, stage_id: stage.id, stage_kind: stage.kind });
      }
    }
    if (this.entity === 'lead' && refs.status) {
      const status = this.leadStatuses.find((s) => lower(s.name) === lower(refs.status!));
      if (!status) problem('status', 'crm.import.stage_unknown', refs.status);
      else Object.assign(columns, { status_id: status.id, status_kind: status.kind });
    }
    return { input, columns };
  }

  /** Rows by id, 500 a query: whole rows, or only `columns` (a company's name for the «Компания» column). */
  private async fetchRows(tx: Ctx, ids: number[], entity: EntityType = this.entity, columns?: string[]): Promise<Map<number, ItemRow>> {
    const out = new Map<number, ItemRow>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const from = scoped(tx).selectFrom(specOf(entity).table) as any;
      const rows = await (columns ? from.select(columns) : from.selectAll()).where('id', 'in', unique.slice(i, i + 500)).execute();
      for (const r of rows as ItemRow[]) out.set(r.id, r);
    }
    return out;
  }

  private async loadCandidates(tx: Ctx, keys: string[]): Promise<Map<number, ItemRow>> {
    if (!this.duplicates || !keys.length) return new Map();
    return this.fetchRows(
      tx,
      [...new Set(keys)].flatMap((k) => this.duplicates!.candidates(k)),
    );
  }

  /** The oldest existing item that really carries one of the keys. */
  private matchDuplicate(keys: string[], existing: Map<number, ItemRow>): ItemRow | undefined {
    const wanted = new Set(keys);
    const ids = [...new Set(keys.flatMap((k) => this.duplicates!.candidates(k)))].sort((a, b) => a - b);
    for (const id of ids) {
      const row = existing.get(id);
      if (row && DUPLICATE_KEYS[this.entity].indexed(row).some((k) => wanted.has(k))) return row;
    }
    return undefined;
  }

  private actorId(): number {
    return this.ctx.actor!.userId;
  }

  /** A new item from the row: what a new item needs, the actor's right to import it, custom fields. */
  private async prepareNew(tx: Ctx, p: { n: number; read: RowInput; values: ItemRow; refs: { input: Record<string, unknown> } }): Promise<NewItem | ReportEntry[]> {
    const problems: ReportEntry[] = [];
    const input: Record<string, unknown> = { ...p.read.input, ...p.refs.input };
    if (this.entity === 'lead' && !input.title) {
      input.title = [input.lastName, input.firstName].filter(Boolean).join(' ') || input.companyTitle || undefined;
      if (input.title) p.read.origin.set('title', p.read.origin.get('lastName') ?? p.read.origin.get('companyTitle') ?? 'title');
    }
    const errs: FieldError[] = [];
    missingForNew(this.entity, input, errs);
    this.report(p.n, p.read, [], errs, problems);
    const values: ItemRow = { ...p.values };
    if (this.entity === 'lead' && input.title) values.title = input.title;
    const responsible = (values.responsible_id as number | undefined) ?? this.actorId();
    values.responsible_id = responsible;
    if (this.entity === 'deal' && values.stage_id === undefined) {
      const pipeline = this.pipelines[0];
      const stage = pipeline?.stages.find((s) => s.kind === 'progress');
      if (!pipeline || !stage) problems.push({ row: p.n, field: null, message: t(this.ctx.lang, 'crm.import.stage_unknown', { value: '' }) });
      else Object.assign(values, { pipeline_id: pipeline.id, stage_id: stage.id, stage_kind: stage.kind });
    }
    // A deal's right is its pipeline's: checked once the pipeline is known.
    if (!this.mayImport(responsible, values.pipeline_id ?? null))
      problems.push({ row: p.n, field: p.read.origin.get('responsible') ?? null, message: t(this.ctx.lang, 'crm.import.responsible_denied') });
    if (this.entity === 'lead' && values.status_id === undefined) {
      const status = this.leadStatuses.find((s) => s.kind === 'progress');
      if (!status) problems.push({ row: p.n, field: null, message: t(this.ctx.lang, 'crm.import.stage_unknown', { value: '' }) });
      else Object.assign(values, { status_id: status.id, status_kind: status.kind });
    }
    // Most rows carry no custom values: the check (and its await) is for those that do, or must.
    if (this.requiredCustom || Object.keys(p.read.custom).length) {
      const customErrs: FieldError[] = [];
      const custom = await validateCustom(tx, this.defs, {}, p.read.custom, customErrs, { creating: true });
      this.report(p.n, p.read, [], customErrs, problems);
      values.custom = JSON.stringify(custom);
    }
    if (problems.length) return problems;
    const companyIds = values.companyIds as number[] | undefined;
    delete values.companyIds;
    return { values, companyIds };
  }

  /** The row's fields over an existing item: only what the file gives; phones and e-mails are added to. */
  private async update(tx: Ctx, p: { n: number; read: RowInput; values: ItemRow }, before: ItemRow, sink: WriteSink): Promise<ItemRow | ReportEntry[]> {
    const refuse = (message: string, field: string | null = null): ReportEntry[] => [{ row: p.n, field, message }];
    if (!this.mayImport(before.responsible_id, before.pipeline_id ?? null) || !this.mayEdit(before.responsible_id, before.pipeline_id ?? null))
      return refuse(t(this.ctx.lang, 'crm.import.edit_denied'));
    const set: ItemRow = { ...p.values };
    const pipeline = set.pipeline_id ?? before.pipeline_id ?? null;
    // A deal moved to another pipeline by the file: the importer's right there, too.
    if (pipeline !== (before.pipeline_id ?? null) && !this.mayImport(set.responsible_id ?? before.responsible_id, pipeline)) return refuse(t(this.ctx.lang, 'crm.import.edit_denied'));
    if (set.responsible_id !== undefined && !this.mayImport(set.responsible_id, pipeline)) {
      return refuse(t(this.ctx.lang, 'crm.import.responsible_denied'), p.read.origin.get('responsible') ?? null);
    }
    for (const list of ['phones', 'emails', 'websites']) {
      if (set[list] === undefined) continue;
      const have = parseJson<{ type: string; value: string }[]>(before[list], []);
      const seen = new Set(have.map((v) => v.value.toLowerCase()));
      const added = parseJson<{ type: string; value: string }[]>(set[list], []).filter((v) => !seen.has(v.value.toLowerCase()));
      set[list] = JSON.stringify([...have, ...added]);
    }
    if (set.stage_id !== undefined && set.stage_id !== before.stage_id) set.stage_changed_at = new Date().toISOString();
    const companyIds = (set.companyIds as number[] | undefined) ?? [];
    delete set.companyIds;
    if (Object.keys(p.read.custom).length) {
      const customErrs: FieldError[] = [];
      const custom = await validateCustom(tx, this.defs, parseJson(before.custom, {}), p.read.custom, customErrs, { creating: false });
      if (customErrs.length) {
        const problems: ReportEntry[] = [];
        this.report(p.n, p.read, [], customErrs, problems);
        return problems;
      }
      set.custom = JSON.stringify(custom);
    }
    const after = await updateItem(tx, this.entity, before, set, sink, companyIds);
    return after ?? refuse(t(this.ctx.lang, 'error.conflict'));
  }
}
