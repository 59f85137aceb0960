import { DealInput, crmItemEvents } from '@vavilon/contracts';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import type { OwnWritesDescriptor } from '../items/types.js';
import { findDealCard, toDeal } from './mapping.js';
import { createDeal, deleteDeal, TRACKED, updateDeal } from './service.js';
import { findDeal } from './store.js';

/** The deal service's transaction and dialect, from the ctx. */

/**
 * Deals keep their own writes (stages and pipelines, the Kanban order and totals, products,
 * contacts and observers); the generic item calls reach them through this descriptor.
 */
export const dealItem: OwnWritesDescriptor<'deal'> = {
  type: 'deal',
  table: 'crm_deal',
  rights: 'deal',
  schema: DealInput,
  events: crmItemEvents.deal,
  history: { tracked: TRACKED, money: ['amount'] },
  find: (ctx, id, opts) => findDeal(ctx, id, opts?.lock),
  findMany: (ctx, ids) => scoped(ctx).selectFrom('crm_deal').selectAll().where('id', 'in', ids).execute(),
  async toDto(ctx, row) {
    const card = await findDealCard(ctx, row.id);
    if (!card) throw errors.notFound();
    return toDeal(ctx, card);
  },
  title: (r) => r.title,
  create: (ctx, input) => createDeal(ctx, input),
  update: (ctx, id, patch, version) => updateDeal(ctx, id, { ...patch, version }),
  remove: (ctx, id) => deleteDeal(ctx, id),
};
