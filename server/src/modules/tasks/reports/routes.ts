import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ReportQuery, ReportScopes, TaskReport } from '@vavilon/contracts';
import * as reports from './service.js';

/** «Отчёты»: a person's, a department's or a group's figures over a period, and the same in Excel. */
export function reportRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/tasks/reports', { config: member, schema: { querystring: ReportQuery, response: { 200: TaskReport } } }, (req) => reports.taskReport(req.ctx, req.query));
  app.get('/api/tasks/reports/scopes', { config: member, schema: { response: { 200: ReportScopes } } }, (req) => reports.reportScopes(req.ctx));
  app.get('/api/tasks/reports/export', { config: member, schema: { querystring: ReportQuery } }, async (req, reply) => {
    const { buffer, name } = await reports.reportWorkbook(req.ctx, req.query);
    const ascii = name.replace(/[^\x20-\x7e]/g, '_');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(buffer);
  });
}
