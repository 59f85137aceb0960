import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdValue, Ok, TaskTemplate, TaskTemplateInput, TaskTemplateList, TaskTemplatePatch, TemplateTaskCreated } from '@vavilon/contracts';
import * as templates from './service.js';

/** «Шаблоны»: a user's task templates, and «Создать задачу из шаблона». */
export function templateRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const Param = z.object({ id: IdValue });

  app.get('/api/tasks/templates', { config: member, schema: { response: { 200: TaskTemplateList } } }, async (req) => ({ items: await templates.listTemplates(req.ctx) }));
  app.post('/api/tasks/templates', { config: member, schema: { body: TaskTemplateInput, response: { 200: TaskTemplate } } }, (req) => templates.createTemplate(req.ctx, req.body));
  app.get('/api/tasks/templates/:id', { config: member, schema: { params: Param, response: { 200: TaskTemplate } } }, (req) => templates.getTemplate(req.ctx, req.params.id));
  app.patch('/api/tasks/templates/:id', { config: member, schema: { params: Param, body: TaskTemplatePatch, response: { 200: TaskTemplate } } }, (req) =>
    templates.updateTemplate(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/tasks/templates/:id', { config: member, schema: { params: Param, response: { 200: Ok } } }, async (req) => {
    await templates.deleteTemplate(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post('/api/tasks/templates/:id/tasks', { config: member, schema: { params: Param, response: { 200: TemplateTaskCreated } } }, (req) => templates.createTaskFromTemplate(req.ctx, req.params.id));
}
