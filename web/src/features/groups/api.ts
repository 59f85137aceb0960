import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FileInfo, Group, GroupDecision, GroupHistory, GroupInput, GroupList, GroupMembers, GroupPatch, GroupRole } from '@vavilon/contracts';
import { api, uploadWithProgress } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

export interface GroupListParams {
  filter: 'mine' | 'all';
  search?: string;
  page?: number;
  archived?: 'true' | 'false';
}

/** The groups pages' query keys; `['groups']` stands for all of them. */
export const groupsKeys = {
  all: ['groups'] as const,
  list: (p: GroupListParams) => ['groups', 'list', p] as const,
  invitations: ['groups', 'invitations'] as const,
  group: (id: number) => ['groups', 'group', id] as const,
  members: (id: number) => ['groups', 'members', id] as const,
  history: (id: number) => ['groups', 'history', id] as const,
};

// A group changed by someone else (heard by those who may see it): its card, people, history and the lists.
onEntityChanged('work_group', () => [groupsKeys.all]);

export function useGroups(p: GroupListParams) {
  return useQuery({
    queryKey: groupsKeys.list(p),
    queryFn: () => api.get<GroupList>('/api/groups', { filter: p.filter, search: p.search || undefined, page: p.page ?? 1, pageSize: 60, archived: p.archived ?? 'false' }),
  });
}

export function useInvitations() {
  return useQuery({ queryKey: groupsKeys.invitations, queryFn: () => api.get<{ items: Group[] }>('/api/groups/invitations') });
}

export function useGroup(id: number) {
  return useQuery({ queryKey: groupsKeys.group(id), queryFn: () => api.get<Group>(`/api/groups/${id}`), retry: false });
}

export function useMembers(id: number) {
  return useQuery({ queryKey: groupsKeys.members(id), queryFn: () => api.get<GroupMembers>(`/api/groups/${id}/members`) });
}

export function useHistory(id: number) {
  return useQuery({ queryKey: groupsKeys.history(id), queryFn: () => api.get<GroupHistory>(`/api/groups/${id}/history`, { limit: 100 }) });
}

/** An avatar picture goes to the file store first; the group then names it. */
export function uploadAvatar(file: File) {
  return uploadWithProgress<FileInfo>('/api/files', file).promise;
}

function useWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: groupsKeys.all }) });
}

/** Every write of the groups pages; each refreshes the groups queries. */
export function useGroupWrites() {
  return {
    create: useWrite((input: GroupInput) => api.post<Group>('/api/groups', input)),
    update: useWrite(({ id, patch }: { id: number; patch: GroupPatch }) => api.patch<Group>(`/api/groups/${id}`, patch)),
    remove: useWrite((id: number) => api.delete(`/api/groups/${id}`)),
    join: useWrite(({ id, message }: { id: number; message?: string }) => api.post<Group>(`/api/groups/${id}/join`, message ? { message } : {})),
    leave: useWrite((id: number) => api.post(`/api/groups/${id}/leave`)),
    invite: useWrite(({ id, userIds }: { id: number; userIds: number[] }) => api.post<GroupMembers>(`/api/groups/${id}/invitations`, { userIds })),
    answerInvitation: useWrite(({ id, decision }: { id: number; decision: GroupDecision }) => api.post<{ group: Group | null }>(`/api/groups/${id}/invitation/${decision}`)),
    answerRequest: useWrite(({ id, userId, decision }: { id: number; userId: number; decision: GroupDecision }) => api.post<GroupMembers>(`/api/groups/${id}/requests/${userId}/${decision}`)),
    setRole: useWrite(({ id, userId, role }: { id: number; userId: number; role: GroupRole }) => api.patch<GroupMembers>(`/api/groups/${id}/members/${userId}`, { role })),
    removeMember: useWrite(({ id, userId }: { id: number; userId: number }) => api.delete<GroupMembers>(`/api/groups/${id}/members/${userId}`)),
  };
}
