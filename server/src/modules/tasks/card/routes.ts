import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChecklistItem,
  ChecklistItemInput,
  ChecklistItemPatch,
  ChecklistOrder,
  IdValue,
  Ok,
  Task,
  TaskCard,
  TaskGroupChoices,
  TaskInput,
  TaskResult,
  TaskResultInput,
  TimeEntryInput,
  TimeEntryPatch,
} from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import * as card from './card.js';
import * as checklist from './checklist.js';
import * as results from './results.js';
import * as time from './time.js';

/** The task card's parts: checklist, results, time spent, subtasks, and «viewed» for new comments. */
export function taskCardRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const TaskParam = z.object({ id: IdValue });
  const items = { 200: z.object({ items: z.array(ChecklistItem) }) };
  const resultList = { 200: z.object({ items: z.array(TaskResult) }) };
  const cardReply = { 200: TaskCard };
  const cardOf = (ctx: Ctx, id: number) => card.getCard(ctx, id);

  app.get('/api/tasks/:id/card', { config: member, schema: { params: TaskParam, response: cardReply } }, (req) => cardOf(req.ctx, req.params.id));
  app.post('/api/tasks/:id/view', { config: member, schema: { params: TaskParam, response: { 200: Ok } } }, async (req) => {
    await card.markViewed(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.get('/api/tasks/card/groups', { config: member, schema: { response: { 200: TaskGroupChoices } } }, (req) => card.groupChoices(req.ctx));
  app.post('/api/tasks/:id/subtasks', { config: member, schema: { params: TaskParam, body: TaskInput, response: { 200: Task } } }, (req) => card.createSubtask(req.ctx, req.params.id, req.body));

  // Checklist.
  app.post('/api/tasks/:id/checklist', { config: member, schema: { params: TaskParam, body: ChecklistItemInput, response: items } }, async (req) => ({
    items: await checklist.addItem(req.ctx, req.params.id, req.body),
  }));
  app.post('/api/tasks/:id/checklist/order', { config: member, schema: { params: TaskParam, body: ChecklistOrder, response: items } }, async (req) => ({
    items: await checklist.reorderItems(req.ctx, req.params.id, req.body.ids),
  }));
  app.patch('/api/tasks/checklist-items/:id', { config: member, schema: { params: TaskParam, body: ChecklistItemPatch, response: items } }, async (req) => ({
    items: await checklist.updateItem(req.ctx, req.params.id, req.body),
  }));
  app.delete('/api/tasks/checklist-items/:id', { config: member, schema: { params: TaskParam, response: items } }, async (req) => ({
    items: await checklist.deleteItem(req.ctx, req.params.id),
  }));

  // Results.
  app.post('/api/tasks/:id/results', { config: member, schema: { params: TaskParam, body: TaskResultInput, response: resultList } }, async (req) => ({
    items: await results.addResult(req.ctx, req.params.id, req.body.html),
  }));
  app.delete('/api/tasks/results/:id', { config: member, schema: { params: TaskParam, response: resultList } }, async (req) => ({
    items: await results.deleteResult(req.ctx, req.params.id),
  }));

  // Time spent: the timer and entries by hand; each answers the card as it is now.
  app.post('/api/tasks/:id/timer/start', { config: member, schema: { params: TaskParam, response: cardReply } }, async (req) => {
    await time.startTimer(req.ctx, req.params.id);
    return cardOf(req.ctx, req.params.id);
  });
  app.post('/api/tasks/:id/timer/stop', { config: member, schema: { params: TaskParam, response: cardReply } }, async (req) => {
    await time.stopTimer(req.ctx, req.params.id);
    return cardOf(req.ctx, req.params.id);
  });
  app.post('/api/tasks/:id/time', { config: member, schema: { params: TaskParam, body: TimeEntryInput, response: cardReply } }, async (req) => {
    await time.addTime(req.ctx, req.params.id, req.body);
    return cardOf(req.ctx, req.params.id);
  });
  app.patch('/api/tasks/time/:id', { config: member, schema: { params: TaskParam, body: TimeEntryPatch, response: cardReply } }, async (req) =>
    cardOf(req.ctx, await time.updateTime(req.ctx, req.params.id, req.body)),
  );
  app.delete('/api/tasks/time/:id', { config: member, schema: { params: TaskParam, response: cardReply } }, async (req) => cardOf(req.ctx, await time.deleteTime(req.ctx, req.params.id)));
}
