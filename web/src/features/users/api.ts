import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Department, UserProfile, UserSummary } from '@vavilon/contracts';
import { api, uploadWithProgress } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

export type UserStatusFilter = 'active' | 'invited' | 'inactive' | 'all';
export type UserListParams = { search?: string; departmentId?: number; status?: UserStatusFilter; page?: number; pageSize?: number };
export type UserList = { items: UserSummary[]; total: number; page: number; pageSize: number };

export type UserUpdate = {
  version: number;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  position?: string;
  departmentId?: number | null;
  managerId?: number | null;
  photoUrl?: string | null;
  phones?: UserProfile['phones'];
  emails?: UserProfile['emails'];
  language?: 'ru' | 'en';
  timeZone?: string;
  role?: 'admin' | 'employee';
};

export type InviteInput = { login: string; firstName: string; lastName: string; position: string; departmentId: number | null };
export type DepartmentInput = { name: string; parentId: number | null; headId: number | null };
export type DepartmentUpdate = Partial<DepartmentInput> & { version: number };

export const usersKey = ['users'] as const;
export const departmentsKey = ['departments'] as const;

// The directory and the structure follow others' changes of employees and departments.
onEntityChanged('user', () => [usersKey]);
onEntityChanged('department', () => [departmentsKey, usersKey]);

export function useUserList(params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: [...usersKey, 'list', params],
    queryFn: ({ signal }) => api.get<UserList>('/api/users', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: number) {
  return useQuery({
    queryKey: [...usersKey, 'profile', id],
    queryFn: () => api.get<UserProfile>(`/api/users/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: departmentsKey,
    queryFn: () => api.get<{ items: Department[] }>('/api/departments'),
    select: (d) => d.items,
  });
}

/** After a change to people, lists, profiles and departments (head, counts) are refreshed. */
function useInvalidatePeople() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: usersKey });
    void qc.invalidateQueries({ queryKey: departmentsKey });
  };
}

export function useUpdateUser(id: number) {
  const qc = useQueryClient();
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (body: UserUpdate) => api.patch<UserProfile>(`/api/users/${id}`, body),
    // Forms show the refusal beside their fields (the form kit).
    meta: { silent: true },
    onSuccess: (profile) => {
      qc.setQueryData([...usersKey, 'profile', id], profile);
      invalidate();
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

/** «Фото профиля»: the cropped photo goes up; the profile, the directory and the top bar show it. */
export function useUploadPhoto(id: number) {
  const qc = useQueryClient();
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (file: File) => uploadWithProgress<UserProfile>(`/api/users/${id}/photo`, file).promise,
    onSuccess: (profile) => {
      qc.setQueryData([...usersKey, 'profile', id], profile);
      invalidate();
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
    // The dialog shows the refusal (the form kit).
    meta: { silent: true },
  });
}

export function useSetUserActive(id: number) {
  const qc = useQueryClient();
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (active: boolean) => api.post<UserProfile>(`/api/users/${id}/${active ? 'activate' : 'deactivate'}`),
    onSuccess: (profile) => {
      qc.setQueryData([...usersKey, 'profile', id], profile);
      invalidate();
    },
  });
}

export function useInviteUser() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (body: InviteInput) => api.post<UserProfile>('/api/users/invite', body),
    // Forms show the refusal beside their fields (the form kit).
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useCreateDepartment() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (body: DepartmentInput) => api.post<Department>('/api/departments', body),
    // Forms show the refusal beside their fields (the form kit).
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useUpdateDepartment() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, ...body }: DepartmentUpdate & { id: number }) => api.patch<Department>(`/api/departments/${id}`, body),
    // Forms show the refusal beside their fields (the form kit).
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useDeleteDepartment() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`/api/departments/${id}`),
    onSuccess: invalidate,
  });
}

export type DepartmentNode = Department & { children: DepartmentNode[]; depth: number };

/** The flat list as a tree (by parentId); orphans become roots. */
export function buildDepartmentTree(items: Department[]): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>(items.map((d) => [d.id, { ...d, children: [], depth: 0 }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId !== null ? nodes.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (list: DepartmentNode[], depth: number, seen: Set<number>) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    for (const n of list) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      n.depth = depth;
      setDepth(n.children, depth + 1, seen);
    }
  };
  setDepth(roots, 0, new Set());
  return roots;
}

/** Depth-first order, for selects: each department after its parent. */
export function flattenTree(roots: DepartmentNode[]): DepartmentNode[] {
  const out: DepartmentNode[] = [];
  const walk = (list: DepartmentNode[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}
