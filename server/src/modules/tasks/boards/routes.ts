import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BoardPage,
  DeadlineColumnId,
  DeadlineColumnQuery,
  DeadlineMove,
  DeadlinesBoard,
  IdValue,
  Ok,
  PlanBoard,
  PlanMove,
  PlanStage,
  PlanStageInput,
  PlanStageOrder,
  PlanStagePatch,
  PlanStageQuery,
  Task,
  TaskCalendar,
  TaskCalendarQuery,
  DeadlinesQuery,
} from '@vavilon/contracts';
import { taskCalendar } from './calendar.js';
import { deadlineColumn, deadlinesBoard, moveToColumn } from './deadlines.js';
import { createPlanStage, deletePlanStage, moveOnPlan, orderPlanStages, planBoard, planStageCards, updatePlanStage } from './plan.js';

/** «Сроки», «Мой план» and «Календарь» of «Задачи и проекты»: each reads only the user's own tasks they may see. */
export function boardRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const IdParams = z.object({ id: IdValue });
  const base = '/api/tasks/boards';

  app.get(`${base}/deadlines`, { config: member, schema: { querystring: DeadlinesQuery, response: { 200: DeadlinesBoard } } }, (req) => deadlinesBoard(req.ctx, req.query.tz));
  app.get(`${base}/deadlines/:column`, { config: member, schema: { params: z.object({ column: DeadlineColumnId }), querystring: DeadlineColumnQuery, response: { 200: BoardPage } } }, (req) =>
    deadlineColumn(req.ctx, req.params.column, req.query.tz, req.query.offset),
  );
  app.post(`${base}/deadlines/tasks/:id`, { config: member, schema: { params: IdParams, body: DeadlineMove, response: { 200: Task } } }, (req) => moveToColumn(req.ctx, req.params.id, req.body));

  app.get(`${base}/plan`, { config: member, schema: { response: { 200: PlanBoard } } }, (req) => planBoard(req.ctx));
  app.get(`${base}/plan-stages/:id/cards`, { config: member, schema: { params: IdParams, querystring: PlanStageQuery, response: { 200: BoardPage } } }, (req) =>
    planStageCards(req.ctx, req.params.id, req.query.offset),
  );
  app.post(`${base}/plan-stages`, { config: member, schema: { body: PlanStageInput, response: { 200: PlanStage } } }, (req) => createPlanStage(req.ctx, req.body));
  app.put(`${base}/plan-stages/order`, { config: member, schema: { body: PlanStageOrder, response: { 200: z.array(PlanStage) } } }, (req) => orderPlanStages(req.ctx, req.body.ids));
  app.patch(`${base}/plan-stages/:id`, { config: member, schema: { params: IdParams, body: PlanStagePatch, response: { 200: PlanStage } } }, (req) =>
    updatePlanStage(req.ctx, req.params.id, req.body),
  );
  app.delete(`${base}/plan-stages/:id`, { config: member, schema: { params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deletePlanStage(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post(`${base}/plan/tasks/:id`, { config: member, schema: { params: IdParams, body: PlanMove, response: { 200: Ok } } }, async (req) => {
    await moveOnPlan(req.ctx, req.params.id, req.body);
    return { ok: true as const };
  });

  app.get(`${base}/calendar`, { config: member, schema: { querystring: TaskCalendarQuery, response: { 200: TaskCalendar } } }, (req) => taskCalendar(req.ctx, req.query));
}
