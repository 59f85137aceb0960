import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../harness.js';
import { apiRoutes, routeKey } from './helpers.js';
import { sampleKeys } from './samples.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.dispose());

describe('route samples of the modules', () => {
  it('are found in every module folder and each names a route or a table that exists', async () => {
    const keys = sampleKeys();
    // From auth, users, shell, operator, history, files and the CRM.
    expect(keys.samples).toEqual(expect.arrayContaining(['POST /api/auth/login', 'PATCH /api/users/:id', 'PUT /api/shell/settings', 'POST /api/operator/portals']));
    expect(keys.params).toEqual(expect.arrayContaining(['/api/history/:entityType/:entityId', '/api/auth/token/:token']));
    expect(keys.creators.sort()).toEqual([
      'automation_request',
      'automation_rule',
      'calendar_event',
      'catalog_product',
      'crm_activity',
      'crm_import',
      'crm_trash',
      'drive_item',
      'drive_link',
      'feed_post',
      'file',
      'store_document',
      'task_checklist_item',
      'task_dependency',
      'task_sprint',
      'workday_request',
      'workday_schedule',
    ]);
    const routes = apiRoutes(t);
    expect(keys.samples.filter((k) => !routes.some((r) => routeKey(r) === k))).toEqual([]);
    expect(keys.params.filter((u) => !routes.some((r) => r.url === u))).toEqual([]);
    expect(keys.names.filter((u) => !routes.some((r) => r.url === u))).toEqual([]);
    const tables =
      t.platform.dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.platform.db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(t.platform.db)).rows.map((r) => r.name);
    expect(keys.creators.filter((c) => !tables.includes(c))).toEqual([]);
  });
});
