import type { MergeType } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { deleteItem } from '../items/service.js';
import type { MergeRow } from './fields.js';

/** Every link of the merged items moves to the survivor (placeholder until the holders land). */
export async function moveLinks(_tx: Ctx, _type: MergeType, _from: MergeRow[], _toId: number): Promise<void> {}

/** The merged items leave the lists (placeholder until the trash lands). */
export async function trashMerged(tx: Ctx, type: MergeType, rows: MergeRow[], _into: number): Promise<void> {
  for (const r of rows) await deleteItem(tx, type, r.id);
}
