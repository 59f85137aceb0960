import { describe, expect, it } from 'vitest';
import { Registry, type MenuEntry, type PortalModule } from './registry/registry.js';
import { modules } from '../modules/index.js';
import { defineEvent } from '@vavilon/contracts';
import { z } from 'zod';

const entry = (id: string, section: string, group?: string): MenuEntry => ({
  id,
  title: { ru: id, en: id },
  path: `/${id}`,
  icon: id,
  order: 100,
  section,
  group,
  description: { ru: id, en: id },
});
const registryOf = (...extra: PortalModule[]) => {
  const r = new Registry();
  for (const m of [...modules, ...extra]) r.add(m);
  return r;
};

describe('module registry', () => {
  it('collects site-map sections and menu groups from the modules that declare them, sections in their order', () => {
    const r = registryOf({
      name: 'sample',
      siteMapSections: [{ id: 'sample', title: { ru: 'Пример', en: 'Sample' }, order: 25 }],
      menu: [entry('sample', 'sample', 'collab')],
    });
    expect(() => r.validate()).not.toThrow();
    expect(r.siteMapSections().map((s) => s.id)).toEqual(['portal', 'company', 'collab', 'tasks', 'sample', 'crm', 'settings']);
    expect(r.menuGroups().map((g) => g.id)).toEqual(['collab']);
  });

  it('fails at start on a section or group nobody declares, or one declared twice', () => {
    expect(() => registryOf({ name: 'sample', menu: [entry('sample', 'work')] }).validate()).toThrow('menu entry sample: no module declares the site-map section work');
    expect(() => registryOf({ name: 'sample', menu: [entry('sample', 'portal', 'work')] }).validate()).toThrow('menu entry sample: no module declares the menu group work');
    expect(() => registryOf({ name: 'sample', siteMapSections: [{ id: 'crm', title: { ru: 'CRM', en: 'CRM' }, order: 1 }] }).validate()).toThrow('site-map section crm is declared twice');
    expect(() => registryOf({ name: 'sample', menu: [entry('crm', 'crm')] }).validate()).toThrow('menu entry crm is declared twice');
  });

  it('gathers the events the modules record into one catalogue; a name two modules define fails at start', () => {
    const catalogue = registryOf().eventCatalogue();
    expect(catalogue.get('crm.deal.updated')?.name).toBe('crm.deal.updated');
    expect(catalogue.get('users.user.activated')).toBeDefined();
    const clash = defineEvent('crm.deal.updated', z.object({ other: z.string() }));
    expect(() => registryOf({ name: 'sample', events: { clash } }).validate()).toThrow('event crm.deal.updated is defined twice');
  });

  it('knows which entity types take comments; a commentable type without read access or a description fails at start', () => {
    const r = registryOf();
    expect(r.commentable('deal')).toBe(true);
    for (const type of ['no_such_type', 'valueOf', 'comment']) expect(r.commentable(type), type).toBe(false);
    const access = { note: { table: 'comment' as const, read: async (_ctx: unknown, ids: number[]) => ids } };
    const describe = { note: async () => new Map() };
    expect(() => registryOf({ name: 'notes', commentable: ['note'], describe }).validate()).toThrow('commentable note of notes: no module registers its read access');
    expect(() => registryOf({ name: 'notes', commentable: ['note'], access }).validate()).toThrow('commentable note of notes: no module describes its items');
    expect(() => registryOf({ name: 'notes', commentable: ['note'], access, describe }).validate()).not.toThrow();
  });

  it('knows which entity types take reactions and who wrote an item; a reactable type without read access or a description fails at start', async () => {
    const r = registryOf();
    for (const type of ['comment', 'task']) expect(r.reactable(type), type).toBe(true);
    for (const type of ['deal', 'no_such_type', 'valueOf']) expect(r.reactable(type), type).toBe(false);
    const access = { note: { table: 'comment' as const, read: async (_ctx: unknown, ids: number[]) => ids } };
    const describe = { note: async () => new Map() };
    expect(() => registryOf({ name: 'notes', reactable: ['note'], describe }).validate()).toThrow('reactable note of notes: no module registers its read access');
    expect(() => registryOf({ name: 'notes', reactable: ['note'], access }).validate()).toThrow('reactable note of notes: no module describes its items');
    const notes = registryOf({ name: 'notes', reactable: ['note'], access, describe, authorOf: { note: async (_ctx, ids) => new Map(ids.map((id) => [id, id * 10])) } });
    expect(() => notes.validate()).not.toThrow();
    const ctx = {} as never;
    expect(await notes.authorOf(ctx, 'note', [2, 2, 3])).toEqual(
      new Map([
        [2, 20],
        [3, 30],
      ]),
    );
    expect((await notes.authorOf(ctx, 'valueOf', [2])).size).toBe(0);
  });

  it('names and links the items a module describes, for the other modules', async () => {
    const r = registryOf({ name: 'notes', describe: { note: async (_ctx, ids) => new Map(ids.map((id) => [id, { title: `Заметка ${id}`, url: `/notes/${id}` }])) } });
    const ctx = {} as never;
    expect([...(await r.describe(ctx, 'note', [3, 3]))]).toEqual([[3, { title: 'Заметка 3', url: '/notes/3' }]]);
    expect((await r.describe(ctx, 'valueOf', [3])).size).toBe(0);
  });
});
