import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Epic,
  EpicInput,
  EpicPatch,
  IdValue,
  Ok,
  ScrumBoard,
  ScrumItem,
  ScrumItemInput,
  ScrumItemPatch,
  ScrumMove,
  ScrumPlace,
  ScrumProjectSummary,
  ScrumReports,
  Sprint,
  SprintComplete,
  SprintInput,
  SprintPatch,
  SprintStart,
} from '@vavilon/contracts';
import { getBoard, getReports, listProjects } from './board.js';
import { createEpic, deleteEpic, updateEpic } from './epics.js';
import { createItem, moveItem, placeItem, updateItem } from './items.js';
import { completeSprint, createSprint, deleteSprint, startSprint, updateSprint } from './sprints.js';

/** «Скрам»: a Scrum project's epics, backlog, sprints, sprint Kanban and reports, for the project's members. */
export function scrumRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const base = '/api/tasks/scrum/:groupId';
  const P = z.object({ groupId: IdValue });
  const PE = P.extend({ epicId: IdValue });
  const PS = P.extend({ sprintId: IdValue });
  const PT = P.extend({ taskId: IdValue });
  const ok = { ok: true as const };

  app.get('/api/tasks/scrum', { config: member, schema: { response: { 200: z.array(ScrumProjectSummary) } } }, (req) => listProjects(req.ctx));
  app.get(base, { config: member, schema: { params: P, response: { 200: ScrumBoard } } }, (req) => getBoard(req.ctx, req.params.groupId));
  app.get(`${base}/reports`, { config: member, schema: { params: P, querystring: z.object({ sprintId: IdValue.optional() }), response: { 200: ScrumReports } } }, (req) =>
    getReports(req.ctx, req.params.groupId, req.query.sprintId),
  );

  app.post(`${base}/epics`, { config: member, schema: { params: P, body: EpicInput, response: { 200: Epic } } }, (req) => createEpic(req.ctx, req.params.groupId, req.body));
  app.patch(`${base}/epics/:epicId`, { config: member, schema: { params: PE, body: EpicPatch, response: { 200: Epic } } }, (req) =>
    updateEpic(req.ctx, req.params.groupId, req.params.epicId, req.body),
  );
  app.delete(`${base}/epics/:epicId`, { config: member, schema: { params: PE, response: { 200: Ok } } }, async (req) => {
    await deleteEpic(req.ctx, req.params.groupId, req.params.epicId);
    return ok;
  });

  app.post(`${base}/sprints`, { config: member, schema: { params: P, body: SprintInput, response: { 200: Sprint } } }, (req) => createSprint(req.ctx, req.params.groupId, req.body));
  app.patch(`${base}/sprints/:sprintId`, { config: member, schema: { params: PS, body: SprintPatch, response: { 200: Sprint } } }, (req) =>
    updateSprint(req.ctx, req.params.groupId, req.params.sprintId, req.body),
  );
  app.delete(`${base}/sprints/:sprintId`, { config: member, schema: { params: PS, response: { 200: Ok } } }, async (req) => {
    await deleteSprint(req.ctx, req.params.groupId, req.params.sprintId);
    return ok;
  });
  app.post(`${base}/sprints/:sprintId/start`, { config: member, schema: { params: PS, body: SprintStart, response: { 200: Sprint } } }, (req) =>
    startSprint(req.ctx, req.params.groupId, req.params.sprintId, req.body.version),
  );
  app.post(`${base}/sprints/:sprintId/complete`, { config: member, schema: { params: PS, body: SprintComplete, response: { 200: Sprint } } }, (req) =>
    completeSprint(req.ctx, req.params.groupId, req.params.sprintId, req.body),
  );

  app.post(`${base}/items`, { config: member, schema: { params: P, body: ScrumItemInput, response: { 200: ScrumItem } } }, (req) => createItem(req.ctx, req.params.groupId, req.body));
  app.patch(`${base}/items/:taskId`, { config: member, schema: { params: PT, body: ScrumItemPatch, response: { 200: ScrumItem } } }, (req) =>
    updateItem(req.ctx, req.params.groupId, req.params.taskId, req.body),
  );
  app.post(`${base}/items/:taskId/place`, { config: member, schema: { params: PT, body: ScrumPlace, response: { 200: ScrumItem } } }, (req) =>
    placeItem(req.ctx, req.params.groupId, req.params.taskId, req.body),
  );
  app.post(`${base}/items/:taskId/status`, { config: member, schema: { params: PT, body: ScrumMove, response: { 200: ScrumItem } } }, (req) =>
    moveItem(req.ctx, req.params.groupId, req.params.taskId, req.body.status, req.body.version),
  );
}
