import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreatePortalRequest, CreatedPortal, OperatorPortalList, OperatorStatus } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import * as operator from './service.js';

/** The signed-in account as a caller: the service decides whether it is an operator. */
function caller(req: FastifyRequest): operator.OperatorCaller {
  return { kind: 'session', accountId: req.session!.account_id, boundPortalId: req.session!.portal_id, lang: req.lang };
}

/**
 * The install's portals, for its operators. Any signed-in account reaches these routes
 * (policy «session»: they live at the central address, outside every portal); the service
 * refuses everyone but an operator.
 */
export function operatorRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const session = { policy: 'session' as const };

  app.get('/api/operator/me', { config: session, schema: { response: { 200: OperatorStatus } } }, async (req) => ({
    operator: await operator.isOperator(platform, caller(req)),
  }));

  app.get('/api/operator/portals', { config: session, schema: { response: { 200: OperatorPortalList } } }, async (req) => ({
    portals: await operator.listPortals(platform, caller(req)),
  }));

  app.post('/api/operator/portals', { config: session, schema: { body: CreatePortalRequest, response: { 200: CreatedPortal } } }, (req) =>
    operator.createPortalWithAdmin(platform, caller(req), req.body),
  );
}
