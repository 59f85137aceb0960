import { storeEvents } from '@vavilon/contracts';
import type { ModulePart } from '../../../platform/registry/parts.js';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { storeMessages } from './messages.js';
import { storeRoutes } from './routes.js';
import { storeRights } from './rights.js';
import { seedStoreDemo } from './demo.js';

/** Whoever sees the warehouses sees all of them and all documents: the rights are the role's, not per item. */
const readable = (table: 'store_document' | 'store_warehouse') => async (ctx: Ctx, ids: number[]) => {
  if (!ids.length || !(await storeRights(ctx)).read) return [];
  return (await scoped(ctx).selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id);
};

/** Warehouses: stock, documents «Приход», «Списание», «Перемещение», stock history. */
export const storePart: ModulePart = {
  messages: storeMessages,
  events: storeEvents,
  routes: (app) => storeRoutes(app),
  access: {
    store_document: { table: 'store_document', read: readable('store_document') },
    store_warehouse: { table: 'store_warehouse', read: readable('store_warehouse') },
  },
  realtime: { store_document: 'readers', store_warehouse: 'readers' },
  describe: {
    store_document: async (ctx, ids) => {
      const rows = await scoped(ctx).selectFrom('store_document').select(['id', 'number', 'type']).where('id', 'in', ids).execute();
      const word = ctx.lang === 'en' ? { receipt: 'Receipt', writeoff: 'Write-off', move: 'Move' } : { receipt: 'Приход', writeoff: 'Списание', move: 'Перемещение' };
      return new Map(rows.map((d) => [d.id, { title: `${word[d.type]} № ${d.number}`, url: `/crm/catalog/documents/${d.id}` }]));
    },
  },
  demo: seedStoreDemo,
};
