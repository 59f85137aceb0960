import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeSchema, databaseSchema, schemaDrift, type SchemaShape } from '../../test/platform/schema-drift.js';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
let code: SchemaShape;
let migrated: SchemaShape;

beforeAll(async () => {
  t = await startTestApp();
  code = codeSchema();
  migrated = await databaseSchema(t.platform.db, t.platform.dialect);
});
afterAll(() => t?.dispose());

describe('schema drift', () => {
  it('finds the tables and columns of the code and of the migrated database', () => {
    expect(code.crm_deal?.amount).toEqual({ kind: 'number', nullable: false });
    expect(code.app_user?.department_id).toEqual({ kind: 'number', nullable: true });
    expect(code.portal?.id).toEqual({ kind: 'number', nullable: false }); // Generated<number>
    expect(Object.keys(migrated)).toEqual(expect.arrayContaining(['portal', 'app_user', 'crm_deal', 'file']));
    expect(migrated.crm_deal?.kanban_sort).toEqual({ kind: 'number', nullable: false });
    expect(migrated.crm_deal?.close_date).toEqual({ kind: 'string', nullable: true });
  });

  it('has none: the migrated database is the one the code uses', () => {
    expect(schemaDrift(code, migrated)).toEqual([]);
  });

  it('reports a missing or extra table or column, a nullability and a kind that differ', () => {
    const drifted: SchemaShape = structuredClone(code);
    delete drifted.crm_lead;
    drifted.crm_task = { id: { kind: 'number', nullable: false } };
    delete drifted.crm_deal!.kanban_sort;
    drifted.crm_deal!.probability = { kind: 'number', nullable: true };
    drifted.app_user!.department_id = { kind: 'number', nullable: false };
    drifted.portal!.title = { kind: 'number', nullable: false };
    expect(schemaDrift(drifted, migrated)).toEqual([
      'column app_user.department_id: never null in the code, nullable in the database',
      'column crm_deal.probability: in the code, not in the database',
      'column crm_deal.kanban_sort: in the database, not in the code',
      'table crm_task: in the code, not in the database',
      'column portal.title: a number in the code, a string in the database',
      'table crm_lead: in the database, not in the code',
    ]);
  });
});
