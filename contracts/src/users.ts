import { z } from 'zod';
import { Id, Lang, MAX_ID, TypedValue } from './common.js';

export const UserSummary = z.object({
  id: z.number().int(),
  fullName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  position: z.string(),
  photoUrl: z.string().nullable(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  status: z.enum(['active', 'invited', 'inactive']),
  role: z.enum(['admin', 'employee']),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserProfile = UserSummary.extend({
  middleName: z.string(),
  phones: z.array(TypedValue),
  emails: z.array(TypedValue),
  language: Lang,
  timeZone: z.string(),
  manager: UserSummary.nullable(),
  subordinates: z.array(UserSummary),
  login: z.object({ email: z.string().nullable(), phone: z.string().nullable() }),
  version: z.number().int(),
  /** Links to this user's pages in other modules (tasks, drive, calendar) as they exist. */
  links: z.array(z.object({ id: z.string(), title: z.string(), url: z.string() })),
  abilities: z.object({ edit: z.boolean(), deactivate: z.boolean(), changeRole: z.boolean() }),
});
export type UserProfile = z.infer<typeof UserProfile>;

export const UserListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  departmentId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  status: z.enum(['active', 'invited', 'inactive', 'all']).default('active'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const UserUpdate = z.object({
  version: z.number().int(),
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().min(1).max(100).optional(),
  middleName: z.string().trim().max(100).optional(),
  position: z.string().trim().max(255).optional(),
  departmentId: Id.nullable().optional(),
  managerId: Id.nullable().optional(),
  photoUrl: z.string().trim().url().max(1024).nullable().optional(),
  phones: z.array(TypedValue).max(20).optional(),
  emails: z.array(TypedValue).max(20).optional(),
  language: Lang.optional(),
  timeZone: z.string().max(64).optional(),
  role: z.enum(['admin', 'employee']).optional(),
});

export const InviteRequest = z.object({
  login: z.string().trim().min(1, { error: 'auth.login_required' }).max(320),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  position: z.string().trim().max(255).default(''),
  departmentId: Id.nullable().default(null),
});

export const Department = z.object({
  id: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  head: UserSummary.nullable(),
  employeeCount: z.number().int(),
  version: z.number().int(),
});
export type Department = z.infer<typeof Department>;

export const DepartmentInput = z.object({
  name: z.string().trim().min(1).max(255),
  parentId: Id.nullable().default(null),
  headId: Id.nullable().default(null),
});
// Not DepartmentInput.partial(): it keeps the defaults, so a rename would also move the
// department to the top and drop its head.
export const DepartmentUpdate = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  parentId: Id.nullable().optional(),
  headId: Id.nullable().optional(),
  version: z.number().int(),
});
