import type { MergeInput, MergePreview, MergeResult, MergeType } from '@vavilon/contracts';
import { api } from '../../../api/client';

export type { MergePreview, MergeResult, MergeType };

/** The comparison of the items: fields side by side, which differ, the items' versions. */
export function previewMerge(type: MergeType, ids: number[]): Promise<MergePreview> {
  return api.post<MergePreview>(`/api/crm/${type}/merge/preview`, { ids });
}

export function mergeItems(type: MergeType, body: MergeInput): Promise<MergeResult> {
  return api.post<MergeResult>(`/api/crm/${type}/merge`, body);
}

/** The merge of what the comparison shows, with the primary's values where nothing is chosen. */
export function mergeAsShown(p: MergePreview, primaryId: number, choices: Record<string, number> = {}, combine?: string[]): Promise<MergeResult> {
  return mergeItems(p.type, {
    ids: p.items.map((i) => i.id),
    primaryId,
    choices,
    combine: combine ?? p.fields.filter((f) => f.kind === 'list').map((f) => f.key),
    versions: Object.fromEntries(p.items.map((i) => [String(i.id), i.version])),
  });
}

export function mergePath(type: MergeType, ids: number[], primaryId?: number): string {
  return `/crm/${type}/merge?ids=${ids.join(',')}${primaryId ? `&primary=${primaryId}` : ''}`;
}
