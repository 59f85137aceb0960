import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CrmRole,
  CrmRoleInput,
  CrmRoleList,
  CrmRoleUpdate,
  EntityType,
  FieldCreate,
  FieldDef,
  FieldList,
  FieldOrder,
  FieldQuery,
  FieldUpdate,
  IdParam,
  Layout,
  LayoutQuery,
  LayoutView,
  MyCrmPermissions,
  Ok,
} from '@vavilon/contracts';
import * as fields from './fields-service.js';
import * as layouts from './layouts.js';
import * as roles from './roles-service.js';

/** CRM settings: custom fields, card layouts and CRM roles (administrators), and the user's own rights. */
export function adminRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const admin = { policy: 'admin' as const };
  const EntityParam = z.object({ entity: EntityType });

  app.get('/api/crm/fields', { config: member, schema: { querystring: FieldQuery, response: { 200: FieldList } } }, async (req) => ({
    items: await fields.listFields(req.ctx, req.query.entity),
  }));
  app.post('/api/crm/fields', { config: admin, schema: { body: FieldCreate, response: { 200: FieldDef } } }, (req) => fields.createField(req.ctx, req.body));
  app.put('/api/crm/fields/order', { config: admin, schema: { body: FieldOrder, response: { 200: FieldList } } }, async (req) => ({
    items: await fields.orderFields(req.ctx, req.body),
  }));
  app.patch('/api/crm/fields/:id', { config: admin, schema: { params: IdParam, body: FieldUpdate, response: { 200: FieldDef } } }, (req) => fields.updateField(req.ctx, req.params.id, req.body));
  app.delete('/api/crm/fields/:id', { config: admin, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await fields.deleteField(req.ctx, req.params.id);
    return { ok: true as const };
  });

  app.get('/api/crm/layouts/:entity', { config: member, schema: { params: EntityParam, querystring: LayoutQuery, response: { 200: LayoutView } } }, (req) =>
    layouts.getLayout(req.ctx, req.params.entity, req.query.pipelineId),
  );
  app.put('/api/crm/layouts/:entity', { config: admin, schema: { params: EntityParam, querystring: LayoutQuery, body: Layout, response: { 200: LayoutView } } }, (req) =>
    layouts.saveLayout(req.ctx, req.params.entity, req.query.pipelineId, req.body),
  );

  app.get('/api/crm/roles', { config: admin, schema: { response: { 200: CrmRoleList } } }, async (req) => ({ items: await roles.listRoles(req.ctx) }));
  app.post('/api/crm/roles', { config: admin, schema: { body: CrmRoleInput, response: { 200: CrmRole } } }, (req) => roles.createRole(req.ctx, req.body));
  app.patch('/api/crm/roles/:id', { config: admin, schema: { params: IdParam, body: CrmRoleUpdate, response: { 200: CrmRole } } }, (req) =>
    roles.updateRole(req.ctx, req.params.id, req.body as roles.RoleUpdate),
  );
  app.delete('/api/crm/roles/:id', { config: admin, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await roles.deleteRole(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.get('/api/crm/me/permissions', { config: member, schema: { response: { 200: MyCrmPermissions } } }, (req) => roles.myPermissions(req.ctx));
}
