import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Ok } from '@vavilon/contracts';
import type { Platform } from '../../../platform/platform.js';
import { callWebhook } from './hook.js';

const HookParams = z.object({ token: z.string().min(1).max(200) });
// `dealId` is checked by the handler, after the token: a wrong address is a 404 whatever it carries.
const HookQuery = z.object({ dealId: z.string().max(40).optional() }).catchall(z.unknown());

/**
 * «Входящий вебхук»: `GET` or `POST /api/automation/hook/<token>?dealId=N` from another system.
 * Public: the token in the address is the caller's credential (it names the portal and the
 * trigger); no session, no CSRF token. A POST may carry any body: it is not read.
 */
export function hookRoutes(fastify: FastifyInstance, platform: Platform): void {
  // A scope of its own: other systems post forms and plain text as well as JSON, and this
  // parser, which takes any body and leaves it alone, must not reach the module's other routes.
  void fastify.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const config = { policy: 'public' as const };
    const schema = { params: HookParams, querystring: HookQuery, response: { 200: Ok } };
    for (const method of ['get', 'post'] as const) {
      app[method]('/api/automation/hook/:token', { config, schema }, async (req) => {
        await callWebhook(platform, { token: req.params.token, dealId: req.query.dealId, addressed: req.portal, requestId: req.id });
        return { ok: true as const };
      });
    }
  });
}
