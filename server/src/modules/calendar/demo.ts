import { Readable } from 'node:stream';
import { checkAccess } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { upload } from '../files/api.js';
import { actorFor } from '../users/api.js';
import { createEvent, ensureCalendars } from './service.js';

/**
 * The demo portal's rooms, a weekly planning meeting in the company calendar, and the
 * telemarketing head's week: a weekly call review with her people, a file and a deal, and a
 * private hour her colleagues see as «Занят».
 */
export async function seedDemoCalendar(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const admin = seed.users.admin ?? null;
  await ensureCalendars(ctx, admin);
  const rooms = await scoped(ctx)
    .insertInto('calendar_room', [
      { name: 'Переговорная «Волга»', capacity: 8, version: 1 },
      { name: 'Переговорная «Нева»', capacity: 4, version: 1 },
    ])
    .returning('id')
    .execute();
  const company = await scoped(ctx).selectFrom('calendar').select('id').where('key', '=', 'company').executeTakeFirstOrThrow();
  const monday = new Date();
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  monday.setUTCHours(7, 0, 0, 0);
  const now = new Date().toISOString();
  await scoped(ctx)
    .insertInto('calendar_event', {
      calendar_id: company.id,
      parent_id: null,
      recurrence_id: null,
      uid: `demo-planning-${ctx.portal.id}`,
      title: 'Планёрка',
      description: '<p>Итоги недели и планы</p>',
      start_at: monday.toISOString(),
      end_at: new Date(monday.getTime() + 3_600_000).toISOString(),
      all_day: 0,
      time_zone: 'Europe/Moscow',
      place: 'Переговорная «Волга»',
      room_id: rooms[0]!.id,
      importance: 'normal',
      private: 0,
      color: null,
      reminders: '[15]',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      exdates: '[]',
      until_at: null,
      organizer_id: admin,
      crm_links: '[]',
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();

  const { headTm, tm1, tm2 } = seed.users;
  if (!headTm || !tm1 || !tm2) return;
  const as: Ctx = { ...ctx, actor: await actorFor(ctx, headTm) };
  await ensureCalendars(as, headTm);
  const own = await scoped(ctx).selectFrom('calendar').select('id').where('key', '=', `user:${headTm}`).executeTakeFirstOrThrow();
  const script = await upload(as, { stream: Readable.from([Buffer.from('Здравствуйте! Меня зовут …, компания «Вавилон». Удобно говорить?\n', 'utf8')]), fileName: 'Скрипт звонка.txt' });
  // A deal of her own pipeline: the one she may open.
  const deals = await scoped(ctx).selectFrom('crm_deal').select('id').orderBy('id').limit(200).execute();
  const [deal] = await checkAccess(
    as,
    'read',
    'deal',
    deals.map((d) => d.id),
  );
  const thursday = new Date(monday.getTime() + 3 * 86_400_000 + 4 * 3_600_000);
  await createEvent(as, {
    calendarId: own.id,
    title: 'Разбор звонков недели',
    description: '<p>Слушаем записи, обсуждаем <strong>возражения</strong> и обновляем скрипт.</p>',
    startAt: thursday.toISOString(),
    endAt: new Date(thursday.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/Moscow',
    roomId: rooms[1]!.id,
    reminders: [15],
    rrule: 'FREQ=WEEKLY;BYDAY=TH',
    attendeeIds: [tm1, tm2],
    fileIds: [script.id],
    crmLinks: deal ? [{ type: 'deal', id: deal }] : [],
  });
  const tuesday = new Date(monday.getTime() + 86_400_000 + 6 * 3_600_000);
  await createEvent(as, {
    calendarId: own.id,
    title: 'Личное: к стоматологу',
    private: true,
    startAt: tuesday.toISOString(),
    endAt: new Date(tuesday.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/Moscow',
  });
}
