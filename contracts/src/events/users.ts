import { z } from 'zod';
import { defineEvent, NoPayload } from '../events.js';

export const usersEvents = {
  userCreated: defineEvent('users.user.created', NoPayload),
  userInvited: defineEvent('users.user.invited', z.object({ login: z.string() })),
  /** Profile fields, role, language, photo: the `changes` say which. */
  userUpdated: defineEvent('users.user.updated', NoPayload),
  userActivated: defineEvent('users.user.activated', NoPayload),
  userDeactivated: defineEvent('users.user.deactivated', NoPayload),
  departmentCreated: defineEvent('users.department.created', z.object({ name: z.string() })),
  departmentUpdated: defineEvent('users.department.updated', NoPayload),
  departmentDeleted: defineEvent('users.department.deleted', z.object({ name: z.string() })),
};
