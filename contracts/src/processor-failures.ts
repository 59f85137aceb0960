import { z } from 'zod';
import { Id, IdValue, Page, paged } from './common.js';

/** An event a processor failed on: retried with back-off while `retrying`, kept for an administrator once `failed`. */
export const ProcessorFailure = z.object({
  id: Id,
  processor: z.string(),
  eventId: z.number().int(),
  eventType: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string(),
  status: z.enum(['retrying', 'failed']),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProcessorFailure = z.infer<typeof ProcessorFailure>;

export const ProcessorFailureQuery = Page.extend({ processor: z.string().max(100).optional() });
export const ProcessorFailureList = paged(ProcessorFailure);
export type ProcessorFailureList = z.infer<typeof ProcessorFailureList>;

export const ProcessorFailureRetryAll = z.object({ processor: z.string().trim().min(1).max(100) });
export const ProcessorFailureRetried = z.object({ retried: z.number().int() });
export const ProcessorFailureParam = z.object({ id: IdValue });
