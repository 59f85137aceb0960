import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Department, DepartmentInput, DepartmentUpdate, IdParam, InviteRequest, Lang, Ok, UserListQuery, UserProfile, UserSummary, UserUpdate, paged } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import * as users from './service.js';
import * as departments from './departments.js';
import { PHOTO_MAX_BYTES, uploadPhoto } from './photo.js';
import { noFile } from '../files/api.js';

export function userRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const admin = { policy: 'admin' as const };

  app.get('/api/users', { config: member, schema: { querystring: UserListQuery, response: { 200: paged(UserSummary) } } }, (req) => users.listUsers(req.ctx, req.query));
  app.get('/api/users/:id', { config: member, schema: { params: IdParam, response: { 200: UserProfile } } }, (req) => users.getProfile(req.ctx, req.params.id));
  app.patch('/api/users/:id', { config: member, schema: { params: IdParam, body: UserUpdate, response: { 200: UserProfile } } }, (req) => users.updateUser(req.ctx, req.params.id, req.body));
  app.post('/api/users/invite', { config: admin, schema: { body: InviteRequest, response: { 200: UserProfile } } }, (req) => users.inviteUser(req.ctx, req.body));
  app.post('/api/users/:id/deactivate', { config: admin, schema: { params: IdParam, response: { 200: UserProfile } } }, (req) => users.setActive(req.ctx, req.params.id, false));
  app.post('/api/users/:id/activate', { config: admin, schema: { params: IdParam, response: { 200: UserProfile } } }, (req) => users.setActive(req.ctx, req.params.id, true));
  // «Загрузить фото» (multipart, one file): only this scope takes uploads.
  void fastify.register(async (scope) => {
    const options = { limits: { fileSize: Math.min(PHOTO_MAX_BYTES, platform.config.maxFileBytes), files: 1, fields: 2, parts: 4, fieldSize: 256 } };
    await scope.register(multipart, options);
    scope.withTypeProvider<ZodTypeProvider>().post('/api/users/:id/photo', { config: member, schema: { params: IdParam, response: { 200: UserProfile } } }, async (req) => {
      if (!req.isMultipart()) throw noFile();
      const part = await req.file();
      if (!part) throw noFile();
      return uploadPhoto(req.ctx, req.params.id, { stream: part.file, fileName: part.filename });
    });
  });
  app.put('/api/me/language', { config: member, schema: { body: z.object({ language: Lang }), response: { 200: Ok } } }, async (req) => {
    await users.setLanguage(req.ctx, req.body.language);
    return { ok: true as const };
  });

  app.get('/api/departments', { config: member, schema: { response: { 200: z.object({ items: z.array(Department) }) } } }, async (req) => ({
    items: await departments.listDepartments(req.ctx),
  }));
  app.post('/api/departments', { config: admin, schema: { body: DepartmentInput, response: { 200: Department } } }, (req) => departments.createDepartment(req.ctx, req.body));
  app.patch('/api/departments/:id', { config: admin, schema: { params: IdParam, body: DepartmentUpdate, response: { 200: Department } } }, (req) =>
    departments.updateDepartment(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/departments/:id', { config: admin, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await departments.deleteDepartment(req.ctx, req.params.id);
    return { ok: true as const };
  });
}
