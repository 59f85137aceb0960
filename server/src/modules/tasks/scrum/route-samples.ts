import type { Agent } from '../../../../test/harness.js';
import { send } from '../../../../test/security/helpers.js';
import { SECRET, type Fixture, type RouteSamples } from '../../../../test/security/sample-kit.js';
import { systemCtx, type Ctx, type PortalRow } from '../../../platform/context.js';
import { createGroup } from '../../groups/api.js';

/** A Scrum project of the fixture's portal with a sprint, an epic and an item, made once for the walker. */
async function scrumProject(fx: Fixture, admin: Agent): Promise<void> {
  const ctx: Ctx = {
    ...systemCtx({ db: fx.t.platform.db, sys: fx.t.platform.sys }, fx.p.portal as PortalRow),
    actor: { userId: fx.p.users.admin.id, accountId: 0, portalId: fx.p.portal.id, role: 'admin', departmentId: null, language: 'ru' },
  };
  const group = await createGroup(ctx, { name: `${SECRET} скрам`, kind: 'scrum' });
  const base = `/api/tasks/scrum/${group.id}`;
  await send(fx.t, admin, fx.p.portal.name, 'POST', `${base}/sprints`, { title: `${SECRET} спринт`, dateStart: '2026-12-01', dateEnd: '2026-12-14' });
  await send(fx.t, admin, fx.p.portal.name, 'POST', `${base}/epics`, { title: `${SECRET} эпик` });
  await send(fx.t, admin, fx.p.portal.name, 'POST', `${base}/items`, { title: `${SECRET} задача`, storyPoints: 3 });
}

/** The Scrum routes name a project, its sprints and epics: the walker gets one of each. */
export const scrumRouteSamples: RouteSamples = {
  creators: {
    task_sprint: scrumProject,
  },
};
