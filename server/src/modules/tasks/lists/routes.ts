import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdValue,
  Ok,
  TaskBulkInput,
  TaskBulkResult,
  TaskCounters,
  TaskFilterPreset,
  TaskFilterPresetInput,
  TaskFilterPresetList,
  TaskFilterPresetPatch,
  TaskListGroups,
  TaskListPage,
  TaskListQuery,
} from '@vavilon/contracts';
import { bulkTasks } from './bulk.js';
import { taskCounters } from './counters.js';
import { exportFileName, tasksXlsx } from './export.js';
import { listTasks } from './list.js';
import { groupRefs, memberGroupIds } from '../../groups/api.js';
import { createPreset, deletePreset, listPresets, updatePreset } from './presets.js';

/** «Список»: the page of tasks, its counters, the saved filters, group actions and the Excel export. */
export function taskListRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const PresetParam = z.object({ id: IdValue });

  app.get('/api/tasks/list', { config: member, schema: { querystring: TaskListQuery, response: { 200: TaskListPage } } }, (req) => listTasks(req.ctx, req.query));
  app.get('/api/tasks/list/export', { config: member, schema: { querystring: TaskListQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const name = exportFileName(req.ctx);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.full)}`)
      .header('cache-control', 'no-store')
      .send(tasksXlsx(req.ctx, req.query, req.log));
  });
  // The groups the list's filter offers: those the user is a member of.
  app.get('/api/tasks/list/groups', { config: member, schema: { response: { 200: TaskListGroups } } }, async (req) => {
    const refs = await groupRefs(req.ctx, await memberGroupIds(req.ctx, req.ctx.actor!.userId));
    return {
      items: [...refs.values()]
        .filter((g) => !g.archived)
        .map((g) => ({ id: g.id, name: g.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
  app.get('/api/tasks/counters', { config: member, schema: { response: { 200: TaskCounters } } }, (req) => taskCounters(req.ctx));
  app.post('/api/tasks/bulk', { config: member, schema: { body: TaskBulkInput, response: { 200: TaskBulkResult } } }, (req) => bulkTasks(req.ctx, req.body));

  app.get('/api/tasks/list/presets', { config: member, schema: { response: { 200: TaskFilterPresetList } } }, async (req) => ({ items: await listPresets(req.ctx) }));
  app.post('/api/tasks/list/presets', { config: member, schema: { body: TaskFilterPresetInput, response: { 200: TaskFilterPreset } } }, (req) => createPreset(req.ctx, req.body));
  app.patch('/api/tasks/list/presets/:id', { config: member, schema: { params: PresetParam, body: TaskFilterPresetPatch, response: { 200: TaskFilterPreset } } }, (req) =>
    updatePreset(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/tasks/list/presets/:id', { config: member, schema: { params: PresetParam, response: { 200: Ok } } }, async (req) => {
    await deletePreset(req.ctx, req.params.id);
    return { ok: true as const };
  });
}
