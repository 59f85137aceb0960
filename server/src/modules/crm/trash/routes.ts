import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParam, Ok, TrashEmptied, TrashPage, TrashQuery, TrashRestore, TrashRestored } from '@vavilon/contracts';
import { emptyTrash, listTrash, removeTrashEntry, restoreTrash } from './service.js';

/** «Корзина»: the deleted items, bringing them back, and emptying it. */
export function trashRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/crm/trash', { config: member, schema: { querystring: TrashQuery, response: { 200: TrashPage } } }, (req) => listTrash(req.ctx, req.query));
  app.post('/api/crm/trash/restore', { config: member, schema: { body: TrashRestore, response: { 200: TrashRestored } } }, (req) => restoreTrash(req.ctx, req.body));
  app.delete('/api/crm/trash', { config: member, schema: { response: { 200: TrashEmptied } } }, (req) => emptyTrash(req.ctx));
  app.delete('/api/crm/trash/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await removeTrashEntry(req.ctx, req.params.id);
    return { ok: true as const };
  });
}
