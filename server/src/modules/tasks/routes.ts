import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdValue, Ok, Task, TaskAction, TaskActionInput, TaskInput, TaskPatch } from '@vavilon/contracts';
import * as tasks from './service.js';

/** The task itself: create, read, change, delete, and the status actions of its card. */
export function taskRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const TaskParam = z.object({ id: IdValue });

  app.post('/api/tasks', { config: member, schema: { body: TaskInput, response: { 200: Task } } }, (req) => tasks.createTask(req.ctx, req.body));
  app.get('/api/tasks/:id', { config: member, schema: { params: TaskParam, response: { 200: Task } } }, (req) => tasks.getTask(req.ctx, req.params.id));
  app.patch('/api/tasks/:id', { config: member, schema: { params: TaskParam, body: TaskPatch, response: { 200: Task } } }, (req) => tasks.updateTask(req.ctx, req.params.id, req.body));
  app.delete('/api/tasks/:id', { config: member, schema: { params: TaskParam, response: { 200: Ok } } }, async (req) => {
    await tasks.deleteTask(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post('/api/tasks/:id/actions/:action', { config: member, schema: { params: TaskParam.extend({ action: TaskAction }), body: TaskActionInput.optional(), response: { 200: Task } } }, (req) =>
    tasks.applyAction(req.ctx, req.params.id, req.params.action, { version: req.body?.version }),
  );
}
