import { usersEvents } from '@vavilon/contracts';
import type { SearchKind } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { findUsers } from './repository.js';
import { fullName, parseValues } from './mapping.js';
import { idsAfter } from '../search/api.js';

/** Colleagues in the portal search: every active employee is found by everyone of the portal. */
export const employeesSearch: SearchKind = {
  kind: 'employees',
  title: { ru: 'Сотрудники', en: 'Employees' },
  module: 'company',
  order: 10,
  entityType: 'user',
  async documents(ctx, ids) {
    return (await findUsers(ctx, ids))
      .filter((u) => u.status === 'active')
      .map((u) => ({
        id: u.id,
        title: fullName(u),
        subtitle: [u.position, u.department_name].filter(Boolean).join(' · ') || null,
        body: `${u.middle_name} ${u.position} ${u.department_name ?? ''}`,
        url: `/company/personal/user/${u.id}`,
        phones: parseValues(u.phones).map((p) => p.value),
        emails: parseValues(u.emails).map((e) => e.value),
      }));
  },
  ids: idsAfter('app_user'),
  readable: async () => 'all',
  // A department renamed: its people's subtitle says so.
  touchedBy: {
    events: [usersEvents.departmentUpdated],
    async ids(ctx, e) {
      const rows = await scoped(ctx).selectFrom('app_user').select('id').where('department_id', '=', Number(e.entityId)).execute();
      return rows.map((r) => r.id);
    },
  },
};
