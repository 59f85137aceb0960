import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit, lockForUpdate, transaction, type Ctx } from './context.js';
import { buildPortal, startTestApp, type TestApp, type TestPortal } from '../../test/harness.js';
import { systemCtxFor } from '../../test/support.js';

let t: TestApp;
let p: TestPortal;
let ctx: Ctx;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ctx = systemCtxFor(t, p.portal);
});
afterAll(() => t?.dispose());

const departments = (name: string) => t.platform.db.selectFrom('department').select('id').where('portal_id', '=', p.portal.id).where('name', '=', name).execute();
const addDepartment = (c: Ctx, name: string) =>
  c.db.insertInto('department').values({ portal_id: c.portal.id, name, parent_id: null, head_id: null, sort: 0, version: 1, created_at: new Date().toISOString() }).execute();

describe('transaction() and afterCommit()', () => {
  it('runs the after-commit hooks once the transaction has committed, and sees its writes', async () => {
    const seen: number[] = [];
    await transaction(ctx, async (tx) => {
      await addDepartment(tx, 'Отдел после фиксации');
      afterCommit(tx, async () => {
        seen.push((await departments('Отдел после фиксации')).length);
      });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([1]);
  });

  it('never runs them when the transaction rolls back, and keeps none of its writes', async () => {
    const ran: string[] = [];
    await expect(
      transaction(ctx, async (tx) => {
        await addDepartment(tx, 'Отдел отката');
        afterCommit(tx, () => void ran.push('hook'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(ran).toEqual([]);
    expect(await departments('Отдел отката')).toHaveLength(0);
  });

  it('joins an open transaction: an inner failure rolls back the outer work too, and the hooks wait for the outer commit', async () => {
    const ran: string[] = [];
    await transaction(ctx, async (outer) => {
      await transaction(outer, async (inner) => {
        expect(inner.db).toBe(outer.db);
        afterCommit(inner, () => void ran.push('inner'));
      });
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['inner']);

    await expect(
      transaction(ctx, async (outer) => {
        await addDepartment(outer, 'Отдел вложенной транзакции');
        await transaction(outer, async () => {
          throw new Error('inner');
        });
      }),
    ).rejects.toThrow('inner');
    expect(await departments('Отдел вложенной транзакции')).toHaveLength(0);
  });

  it('a failing hook does not fail the committed write nor stop the next hook', async () => {
    const ran: string[] = [];
    await transaction(ctx, async (tx) => {
      await addDepartment(tx, 'Отдел с упавшим обработчиком');
      afterCommit(tx, () => {
        throw new Error('redis is down');
      });
      afterCommit(tx, () => void ran.push('second'));
    });
    expect(ran).toEqual(['second']);
    expect(await departments('Отдел с упавшим обработчиком')).toHaveLength(1);
  });

  it('lockForUpdate adds FOR UPDATE on PostgreSQL only', () => {
    const q = lockForUpdate(ctx, t.platform.db.selectFrom('department').select('id'));
    expect(/for update/i.test(q.compile().sql)).toBe(t.platform.dialect === 'postgres');
  });
});
