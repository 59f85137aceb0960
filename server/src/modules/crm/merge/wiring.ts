import type { MergeType } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { moveAll } from '../../../platform/items/holders.js';
import { trashItems } from '../trash/api.js';
import type { MergeRow } from './fields.js';

/** Every link of the merged items moves to the survivor: each module's holder moves what it keeps (no repeats). */
export async function moveLinks(tx: Ctx, type: MergeType, from: MergeRow[], toId: number): Promise<void> {
  await moveAll(
    tx,
    type,
    from.map((r) => r.id),
    toId,
  );
}

/** The merged items go to the trash with their rows as they were before the merge. */
export async function trashMerged(tx: Ctx, type: MergeType, rows: MergeRow[], into: number): Promise<void> {
  await trashItems(tx, type, rows as never, { reason: 'merge', mergedInto: into });
}
