import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../test/crm/clients-fixtures.js';
import { systemCtxFor } from '../../../test/support.js';
import type { Actor, Ctx } from '../../platform/context.js';
import type { Agent } from '../../../test/harness.js';
import { deliveriesOf } from '../../platform/realtime/audience.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { reactionSummaries } from './api.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  // «other» sees only the CRM items they are responsible for.
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const deal = async (title: string, responsibleId = w.p.users.employee.id) => ok(await w.admin.post('/api/crm/deals', { title, responsibleId })).id as number;
/** A comment written by `author` on a new deal of the employee's (the head and the administrator read it too). */
const comment = async (author: Agent, html = '<p>Комментарий</p>', responsibleId?: number) => {
  const d = await deal('Сделка с реакциями', responsibleId);
  return { deal: d, id: ok(await author.post(`/api/comments/deal/${d}`, { html })).id as number };
};
const url = (id: number, type = 'comment') => `/api/reactions/${type}/${id}`;
const react = (a: Agent, id: number, emoji: string, type = 'comment') => a.post(url(id, type), { emoji });
const unreact = (a: Agent, id: number, emoji: string, type = 'comment') => a.del(`${url(id, type)}?emoji=${encodeURIComponent(emoji)}`);
const ctxOf = (userId: number, portal = w.p.portal): Ctx => {
  const actor: Actor = { userId, accountId: 0, portalId: portal.id, role: 'employee', departmentId: null, language: 'ru' };
  return { ...systemCtxFor(w.t, portal), actor };
};
const reactionNotes = async (a: Agent) => ok(await a.get('/api/notifications?limit=100')).items.filter((n: any) => n.kind === 'reactions.reaction');

describe('reactions on a reactable item: /api/reactions/:type/:id', () => {
  it('adds, counts with the actor’s own, keeps one per emoji, and takes back', async () => {
    const c = await comment(w.employee);
    expect(ok(await w.employee.get(url(c.id)))).toEqual([]);
    expect(ok(await react(w.employee, c.id, '👍'))).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    // Once more: nothing changes.
    expect(ok(await react(w.employee, c.id, '👍'))).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    ok(await react(w.head, c.id, '👍'));
    ok(await react(w.head, c.id, '❤️'));
    ok(await react(w.admin, c.id, '🎉'));
    ok(await react(w.admin, c.id, '👍'));
    expect(ok(await w.employee.get(url(c.id)))).toEqual([
      { emoji: '👍', count: 3, mine: true },
      { emoji: '❤️', count: 1, mine: false },
      { emoji: '🎉', count: 1, mine: false },
    ]);
    expect(
      ok(await w.head.get(url(c.id)))
        .filter((r: any) => r.mine)
        .map((r: any) => r.emoji),
    ).toEqual(['👍', '❤️']);

    expect(ok(await unreact(w.employee, c.id, '👍'))).toEqual([
      { emoji: '👍', count: 2, mine: false },
      { emoji: '❤️', count: 1, mine: false },
      { emoji: '🎉', count: 1, mine: false },
    ]);
    // Taking back one not there changes nothing.
    expect(ok(await unreact(w.employee, c.id, '👍')).map((r: any) => r.count)).toEqual([2, 1, 1]);
    ok(await unreact(w.head, c.id, '❤️'));
    expect(ok(await w.head.get(url(c.id))).map((r: any) => r.emoji)).toEqual(['👍', '🎉']);
  });

  it('lists who reacted, by emoji, most first, each earliest first', async () => {
    const c = await comment(w.employee);
    ok(await react(w.head, c.id, '😂'));
    ok(await react(w.admin, c.id, '👍'));
    ok(await react(w.head, c.id, '👍'));
    const who = ok(await w.employee.get(`${url(c.id)}/users`));
    expect(who).toEqual([
      {
        emoji: '👍',
        users: [{ id: w.p.users.admin.id, fullName: 'Анна Админова', photoUrl: null }, expect.objectContaining({ id: w.p.users.head.id })],
      },
      { emoji: '😂', users: [expect.objectContaining({ id: w.p.users.head.id })] },
    ]);
  });

  it('takes one emoji only, and at most 20 different ones from a user on an item', async () => {
    const c = await comment(w.employee);
    for (const emoji of ['a', '', '👍👍', '👍 ', ' 👍', ':)', '<b>👍</b>', '1', '\u200d', '👍'.repeat(17)]) {
      const res = await react(w.head, c.id, emoji);
      expect(res.statusCode, JSON.stringify(emoji)).toBe(400);
      expect(fieldErrors(res).emoji, JSON.stringify(emoji)).toBe('Реакция — это один эмодзи');
    }
    expect((await w.head.post(url(c.id), {})).statusCode).toBe(400);
    const removal = await unreact(w.head, c.id, 'лайк');
    expect(removal.statusCode).toBe(400);
    expect(fieldErrors(removal).emoji).toBe('Реакция — это один эмодзи');
    // Skin tones, variation selectors, joined and flag emoji are one emoji each.
    for (const emoji of ['👍🏽', '❤️', '👩‍💻', '👨‍👩‍👧‍👦', '🇷🇺', '#️⃣']) ok(await react(w.head, c.id, emoji));
    const more = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘'];
    for (const emoji of more) ok(await react(w.head, c.id, emoji));
    const over = await react(w.head, c.id, '🥳');
    expect(over.statusCode).toBe(400);
    expect(fieldErrors(over).emoji).toBe('На один элемент можно оставить не больше 20 разных реакций');
    // One already there is still fine, and so is another user's.
    ok(await react(w.head, c.id, '😀'));
    ok(await react(w.employee, c.id, '🥳'));
    expect(ok(await w.head.get(url(c.id))).filter((r: any) => r.mine)).toHaveLength(20);
  });

  it('answers 404 for a type nobody declared reactable, an item that is not there, and one the user may not read', async () => {
    const c = await comment(w.head, '<p>Секрет</p>', w.p.users.head.id);
    ok(await react(w.head, c.id, '👍'));
    for (const type of ['planet', 'deal', 'valueOf', 'history']) {
      expect((await w.admin.get(url(c.deal, type))).statusCode, type).toBe(404);
      expect((await react(w.admin, c.deal, '👍', type)).statusCode, type).toBe(404);
    }
    expect((await w.admin.get(url(999_999))).statusCode).toBe(404);
    // «other» may not read the deal, so not its comments; the administrator of another portal finds nothing of this one.
    for (const a of [w.other, w.stranger]) {
      expect((await a.get(url(c.id))).statusCode).toBe(404);
      expect((await a.get(`${url(c.id)}/users`)).statusCode).toBe(404);
      expect((await react(a, c.id, '😂')).statusCode).toBe(404);
      expect((await unreact(a, c.id, '👍')).statusCode).toBe(404);
    }
    expect(ok(await w.employee.get(url(c.id)))).toEqual([{ emoji: '👍', count: 1, mine: false }]);
    // A deleted comment takes its reactions with it.
    ok(await w.head.del(`/api/comments/item/${c.id}`));
    expect((await w.head.get(url(c.id))).statusCode).toBe(404);
    expect(await w.t.platform.db.selectFrom('reaction').select('user_id').where('entity_type', '=', 'comment').where('entity_id', '=', c.id).execute()).toEqual([]);
  });

  it('works on tasks too, by the task’s read rule', async () => {
    const task = ok(await w.employee.post('/api/tasks', { title: 'Задача с реакциями' })).id as number;
    expect(ok(await react(w.employee, task, '🔥', 'task'))).toEqual([{ emoji: '🔥', count: 1, mine: true }]);
    expect((await w.other.get(url(task, 'task'))).statusCode).toBe(404);
    expect(ok(await w.admin.get(url(task, 'task')))).toEqual([{ emoji: '🔥', count: 1, mine: false }]);
  });

  it('records reactions.reaction.* events on the item, heard by the item’s readers only', async () => {
    const c = await comment(w.employee);
    ok(await react(w.head, c.id, '👍'));
    ok(await react(w.head, c.id, '👍'));
    ok(await unreact(w.head, c.id, '👍'));
    ok(await unreact(w.head, c.id, '👍'));
    const events = await w.t.platform.db.selectFrom('domain_event').selectAll().where('entity_type', '=', 'reaction').where('entity_id', '=', `comment:${c.id}`).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['reactions.reaction.added', 'reactions.reaction.removed']);
    expect(JSON.parse(events[0]!.payload)).toEqual({ itemType: 'comment', itemId: c.id, emoji: '👍', userId: w.p.users.head.id });
    // Through the readers' channel, checked there against the comment's (so the deal's) readers.
    const registry = w.t.platform.sys.registry;
    const event = { entityType: 'reaction', entityId: `comment:${c.id}`, portalId: w.p.portal.id, type: 'reactions.reaction.added', payload: JSON.parse(events[0]!.payload) } as unknown as DomainEvent;
    expect(deliveriesOf(registry, event).map(([channel]) => channel)).toEqual([`readers:${w.p.portal.id}`]);
    const audience = registry.realtimeAudience('reaction') as { readersOf: (e: DomainEvent) => unknown };
    expect(audience.readersOf(event)).toEqual({ entityType: 'comment', entityId: c.id });
  });
});

describe('the author hears of reactions', () => {
  it('in one notification per item, updated while unread within the hour', async () => {
    const c = await comment(w.head, '<p>Отчёт за неделю готов</p>');
    ok(await w.head.post('/api/notifications/read-all'));
    // Their own reaction is no news to them.
    ok(await react(w.head, c.id, '👍'));
    expect(await reactionNotes(w.head)).toEqual([]);

    ok(await react(w.employee, c.id, '👍'));
    let notes = await reactionNotes(w.head);
    expect(notes).toEqual([
      expect.objectContaining({ title: 'Иван Сотрудников отреагировал(а) на ваш комментарий', body: '👍 Отчёт за неделю готов', url: `/crm/deal/details/${c.deal}`, read: false }),
    ]);
    ok(await react(w.employee, c.id, '🎉'));
    ok(await react(w.admin, c.id, '❤️'));
    notes = await reactionNotes(w.head);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: 'Анна Админова и ещё 1 отреагировали на ваш комментарий', body: '❤️ Отчёт за неделю готов', read: false });
    expect(ok(await w.head.get('/api/notifications')).unread).toBe(1);
    // The reactors are not told.
    expect((await reactionNotes(w.employee)).filter((n: any) => n.url === `/crm/deal/details/${c.deal}`)).toEqual([]);

    // Once read, the next reaction is news again.
    ok(await w.head.post(`/api/notifications/${notes[0].id}/read`));
    ok(await react(w.admin, c.id, '😂'));
    notes = await reactionNotes(w.head);
    expect(notes.map((n: any) => [n.title, n.read])).toEqual([
      ['Анна Админова и ещё 1 отреагировали на ваш комментарий', false],
      ['Анна Админова и ещё 1 отреагировали на ваш комментарий', true],
    ]);
    // An unread one older than an hour stays; the next reaction comes as a new one.
    await w.t.platform.db
      .updateTable('notification')
      .set({ created_at: new Date(Date.now() - 2 * 3600_000).toISOString() })
      .where('id', '=', notes[0].id)
      .execute();
    ok(await unreact(w.employee, c.id, '👍'));
    ok(await react(w.employee, c.id, '👍'));
    expect((await reactionNotes(w.head)).map((n: any) => n.read)).toEqual([false, false, true]);
  });

  it('is not told of an item they may no longer read', async () => {
    // «other» wrote on a deal of theirs that then went to someone else.
    const d = await deal('Сделка «Другого»', w.p.users.other.id);
    const c = ok(await w.other.post(`/api/comments/deal/${d}`, { html: '<p>Моё</p>' })).id as number;
    const version = ok(await w.admin.get(`/api/crm/deals/${d}`)).version;
    ok(await w.admin.patch(`/api/crm/deals/${d}`, { responsibleId: w.p.users.employee.id, version }));
    ok(await react(w.employee, c, '👍'));
    expect(await reactionNotes(w.other)).toEqual([]);
  });
});

describe('reactionSummaries for other modules', () => {
  it('gives a page of items their reactions in one statement, with the actor’s own, portal by portal', async () => {
    const [a, b, none] = [await comment(w.employee), await comment(w.employee), await comment(w.employee)];
    ok(await react(w.head, a.id, '👍'));
    ok(await react(w.employee, a.id, '👍'));
    ok(await react(w.employee, a.id, '😂'));
    ok(await react(w.admin, b.id, '🎉'));
    const statements: string[] = [];
    const db = w.t.platform.db.withPlugin({
      transformQuery: (args) => {
        statements.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const ctx = { ...ctxOf(w.p.users.employee.id), db };
    const got = await reactionSummaries(ctx, 'comment', [a.id, b.id, none.id, a.id]);
    expect(statements).toEqual(['SelectQueryNode']);
    expect(got).toEqual(
      new Map([
        [
          a.id,
          [
            { emoji: '👍', count: 2, mine: true },
            { emoji: '😂', count: 1, mine: true },
          ],
        ],
        [b.id, [{ emoji: '🎉', count: 1, mine: false }]],
      ]),
    );
    expect(await reactionSummaries(ctx, 'comment', [])).toEqual(new Map());
    // Another portal's ctx finds none of these.
    expect(await reactionSummaries(ctxOf(w.strangerPortal.users.admin.id, w.strangerPortal.portal), 'comment', [a.id, b.id])).toEqual(new Map());
  });

  it('reads through the item index, never the whole table', async () => {
    const db = w.t.platform.db;
    if (w.t.platform.dialect === 'sqlite') {
      const plan = await sql<{
        detail: string;
      }>`explain query plan select entity_id, emoji, count(*), max(case when user_id = 1 then 1 else 0 end) from reaction where portal_id = 1 and entity_type = 'comment' and entity_id in (1, 2, 3) group by entity_id, emoji`.execute(
        db,
      );
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING COVERING INDEX reaction_item/);
    } else {
      // On a table this small PostgreSQL would rather scan it: with scans priced out, the plan shows the index it can use.
      const plan = await db.connection().execute(async (c) => {
        await sql`set enable_seqscan = off`.execute(c);
        try {
          return await sql<{
            'QUERY PLAN': string;
          }>`explain select entity_id, emoji, count(*), max(case when user_id = 1 then 1 else 0 end) from reaction where portal_id = 1 and entity_type = 'comment' and entity_id in (1, 2, 3) group by entity_id, emoji`.execute(
            c,
          );
        } finally {
          await sql`set enable_seqscan = on`.execute(c);
        }
      });
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/reaction_item/);
    }
  });
});
