import { versionOf, type RouteSamples } from '../../../test/security/sample-kit.js';

let seq = 0;

/** Requests of the employees' and departments' routes for the route walker and the write tests. */
export const routeSamples: RouteSamples = {
  samples: {
    'PATCH /api/users/:id': async (fx) => {
      const id = fx.prefer?.app_user ?? fx.p.users.other.id;
      return {
        params: { id },
        body: {
          version: await versionOf(fx.t, 'app_user', id),
          position: 'Ведущий менеджер',
          departmentId: fx.p.departments.team,
          managerId: fx.p.users.head.id,
          phones: [{ type: 'mobile', value: '+7 900 123-45-67' }],
          emails: [{ type: 'work', value: `maria.${fx.p.portal.name}@example.test` }],
        },
      };
    },
    'POST /api/users/invite': async (fx) => ({
      body: { login: `invitee${++seq}.${fx.p.portal.name}@example.test`, firstName: 'Пётр', lastName: 'Новиков', position: 'Стажёр', departmentId: fx.p.departments.team },
    }),
    'PUT /api/me/language': async () => ({ body: { language: 'ru' } }),
    'POST /api/departments': async (fx) => ({ body: { name: 'Новый отдел', parentId: fx.p.departments.root, headId: fx.p.users.head.id } }),
    'PATCH /api/departments/:id': async (fx) => {
      const id = fx.prefer?.department ?? fx.p.departments.team;
      return { params: { id }, body: { version: await versionOf(fx.t, 'department', id), name: 'Отдел продаж', parentId: fx.p.departments.root, headId: fx.p.users.head.id } };
    },
  },
};
