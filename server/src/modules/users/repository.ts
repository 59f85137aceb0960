import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { UserTable } from '../../platform/db/schema.js';

export type UserRow = Omit<Selectable<UserTable>, 'search_text'> & { department_name: string | null };

const USER_COLUMNS = [
  'app_user.id',
  'app_user.portal_id',
  'app_user.account_id',
  'app_user.first_name',
  'app_user.last_name',
  'app_user.middle_name',
  'app_user.position',
  'app_user.department_id',
  'app_user.manager_id',
  'app_user.photo_url',
  'app_user.phones',
  'app_user.emails',
  'app_user.role',
  'app_user.status',
  'app_user.language',
  'app_user.time_zone',
  'app_user.version',
  'app_user.created_at',
  'app_user.updated_at',
] as const;

function users(ctx: Ctx) {
  return scoped(ctx)
    .selectFrom('app_user')
    .leftJoin('department', 'department.id', 'app_user.department_id')
    .select([...USER_COLUMNS, 'department.name as department_name']);
}

export async function findUser(ctx: Ctx, id: number): Promise<UserRow | undefined> {
  return users(ctx).where('app_user.id', '=', id).executeTakeFirst();
}

export async function findUsers(ctx: Ctx, ids: number[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  return users(ctx).where('app_user.id', 'in', ids).execute();
}

export async function subordinatesOf(ctx: Ctx, id: number): Promise<UserRow[]> {
  return users(ctx).where('app_user.manager_id', '=', id).where('app_user.status', '=', 'active').orderBy('app_user.last_name').execute();
}

export interface UserFilter {
  search?: string;
  departmentId?: number;
  statuses: UserTable['status'][];
  page: number;
  pageSize: number;
}

export async function listUsers(ctx: Ctx, f: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  let q = users(ctx).where('app_user.status', 'in', f.statuses);
  if (f.departmentId) q = q.where('app_user.department_id', '=', f.departmentId);
  if (f.search) {
    for (const word of f.search.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4)) {
      q = q.where('app_user.search_text', 'like', `%${word.replace(/[%_\\]/g, '')}%`);
    }
  }
  const countRow = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await q
    .orderBy('app_user.last_name')
    .orderBy('app_user.first_name')
    .orderBy('app_user.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total: Number(countRow?.n ?? 0) };
}
