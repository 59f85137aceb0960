import { z } from 'zod';
import { IdValue } from './common.js';
import { ActivityListQuery } from './activities/core.js';

/**
 * The deals' views «Дела» and «Календарь»: the activities of the deals of one pipeline (or of one
 * deal: its Kanban card's list) that the actor may read, with the filters of «Мои дела». Everyone's
 * by default (`responsible` a user id or `me` narrows it); answered as an `ActivityList`.
 */
export const DealActivityQuery = ActivityListQuery.omit({ ownerType: true, ownerId: true, responsible: true }).extend({
  pipelineId: IdValue.optional(),
  dealId: IdValue.optional(),
  responsible: z.union([z.literal('me'), IdValue]).optional(),
});
export type DealActivityQuery = z.infer<typeof DealActivityQuery>;
