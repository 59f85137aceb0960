import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  HolidayList,
  HolidayPut,
  WorkdayClose,
  WorkdayDay,
  WorkdayOpen,
  WorkdaySchedule,
  WorkdayScheduleList,
  WorkdaySchedulePut,
  YearParam,
  IdValue,
  WorkdayCorrectionInput,
  WorkdayCorrectionList,
  WorkdayCorrectionRequest,
  WorkdayDayDetail,
  WorkdayDayParams,
  WorkdayDecision,
  WorkdayReport,
  WorkdayReportQuery,
} from '@vavilon/contracts';
import { z } from 'zod';
import { departmentsHeadedBy } from '../users/api.js';
import { correctDay, dayDetail, decideCorrection, listCorrections, report, reportXlsx, requestCorrection } from './report.js';
import * as workday from './service.js';
import { holidays, putHolidays } from './calendar.js';
import { deleteSchedule, listSchedules, putSchedule } from './schedules.js';

/** The panel's API in the style of `timeman.status/open/pause/close`, schedules and the production calendar. */
export function workdayRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const base = '/api/workday';
  app.get(`${base}/status`, { config: member, schema: { response: { 200: WorkdayDay } } }, (req) => workday.status(req.ctx));
  app.post(`${base}/open`, { config: member, schema: { body: WorkdayOpen, response: { 200: WorkdayDay } } }, (req) => workday.open(req.ctx, req.body ?? {}, { ip: req.ip }));
  app.post(`${base}/pause`, { config: member, schema: { response: { 200: WorkdayDay } } }, (req) => workday.pause(req.ctx));
  app.post(`${base}/close`, { config: member, schema: { body: WorkdayClose, response: { 200: WorkdayDay } } }, (req) => workday.close(req.ctx, req.body ?? {}));
  app.get(`${base}/schedules`, { config: member, schema: { response: { 200: WorkdayScheduleList } } }, (req) => listSchedules(req.ctx));
  app.put(`${base}/schedules`, { config: member, schema: { body: WorkdaySchedulePut, response: { 200: WorkdaySchedule } } }, (req) => putSchedule(req.ctx, req.body));
  app.delete(`${base}/schedules/:id`, { config: member, schema: { params: z.object({ id: IdValue }), response: { 200: WorkdayScheduleList } } }, (req) => deleteSchedule(req.ctx, req.params.id));
  app.get(`${base}/holidays/:year`, { config: member, schema: { params: YearParam, response: { 200: HolidayList } } }, (req) => holidays(req.ctx, Number(req.params.year)));
  app.get(`${base}/departments`, { config: member, schema: { response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) }) } } }, async (req) => ({
    items: await departmentsHeadedBy(req.ctx, req.ctx.actor?.role === 'admin' ? null : (req.ctx.actor?.userId ?? null)),
  }));
  app.get(`${base}/report`, { config: member, schema: { querystring: WorkdayReportQuery, response: { 200: WorkdayReport } } }, (req) => report(req.ctx, req.query));
  app.get(`${base}/report/export`, { config: member, schema: { querystring: WorkdayReportQuery } }, async (req, reply) => {
    const file = await reportXlsx(req.ctx, req.query);
    const name = `${req.ctx.lang === 'ru' ? 'Учёт рабочего времени' : 'Worktime'}-${req.query.month}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="worktime-${req.query.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(file);
  });
  app.get(`${base}/days/:userId/:date`, { config: member, schema: { params: WorkdayDayParams, response: { 200: WorkdayDayDetail } } }, (req) => dayDetail(req.ctx, req.params.userId, req.params.date));
  app.put(`${base}/days/:userId/:date`, { config: member, schema: { params: WorkdayDayParams, body: WorkdayCorrectionInput, response: { 200: WorkdayDayDetail } } }, (req) =>
    correctDay(req.ctx, req.params.userId, req.params.date, req.body),
  );
  app.post(`${base}/days/:userId/:date/requests`, { config: member, schema: { params: WorkdayDayParams, body: WorkdayCorrectionInput, response: { 200: WorkdayCorrectionRequest } } }, (req) =>
    requestCorrection(req.ctx, req.params.userId, req.params.date, req.body),
  );
  app.get(`${base}/requests`, { config: member, schema: { response: { 200: WorkdayCorrectionList } } }, (req) => listCorrections(req.ctx));
  app.post(`${base}/requests/:id/decide`, { config: member, schema: { params: z.object({ id: IdValue }), body: WorkdayDecision, response: { 200: WorkdayCorrectionRequest } } }, (req) =>
    decideCorrection(req.ctx, req.params.id, req.body.approve),
  );
  app.put(`${base}/holidays/:year`, { config: member, schema: { params: YearParam, body: HolidayPut, response: { 200: HolidayList } } }, (req) =>
    putHolidays(req.ctx, Number(req.params.year), req.body.items),
  );
}
