import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { pickLang, t } from '../i18n/index.js';
import { RequestValidationError, localizeIssues } from './validation.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Every failure leaves as `{ error: { code, message, fields?, requestId } }`; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | RequestValidationError, req, reply) => {
    const lang = req.lang ?? 'ru';
    const requestId = req.id;
    if (err instanceof RequestValidationError) {
      return reply.status(400).send({
        error: { code: 'validation', message: t(lang, 'error.validation'), fields: localizeIssues(err.issues, lang), requestId },
      });
    }
    if (err instanceof AppError) {
      const fields = err.fields?.map((f) => ({ field: f.field, message: t(lang, f.message, f.params) }));
      return reply.status(err.status).send({
        error: { code: err.code, message: t(lang, err.messageKey, err.params), ...(fields ? { fields } : {}), requestId },
      });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: t(lang, 'error.payload_too_large'), requestId } });
    }
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: t(lang, 'error.rate_limited'), requestId } });
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON, wrong content type and the like.
      return reply.status(400).send({ error: { code: 'bad_request', message: t(lang, 'error.validation'), requestId } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: t(lang, 'error.internal'), requestId } });
  });
}

export function sendRouteNotFound(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'route_not_found', message: t(req.lang ?? 'ru', 'error.route_not_found'), requestId: req.id } });
}

/** Failures Fastify meets before routing (a malformed or overlong address): the same shape too. */
export function sendFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const lang = pickLang(req.headers['accept-language']);
  if (err.code === 'FST_ERR_ASYNC_CONSTRAINT') {
    return reply.status(500).send({ error: { code: 'internal', message: t(lang, 'error.internal'), requestId: req.id } });
  }
  return reply.status(400).send({ error: { code: 'bad_request', message: t(lang, 'error.validation'), requestId: req.id } });
}
