import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { ensureCalendars } from './service.js';

/** The demo portal's rooms, a weekly planning meeting in the company calendar. */
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
}
