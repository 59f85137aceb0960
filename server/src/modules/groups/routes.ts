import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Group,
  GroupDecision,
  GroupHistory,
  GroupHistoryQuery,
  GroupInput,
  GroupInviteInput,
  GroupJoinInput,
  GroupList,
  GroupListQuery,
  GroupMembers,
  GroupPatch,
  GroupRoleInput,
  IdValue,
  Ok,
} from '@vavilon/contracts';
import * as groups from './service.js';
import * as membership from './membership.js';
import { groupHistory } from './activity.js';

/** «Группы»: the list, a group's card, its people (joining, requests, invitations, roles) and its history. */
export function groupRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const GroupParam = z.object({ id: IdValue });
  const MemberParam = GroupParam.extend({ userId: IdValue });

  app.get('/api/groups', { config: member, schema: { querystring: GroupListQuery, response: { 200: GroupList } } }, (req) => groups.listGroups(req.ctx, req.query));
  app.post('/api/groups', { config: member, schema: { body: GroupInput, response: { 200: Group } } }, async (req) => {
    const row = await groups.createGroup(req.ctx, req.body);
    return groups.getGroup(req.ctx, row.id);
  });
  app.get('/api/groups/invitations', { config: member, schema: { response: { 200: z.object({ items: z.array(Group) }) } } }, async (req) => ({ items: await membership.myInvitations(req.ctx) }));
  app.get('/api/groups/:id', { config: member, schema: { params: GroupParam, response: { 200: Group } } }, (req) => groups.getGroup(req.ctx, req.params.id));
  app.patch('/api/groups/:id', { config: member, schema: { params: GroupParam, body: GroupPatch, response: { 200: Group } } }, (req) => groups.updateGroup(req.ctx, req.params.id, req.body));
  app.delete('/api/groups/:id', { config: member, schema: { params: GroupParam, response: { 200: Ok } } }, async (req) => {
    await groups.deleteGroup(req.ctx, req.params.id);
    return { ok: true as const };
  });

  app.get('/api/groups/:id/members', { config: member, schema: { params: GroupParam, response: { 200: GroupMembers } } }, (req) => membership.listMembers(req.ctx, req.params.id));
  app.post('/api/groups/:id/join', { config: member, schema: { params: GroupParam, body: GroupJoinInput.optional(), response: { 200: Group } } }, (req) =>
    membership.joinGroup(req.ctx, req.params.id, req.body?.message),
  );
  app.post('/api/groups/:id/leave', { config: member, schema: { params: GroupParam, response: { 200: Ok } } }, async (req) => {
    await membership.leaveGroup(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post('/api/groups/:id/invitations', { config: member, schema: { params: GroupParam, body: GroupInviteInput, response: { 200: GroupMembers } } }, (req) =>
    membership.inviteMembers(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/groups/:id/invitation/:decision',
    { config: member, schema: { params: GroupParam.extend({ decision: GroupDecision }), response: { 200: z.object({ group: Group.nullable() }) } } },
    async (req) => ({ group: await membership.answerInvitation(req.ctx, req.params.id, req.params.decision) }),
  );
  app.post('/api/groups/:id/requests/:userId/:decision', { config: member, schema: { params: MemberParam.extend({ decision: GroupDecision }), response: { 200: GroupMembers } } }, (req) =>
    membership.answerRequest(req.ctx, req.params.id, req.params.userId, req.params.decision),
  );
  app.patch('/api/groups/:id/members/:userId', { config: member, schema: { params: MemberParam, body: GroupRoleInput, response: { 200: GroupMembers } } }, (req) =>
    membership.setMemberRole(req.ctx, req.params.id, req.params.userId, req.body.role),
  );
  app.delete('/api/groups/:id/members/:userId', { config: member, schema: { params: MemberParam, response: { 200: GroupMembers } } }, (req) =>
    membership.removeMember(req.ctx, req.params.id, req.params.userId),
  );

  app.get('/api/groups/:id/history', { config: member, schema: { params: GroupParam, querystring: GroupHistoryQuery, response: { 200: GroupHistory } } }, (req) =>
    groupHistory(req.ctx, req.params.id, req.query),
  );
}
