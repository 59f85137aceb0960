import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleInput } from '@vavilon/contracts';
import { t as say } from '../../../platform/i18n/index.js';
import { transaction } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { drainUntil } from '../../../../test/support.js';
import { insertRule } from '../rules/store.js';
import { ok, robotsWorld, type RobotsWorld } from './testing.js';

let w: RobotsWorld;
beforeAll(async () => {
  w = await robotsWorld();
});
afterAll(() => w?.t.dispose());

const words = (o: { message: { key: string; params?: Record<string, string | number> } }, lang: 'ru' | 'en' = 'ru') => say(lang, o.message.key, o.message.params);

describe('«Создать дело»', () => {
  it('creates an activity of the deal for «Кому»: subject with placeholders, deadline from now, reminder', async () => {
    const dealId = await w.deal({ title: 'Поставка бумаги' });
    const before = Date.now();
    const out = await w.run(
      'activity.create',
      { type: 'call', subject: 'Позвонить по «{{title}}»', responsible: { kind: 'user', userId: w.p.users.other.id }, deadline: { amount: 2, unit: 'hours' }, remindBefore: 15 },
      dealId,
    );
    expect(out.status).toBe('done');
    expect(words(out)).toBe('Создано дело «Позвонить по «Поставка бумаги»» (Звонок), ответственный: Мария Другова');
    expect(words(out, 'en')).toBe('Activity «Позвонить по «Поставка бумаги»» (Call) created for Мария Другова');
    const activity = ok<{ type: string; subject: string; owner: { type: string; id: number }; responsible: { id: number }; startAt: string; remindBefore: number; author: null }>(
      await w.as.other.get(`/api/crm/activities/${out.state!.activityId}`),
    );
    expect(activity).toMatchObject({
      type: 'call',
      subject: 'Позвонить по «Поставка бумаги»',
      owner: { type: 'deal', id: dealId },
      responsible: { id: w.p.users.other.id },
      remindBefore: 15,
      author: null,
    });
    const at = new Date(activity.startAt).getTime();
    expect(at).toBeGreaterThanOrEqual(before + 2 * 3600_000 - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 2 * 3600_000 + 1000);
  });

  it('fails saying why when nobody is «Кому»', async () => {
    const dealId = await w.deal({ title: 'Без ответственного', responsibleId: null });
    const out = await w.run('activity.create', { type: 'todo', subject: 'Дело', responsible: { kind: 'department_head', departmentId: 999999 } }, dealId);
    expect(out.status).toBe('failed');
  });
});

describe('«Дело выполнено»', () => {
  it('moves the deal to its stage when an activity of the deal (of its type) is completed', async () => {
    const ctx = w.system();
    const [first, second, third] = w.stageIds;
    await transaction(ctx, (tx) =>
      insertRule(tx, w.pipelineId, RuleInput.parse({ kind: 'trigger', stageId: third!, type: 'activity.completed', name: 'Встреча проведена', config: { activityType: 'meeting' } })),
    );
    await transaction(ctx, (tx) => insertRule(tx, w.pipelineId, RuleInput.parse({ kind: 'trigger', stageId: second!, type: 'activity.completed', name: 'Любое дело', config: {} })));
    const dealId = ok<{ id: number }>(await w.as.employee.post('/api/crm/deals', { title: 'Сделка с делами', pipelineId: w.pipelineId, stageId: first })).id;
    const stageOf = async () => ok<{ stageId: number }>(await w.as.admin.get(`/api/crm/deals/${dealId}`)).stageId;
    const settle = async () => {
      const max = await w.t.platform.db
        .selectFrom('domain_event')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      await drainUntil(w.t, async () => {
        const c = await w.t.platform.db.selectFrom('processor_cursor').select('last_event_id').where('name', '=', 'automation.triggers').executeTakeFirst();
        return Number(c?.last_event_id ?? 0) >= Number(max?.max ?? 0);
      });
      await w.t.platform.events.drain();
    };
    const call = ok<{ id: number }>(
      await w.as.employee.post('/api/crm/activities', { type: 'call', subject: 'Звонок', owner: { type: 'deal', id: dealId }, startAt: new Date(Date.now() + 3600_000).toISOString() }),
    );
    await settle();
    expect(await stageOf()).toBe(first);
    ok(await w.as.employee.post(`/api/crm/activities/${call.id}/complete`, { completed: true }));
    await settle();
    expect(await stageOf()).toBe(second);
    const meeting = ok<{ id: number }>(
      await w.as.employee.post('/api/crm/activities', { type: 'meeting', subject: 'Встреча', owner: { type: 'deal', id: dealId }, startAt: new Date().toISOString() }),
    );
    ok(await w.as.employee.post(`/api/crm/activities/${meeting.id}/complete`, { completed: true }));
    await settle();
    expect(await stageOf()).toBe(third);
    const runs = await scoped(ctx).selectFrom('automation_run').select(['rule_type', 'status']).where('entity_type', '=', 'deal').where('entity_id', '=', dealId).execute();
    expect(runs.filter((r) => r.rule_type === 'activity.completed').every((r) => r.status === 'done')).toBe(true);
  });
});
