import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswerInput,
  CalendarEvent,
  CalendarList,
  CalendarPatch,
  CalendarsQuery,
  Calendar,
  EventDeleteQuery,
  EventInput,
  EventPatch,
  FeedInfo,
  GuestAnswerParams,
  IdValue,
  ImportInput,
  ImportResult,
  OccurrenceList,
  OccurrenceQuery,
  Ok,
  Planner,
  PlannerQuery,
  Room,
  RoomInput,
  RoomList,
} from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import { systemCtx } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as cal from './service.js';
import { feed, importIcs } from './ical.js';
import { answerAsGuest, answerPage, guestByToken } from './itip.js';
import { layerItems } from './api.js';

/** Calendars, events and their occurrences, answers, rooms, the planner, `.ics` feeds and import. */
export function calendarRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const Param = z.object({ id: IdValue });
  const base = '/api/calendar';

  app.get(`${base}/calendars`, { config: member, schema: { querystring: CalendarsQuery, response: { 200: CalendarList } } }, async (req) => ({ items: await cal.listCalendars(req.ctx, req.query) }));
  app.patch(`${base}/calendars/:id`, { config: member, schema: { params: Param, body: CalendarPatch, response: { 200: Calendar } } }, (req) => cal.updateCalendar(req.ctx, req.params.id, req.body));
  app.post(`${base}/calendars/:id/feed`, { config: member, schema: { params: Param, response: { 200: FeedInfo } } }, async (req) => {
    const token = await cal.setFeed(req.ctx, req.params.id, false);
    return { url: `${req.ctx.sys.config.publicUrl ?? ''}/api/calendar/feed/${token}.ics` };
  });
  app.delete(`${base}/calendars/:id/feed`, { config: member, schema: { params: Param, response: { 200: Ok } } }, async (req) => {
    await cal.setFeed(req.ctx, req.params.id, true);
    return { ok: true as const };
  });
  app.post(`${base}/calendars/:id/import`, { config: member, schema: { params: Param, body: ImportInput, response: { 200: ImportResult } } }, async (req) => ({
    imported: await importIcs(req.ctx, req.params.id, req.body.ics),
  }));

  app.get(`${base}/occurrences`, { config: member, schema: { querystring: OccurrenceQuery, response: { 200: OccurrenceList } } }, async (req) => {
    const items = await cal.occurrences(req.ctx, req.query);
    const mine = req.query.calendars === undefined || req.query.layers === true;
    const layers = mine && req.ctx.actor ? await layerItems(req.ctx, req.ctx.actor.userId, new Date(req.query.from), new Date(req.query.to)) : [];
    return { items, layers };
  });
  app.post(`${base}/events`, { config: member, schema: { body: EventInput, response: { 200: CalendarEvent } } }, (req) => cal.createEvent(req.ctx, req.body));
  app.get(`${base}/events/:id`, { config: member, schema: { params: Param, response: { 200: CalendarEvent } } }, (req) => cal.getEvent(req.ctx, req.params.id));
  app.patch(`${base}/events/:id`, { config: member, schema: { params: Param, body: EventPatch, response: { 200: CalendarEvent } } }, (req) => cal.updateEvent(req.ctx, req.params.id, req.body));
  app.delete(`${base}/events/:id`, { config: member, schema: { params: Param, querystring: EventDeleteQuery, response: { 200: Ok } } }, async (req) => {
    await cal.deleteEvent(req.ctx, req.params.id, req.query.scope, req.query.occurrence);
    return { ok: true as const };
  });
  app.post(`${base}/events/:id/answer`, { config: member, schema: { params: Param, body: AnswerInput, response: { 200: CalendarEvent } } }, (req) =>
    cal.answerEvent(req.ctx, req.params.id, req.body.answer),
  );

  app.get(`${base}/planner`, { config: member, schema: { querystring: PlannerQuery, response: { 200: Planner } } }, (req) => cal.planner(req.ctx, req.query));
  app.get(`${base}/rooms`, { config: member, schema: { response: { 200: RoomList } } }, (req) => cal.listRooms(req.ctx));
  app.post(`${base}/rooms`, { config: { policy: 'admin' }, schema: { body: RoomInput, response: { 200: Room } } }, (req) => cal.createRoom(req.ctx, req.body));

  // The subscription address: the secret in the path is the only key (calendar programs send no cookies).
  app.get(`${base}/feed/:token`, { config: { policy: 'public' }, schema: { params: z.object({ token: z.string().max(80) }) } }, async (req, reply) => {
    if (!req.portal) throw errors.notFound();
    const body = await feed(systemCtx(platform, req.portal), req.params.token.replace(/\.ics$/, ''));
    if (body === null) throw errors.notFound();
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });

  // A guest outside the portal answers by the secret of their invitation: the page with three
  // buttons (GET answers nothing), a form or JSON `answer`, or the iCalendar REPLY their calendar
  // program made (text/calendar). A scope of its own: its parser takes any body as text.
  void fastify.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
    const guest = scope.withTypeProvider<ZodTypeProvider>();
    const config = { policy: 'public' as const };
    guest.get(`${base}/guest/:token`, { config, schema: { params: GuestAnswerParams } }, async (req, reply) => {
      if (!req.portal) throw errors.notFound();
      const found = await guestByToken(systemCtx(platform, req.portal), req.params.token);
      if (!found) throw errors.notFound();
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(answerPage(req.lang, found.row, req.params.token, found.guest.answer));
    });
    guest.post(`${base}/guest/:token`, { config, schema: { params: GuestAnswerParams } }, async (req, reply) => {
      if (!req.portal) throw errors.notFound();
      const type = String(req.headers['content-type'] ?? '');
      let body: unknown = req.body;
      if (/json/i.test(type) && typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          throw errors.field('answer', 'calendar.guest_answer_invalid');
        }
      }
      const res = await answerAsGuest(systemCtx(platform, req.portal), req.params.token, body);
      // The page's buttons post a form: back to the page, which shows the answer.
      if (/x-www-form-urlencoded/i.test(type)) return reply.redirect(`${base}/guest/${req.params.token}`, 303);
      return { ok: true as const, answer: res.answer };
    });
  });
}
