import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company, Contact, Lead } from '@vavilon/contracts';
import { actorCtx, type Ctx } from '../../platform/context.js';
import { copyItem, createItem, deleteItem, getItem, getItems, updateItem } from './items/service.js';
import type { ClientType } from './items/types.js';
import { VALID_INN_10, clientsWorld, giveRole, ok, type ClientsWorld } from '../../../test/crm/clients-fixtures.js';

let w: ClientsWorld;
let employee: Ctx;

/** A service ctx acting as one of the portal's users. */
async function ctxOf(userId: number): Promise<Ctx> {
  const u = await w.t.platform.db.selectFrom('app_user').select(['id', 'account_id', 'role', 'department_id', 'language']).where('id', '=', userId).executeTakeFirstOrThrow();
  return actorCtx({ db: w.t.platform.db, sys: w.t.platform.sys }, w.p.portal, {
    userId: u.id,
    accountId: u.account_id,
    portalId: w.p.portal.id,
    role: u.role,
    departmentId: u.department_id,
    language: u.language,
  });
}

beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
  employee = await ctxOf(w.p.users.employee.id);
});
afterAll(() => w?.t.dispose());

/** The events an item recorded, oldest first: what its history and the robots read. */
async function eventsOf(type: ClientType, id: number) {
  const rows = await w.t.platform.db
    .selectFrom('domain_event')
    .select(['type', 'payload', 'actor_id'])
    .where('portal_id', '=', w.p.portal.id)
    .where('entity_type', '=', type)
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ type: r.type, actorId: r.actor_id, changes: (JSON.parse(r.payload) as { changes?: unknown[] }).changes ?? null }));
}

const CASES: { type: ClientType; path: string; body: Record<string, unknown>; patch: Record<string, unknown>; change: { field: string; old: unknown; new: unknown }; copyTitle: string }[] = [
  {
    type: 'company',
    path: 'companies',
    body: { title: 'ООО «Каркас»', inn: VALID_INN_10 },
    patch: { address: 'Москва, Тверская 1' },
    change: { field: 'address', old: '', new: 'Москва, Тверская 1' },
    copyTitle: 'ООО «Каркас» (копия)',
  },
  {
    type: 'contact',
    path: 'contacts',
    body: { lastName: 'Каркасов', firstName: 'Пётр' },
    patch: { position: 'Инженер' },
    change: { field: 'position', old: '', new: 'Инженер' },
    copyTitle: 'Каркасов (копия) Пётр',
  },
  {
    type: 'lead',
    path: 'leads',
    body: { title: 'Заявка с сайта', lastName: 'Каркасова' },
    patch: { companyTitle: 'ООО «Лид»' },
    change: { field: 'company_title', old: '', new: 'ООО «Лид»' },
    copyTitle: 'Заявка с сайта (копия)',
  },
];

describe('generic CRM items', () => {
  it.each(CASES)('a $type goes through create, a stale update, copy and delete the same way on the card routes and the item service', async (c) => {
    const me = w.p.users.employee.id;
    // The routes answer the item service's card.
    const created = ok(await w.employee.post(`/api/crm/${c.path}`, c.body));
    expect(created).toMatchObject({ version: 1, responsible: { id: me }, createdBy: { id: me }, abilities: { edit: true, delete: true } });
    expect(await getItem(employee, c.type, created.id)).toEqual(created);

    const updated = ok(await w.employee.patch(`/api/crm/${c.path}/${created.id}`, { version: created.version, ...c.patch }));
    expect(updated.version).toBe(2);
    expect(await getItem(employee, c.type, created.id)).toEqual(updated);

    // The version the user saw is gone: 409 on the route and in the service alike, nothing written.
    const stale = await w.employee.patch(`/api/crm/${c.path}/${created.id}`, { version: created.version, comments: 'поздно' });
    expect(stale.statusCode).toBe(409);
    await expect(updateItem(employee, c.type, created.id, { comments: 'поздно' }, created.version)).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect((await getItem(employee, c.type, created.id)).comments).toBe('');

    // A copy: the same fields under a new id, « (копия)» after the name (a contact's last name; leads have no copy route).
    const copy = c.type === 'lead' ? await copyItem(employee, 'lead', created.id) : ok(await w.employee.post(`/api/crm/${c.path}/${created.id}/copy`));
    expect(copy.id).not.toBe(created.id);
    expect(copy.version).toBe(1);
    expect(copy.title).toBe(c.copyTitle);
    const same = (x: Record<string, unknown>) => {
      const { id, title, lastName, version, createdAt, updatedAt, ...rest } = x;
      void id;
      void title;
      void lastName;
      void version;
      void createdAt;
      void updatedAt;
      return rest;
    };
    expect(same(copy)).toEqual(same(updated));

    // getItems answers the readable ones in the order asked; unknown ids drop out.
    expect((await getItems(employee, c.type, [copy.id, 999_999, created.id])).map((i) => i.id)).toEqual([copy.id, created.id]);

    ok(await w.employee.del(`/api/crm/${c.path}/${created.id}`));
    expect((await w.employee.get(`/api/crm/${c.path}/${created.id}`)).statusCode).toBe(404);
    await expect(getItem(employee, c.type, created.id)).rejects.toMatchObject({ status: 404 });
    await deleteItem(employee, c.type, copy.id);
    expect(await getItems(employee, c.type, [created.id, copy.id])).toEqual([]);

    // One event per write; the update's history line is the one field it changed.
    expect(await eventsOf(c.type, created.id)).toEqual([
      { type: `crm.${c.type}.created`, actorId: me, changes: null },
      { type: `crm.${c.type}.updated`, actorId: me, changes: [c.change] },
      { type: `crm.${c.type}.deleted`, actorId: me, changes: null },
    ]);
    expect((await eventsOf(c.type, copy.id)).map((e) => e.type)).toEqual([`crm.${c.type}.created`, `crm.${c.type}.deleted`]);
  });

  it('answers typed cards: a contact with its companies, a company with its contacts, a lead with its status', async () => {
    const company: Company = await createItem(employee, 'company', { title: 'ООО «Тип»' });
    const contact: Contact = await createItem(employee, 'contact', { firstName: 'Ольга', companyIds: [company.id] });
    const lead: Lead = await createItem(employee, 'lead', { title: 'Типовой лид' });
    expect(contact.companies).toEqual([{ id: company.id, title: 'ООО «Тип»', entityType: 'company' }]);
    expect((await getItem(employee, 'company', company.id)).contacts).toEqual([{ id: contact.id, title: 'Ольга', entityType: 'contact' }]);
    expect(lead.statusKind).toBe('progress');
    // A user who may read only their own items gets none of these from getItems, and 404 from getItem.
    const other = await ctxOf(w.p.users.other.id);
    expect(await getItems(other, 'contact', [contact.id])).toEqual([]);
    await expect(getItem(other, 'lead', lead.id)).rejects.toMatchObject({ status: 404 });
    expect((await getItems(await ctxOf(w.p.users.head.id), 'contact', [contact.id])).map((i) => i.id)).toEqual([contact.id]);
  });
});
