import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { addComment } from '../comments/api.js';
import { groupRefs, memberGroupIds } from '../groups/api.js';
import { actorFor, departmentByName } from '../users/api.js';
import { createPost, markRead, recordViews, vote } from './service.js';

const mention = (id: number, name: string) => `<span data-mention="${id}">@${name}</span>`;

/**
 * The demo feed: the administrator's welcome to everyone with a mention and comments, an important
 * message to «Отдел телемаркетинга» read by one of its two people, a poll with votes and a thanks
 * shown on a profile, and a post in the group «Проект: Офис на Тверской» (its «Лента»).
 */
export async function seedDemoFeed(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const u = seed.users;
  if (!u.admin || !u.headTm || !u.tm1 || !u.tm2 || !u.headSales || !u.sales1) return;
  const as = async (id: number): Promise<Ctx> => ({ ...ctx, actor: (await actorFor(ctx, id))! });
  const [admin, headTm, tm1, tm2, headSales, sales1] = await Promise.all([u.admin, u.headTm, u.tm1, u.tm2, u.headSales, u.sales1].map(as));
  const tmDept = await departmentByName(ctx, 'Отдел телемаркетинга');

  const welcome = await createPost(admin, {
    title: 'Добро пожаловать на новый портал',
    html: `<p>Коллеги, теперь у нас свой портал: задачи, CRM, календари и новости в одном месте.</p><ul><li>Задачи и проекты — в разделе «Задачи и проекты»</li><li>Сделки и клиенты — в «CRM»</li></ul><p>${mention(u.headTm, 'Ольга')}, покажите, пожалуйста, отделу воронку телемаркетинга.</p>`,
    mentions: [u.headTm],
    audience: [{ type: 'all' }],
  });
  await addComment(headTm, 'feed_post', welcome.id, { html: '<p>Спасибо! Проведу показ в четверг.</p>' });
  await addComment(sales1, 'feed_post', welcome.id, { html: '<p>Наконец-то всё в одном месте 👍</p>' });

  if (tmDept) {
    const important = await createPost(headTm, {
      kind: 'important',
      title: 'Новый скрипт звонка',
      html: '<p>С понедельника звоним по новому скрипту: он приложен к стадии «Первичный звонок». Прочитайте, пожалуйста, до пятницы.</p>',
      audience: [{ type: 'department', id: tmDept }],
    });
    await markRead(tm1, important.id);
  }

  const poll = await createPost(admin, {
    kind: 'poll',
    html: '<p>Выбираем день для корпоратива.</p>',
    audience: [{ type: 'all' }],
    poll: { question: 'Когда удобнее провести корпоратив?', options: ['Пятница вечером', 'Суббота днём', 'Без разницы'], multiple: false, anonymous: false },
  });
  await vote(tm1, poll.id, [1]);
  await vote(tm2, poll.id, [1]);
  await vote(sales1, poll.id, [2]);

  await createPost(headSales, {
    kind: 'thanks',
    html: '<p>За сделку с «Альфа-Строй» — отличная работа!</p>',
    audience: [{ type: 'all' }],
    thanks: { userIds: [u.sales1], badge: 'cup' },
  });
  const office = [...(await groupRefs(ctx, await memberGroupIds(ctx, u.headSales))).values()].find((g) => g.name === 'Проект: Офис на Тверской');
  if (office) {
    const move = await createPost(headSales, {
      title: 'План переезда',
      html: '<p>Переезжаем за два выходных: в первые — мебель и связь, во вторые — рабочие места. Список вещей каждого — в задачах проекта.</p>',
      audience: [{ type: 'group', id: office.id }],
    });
    await addComment(tm1, 'feed_post', move.id, { html: '<p>Мониторы тоже перевозим сами?</p>' });
  }
  for (const c of [tm1, tm2, sales1, headSales]) await recordViews(c, [welcome.id, poll.id]);
}
