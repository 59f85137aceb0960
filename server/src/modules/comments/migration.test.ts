import { Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { allMigrations } from '../../platform/db/migrations/index.js';
import { openDatabase } from '../../platform/db/database.js';
import { modules } from '../index.js';
import { freshDatabase } from '../../../test/harness.js';

const MOVE = '20261202_0010_comments';
const REPLIES = '20261204_0100_comment_replies';

describe('the comments migration', () => {
  it("moves the CRM's comments with their ids, and renames their file links, events and history", async () => {
    const fresh = await freshDatabase({ empty: true });
    const handle = openDatabase({ url: fresh.url, dataDir: fresh.dataDir });
    const db = handle.db as any;
    try {
      const all = allMigrations(modules);
      // The database as it was before comments had their own module.
      const before: Record<string, Migration> = {};
      for (const name of Object.keys(all).filter((n) => n < MOVE)) before[name] = { up: (d) => all[name]!.up(d, handle.dialect) };
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
      expect(error).toBeUndefined();

      const at = new Date().toISOString();
      const portal = await db.insertInto('portal').values({ name: 'old', title: 'Старый', created_at: at }).returning('id').executeTakeFirstOrThrow();
      const p = portal.id as number;
      const file = await db
        .insertInto('file')
        .values({ portal_id: p, name: 'КП.txt', size: 3, mime: 'text/plain', sha256: 'a'.repeat(64), created_by: null, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rows = [
        { id: 7, portal_id: p, entity_type: 'deal', entity_id: 3, author_id: null, html: '<p>Старый</p>', files: JSON.stringify([file.id]), mentions: '[]', created_at: at, updated_at: at },
        { id: 12, portal_id: p, entity_type: 'company', entity_id: 5, author_id: null, html: '<p>Второй</p>', files: '[]', mentions: '[]', created_at: at, updated_at: at },
      ];
      await db.insertInto('crm_comment').values(rows).execute();
      await db.insertInto('file_link').values({ portal_id: p, file_id: file.id, entity_type: 'crm_comment', entity_id: 7, field: 'files' }).execute();
      await db.insertInto('file_link').values({ portal_id: p, file_id: file.id, entity_type: 'deal', entity_id: 3, field: 'uf_offer' }).execute();
      const event = (type: string, entityType: string, entityId: string) => ({ portal_id: p, type, entity_type: entityType, entity_id: entityId, actor_id: null, payload: '{}', created_at: at });
      await db
        .insertInto('domain_event')
        .values([event('crm.comment.created', 'crm_comment', '7'), event('crm.comment.updated', 'crm_comment', '7'), event('crm.deal.created', 'deal', '3')])
        .execute();
      await db
        .insertInto('history')
        .values({ portal_id: p, entity_type: 'crm_comment', entity_id: '7', event_id: 2, actor_id: null, action: 'crm.comment.updated', field: 'html', old_value: 'a', new_value: 'b', created_at: at })
        .execute();

      expect(await migrateToLatest(handle.db, handle.dialect, all)).toContain(MOVE);

      const moved = await db.selectFrom('comment').selectAll().orderBy('id').execute();
      expect(moved.map((r: any) => ({ ...r, version: Number(r.version) }))).toEqual(
        rows.map((r) => ({ ...r, parent_id: null, version: 1, created_at: moved[0].created_at, updated_at: moved[0].updated_at })),
      );
      expect(await db.selectFrom('file_link').select(['entity_type', 'entity_id', 'field']).orderBy('entity_type').execute()).toEqual([
        { entity_type: 'comment', entity_id: 7, field: 'files' },
        { entity_type: 'deal', entity_id: 3, field: 'uf_offer' },
      ]);
      expect((await db.selectFrom('domain_event').select(['type', 'entity_type', 'entity_id']).orderBy('id').execute()).map((e: any) => `${e.type} ${e.entity_type}:${e.entity_id}`)).toEqual([
        'comments.comment.created comment:7',
        'comments.comment.updated comment:7',
        'crm.deal.created deal:3',
      ]);
      expect(await db.selectFrom('history').select(['entity_type', 'action']).execute()).toEqual([{ entity_type: 'comment', action: 'comments.comment.updated' }]);
      await expect(db.selectFrom('crm_comment').selectAll().execute()).rejects.toThrow();
      // A new comment takes the next id after the moved ones.
      const next = await db
        .insertInto('comment')
        .values({ portal_id: p, entity_type: 'deal', entity_id: 3, author_id: null, html: '<p>Новый</p>', files: '[]', mentions: '[]', created_at: at, updated_at: at, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(next.id).toBe(13);
    } finally {
      await handle.close();
      await fresh.drop();
    }
  });

  it('makes the comments written before answers top-level ones, and indexes the threads', async () => {
    const fresh = await freshDatabase({ empty: true });
    const handle = openDatabase({ url: fresh.url, dataDir: fresh.dataDir });
    const db = handle.db as any;
    try {
      const all = allMigrations(modules);
      const before: Record<string, Migration> = {};
      for (const name of Object.keys(all).filter((n) => n < REPLIES)) before[name] = { up: (d) => all[name]!.up(d, handle.dialect) };
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
      expect(error).toBeUndefined();
      const at = new Date().toISOString();
      const portal = await db.insertInto('portal').values({ name: 'old', title: 'Старый', created_at: at }).returning('id').executeTakeFirstOrThrow();
      const row = { portal_id: portal.id, entity_type: 'deal', entity_id: 3, author_id: null, html: '<p>Старый</p>', files: '[]', mentions: '[]', created_at: at, updated_at: at, version: 1 };
      const old = await db.insertInto('comment').values(row).returning('id').executeTakeFirstOrThrow();

      expect(await migrateToLatest(handle.db, handle.dialect, all)).toContain(REPLIES);

      expect(await db.selectFrom('comment').select(['id', 'parent_id']).execute()).toEqual([{ id: old.id, parent_id: null }]);
      const answer = await db
        .insertInto('comment')
        .values({ ...row, parent_id: old.id })
        .returning('parent_id')
        .executeTakeFirstOrThrow();
      expect(answer.parent_id).toBe(old.id);
      const indexes =
        handle.dialect === 'sqlite'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'comment'`.execute(db)).rows
          : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'comment'`.execute(db)).rows;
      expect(indexes.map((i) => i.name)).toContain('comment_thread');
    } finally {
      await handle.close();
      await fresh.drop();
    }
  });
});
