import type { Ctx } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import { catalogRights } from '../rights.js';

/** What the actor may do with the warehouses: see them and the stock, and write documents. */
export async function storeRights(ctx: Ctx): Promise<{ read: boolean; post: boolean }> {
  const { store } = await catalogRights(ctx);
  return { read: store !== 'none', post: store === 'post' };
}

export async function requireStoreRead(ctx: Ctx): Promise<void> {
  if (!ctx.actor && !ctx.system) throw errors.unauthenticated();
  if (!(await storeRights(ctx)).read) throw new AppError(403, 'forbidden', 'store.no_rights');
}

export async function requireStorePost(ctx: Ctx): Promise<void> {
  if (!ctx.actor && !ctx.system) throw errors.unauthenticated();
  if (!(await storeRights(ctx)).post) throw new AppError(403, 'forbidden', 'store.no_rights');
}

/** Thousandths of a unit as stored ↔ the decimal number on the wire. */
export const toStored = (quantity: number): number => Math.round(quantity * 1000);
export const fromStored = (stored: number): number => Number(stored) / 1000;
