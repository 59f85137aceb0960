/**
 * The automation benchmark's data: a fresh database migrated by the server's own migrations, a
 * portal with the telemarketing department (its head and ten telemarketers), the call pipeline
 * «Воронка обзвона» with its stages and «Создать задачу» robots on each working stage (what the
 * preset's robots create on entry), and 100,000 deals in «Новая заявка» (`BENCH_SCALE` scales them).
 */
import { sql } from 'kysely';
import { RuleInput } from '@vavilon/contracts';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { systemCtx } from '../../server/src/platform/context.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../../server/src/modules/users/provision.js';
import { insertRule } from '../../server/src/modules/automation/rules/store.js';
import { SCALE, STAGES, step } from './lib.js';
import { freshDatabase } from '../fresh-database.js';

export const DEALS = Math.max(1000, Math.round(100_000 * SCALE));

export interface Generated {
  url: string;
  dialect: 'sqlite' | 'postgres';
  pipelineId: number;
  /** Stage ids by code. */
  stages: Record<string, number>;
  dealIds: number[];
  drop(): Promise<void>;
}

const DEAL_COLUMNS = [
  'portal_id',
  'title',
  'pipeline_id',
  'stage_id',
  'stage_kind',
  'amount',
  'currency',
  'stage_changed_at',
  'phones',
  'emails',
  'websites',
  'messengers',
  'responsible_id',
  'comments',
  'custom',
  'search_text',
  'created_at',
  'updated_at',
  'version',
  'kanban_sort',
];

export async function generate(pgUrl: string | null): Promise<Generated> {
  const db0 = await freshDatabase(pgUrl, 'automation');
  const config = loadConfig({}, { databaseUrl: db0.url, dataDir: db0.dataDir, logLevel: 'silent', pollMs: 60_000 });
  const app = await buildApp(config, { logger: false });
  const dialect = app.platform.dialect as 'sqlite' | 'postgres';
  step(`${dialect}: portal, the telemarketing department, «Воронка обзвона» and its robots`);
  const made = await app.platform.db.transaction().execute(async (tx) => {
    const b = { db: tx, sys: app.platform.sys };
    const portal = await createPortal(b, 'benchauto', 'Бенчмарк автоматизации');
    const ctx = systemCtx(b, portal);
    const root = await addDepartment(ctx, 'Компания', null);
    const dep = await addDepartment(ctx, 'Отдел телемаркетинга', root);
    await addMember(ctx, { email: 'admin@benchauto.example', password: null, firstName: 'Анна', lastName: 'Админова', role: 'admin', departmentId: root });
    const head = await addMember(ctx, { email: 'head@benchauto.example', password: null, firstName: 'Ольга', lastName: 'Начальникова', departmentId: dep });
    await setDepartmentHead(ctx, dep, head);
    const people: number[] = [];
    for (let i = 1; i <= 10; i++)
      people.push(await addMember(ctx, { email: `tm${i}@benchauto.example`, password: null, firstName: 'Оператор', lastName: `Телемаркетинга${i}`, departmentId: dep, managerId: head }));
    const at = new Date().toISOString();
    const pipe = await tx
      .insertInto('crm_pipeline')
      .values({ portal_id: portal.id, entity_type: 'deal', name: 'Воронка обзвона', code: 'calls_bench', sort: 100, is_default: 0, version: 1, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stages: Record<string, number> = {};
    let sort = 0;
    for (const s of STAGES) {
      const row = await tx
        .insertInto('crm_stage')
        .values({ portal_id: portal.id, entity_type: 'deal', pipeline_id: pipe.id, name: s.name, code: s.code, color: '#39a8ef', sort: (sort += 10), kind: s.kind, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      stages[s.code] = row.id;
    }
    const sysTx = { ...ctx, tx: { afterCommit: [] } };
    for (const s of STAGES)
      for (const title of s.tasks)
        await insertRule(
          sysTx,
          pipe.id,
          RuleInput.parse({
            kind: 'robot',
            stageId: stages[s.code],
            type: 'task.create',
            name: title,
            config: { title, responsible: s.code === 'NEW' ? { kind: 'user', userId: head } : { kind: 'responsible' }, deadline: { amount: 1, unit: 'days' }, deadlineLocked: true },
          }),
        );
    return { portal, pipelineId: Number(pipe.id), stages, people };
  });
  step(`${dialect}: ${DEALS.toLocaleString('en')} deals in «Новая заявка»`);
  const at = new Date().toISOString();
  const CHUNK = 1000;
  for (let i = 0; i < DEALS; i += CHUNK * 20) {
    await app.platform.db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(DEALS, i + CHUNK * 20); j += CHUNK) {
        const rows: unknown[][] = [];
        for (let k = j; k < Math.min(DEALS, j + CHUNK); k++) {
          const title = `Звонок ${k + 1}`;
          rows.push([
            made.portal.id,
            title,
            made.pipelineId,
            made.stages.NEW,
            'progress',
            0,
            'RUB',
            at,
            '[]',
            '[]',
            '[]',
            '[]',
            made.people[k % made.people.length],
            '',
            '{}',
            title.toLowerCase(),
            at,
            at,
            1,
            k,
          ]);
        }
        await insertRows({ db: tx }, 'crm_deal', DEAL_COLUMNS, rows);
      }
    });
  }
  step(`${dialect}: ANALYZE`);
  await sql`analyze`.execute(app.platform.db);
  const dealIds = (await app.platform.db.selectFrom('crm_deal').select('id').where('pipeline_id', '=', made.pipelineId).orderBy('id').execute()).map((r) => Number(r.id));
  await app.close();
  return { url: db0.url, dialect, pipelineId: made.pipelineId, stages: made.stages, dealIds, drop: db0.drop };
}
