import { z } from 'zod';
import { defineEvent } from '../events.js';
import { RunStatus } from './runs.js';

const ref = z.number().int();

/** The automation's own events: runs finishing (the item's timeline and the run log hear them), questions, results, configuration changes. */
export const automationEvents = {
  /** A robot's run ended (done, failed, skipped or cancelled) or began waiting: entity `deal`, so the deal's readers hear it. */
  runFinished: defineEvent('automation.run.finished', z.object({ runId: ref, ruleId: ref.nullable(), status: RunStatus, pipelineId: ref, stageId: ref })),
  /** A result field of the card was set (each time, the same value again included): robots started by it run. */
  resultSet: defineEvent('automation.result.set', z.object({ field: z.string(), value: z.union([z.string(), z.number(), z.null()]), pipelineId: ref, stageId: ref })),
  /** A robot asks an employee something (entity `deal`); `userId` is the one asked. */
  requestCreated: defineEvent('automation.request.created', z.object({ requestId: ref, userId: ref, taskId: ref.nullable(), prompt: z.string() })),
  requestAnswered: defineEvent('automation.request.answered', z.object({ requestId: ref, userId: ref })),
  /** An incoming webhook was called for an item (entity `deal`). */
  webhookCalled: defineEvent('automation.webhook.called', z.object({ ruleId: ref, pipelineId: ref, stageId: ref })),
  /** A robot notifies users («Уведомить сотрудников», a failed check): the notifications module delivers it. */
  notified: defineEvent('automation.notified', z.object({ userIds: z.array(ref), text: z.string(), ruleName: z.string() })),
  /** A pipeline's automation changed (entity `pipeline`): a new version in its history. */
  configChanged: defineEvent('automation.config.changed', z.object({ pipelineId: ref, version: ref, summary: z.string() })),
};
