import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CurrencyBaseInput, CurrencyList, CurrencyParam, CurrencyRateHistory, CurrencyRateInput, CurrencyRateParam, ListQuery, ListSum, ListSumParam } from '@vavilon/contracts';
import { sumRows } from '../list.js';
import { checkListQuery } from '../items/query.js';
import * as currencies from './service.js';

/** The portal's currencies: everyone in the CRM reads them, administrators enter rates and choose the base. */
export function currencyRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const admin = { policy: 'admin' as const };

  app.get('/api/crm/currencies', { config: member, schema: { response: { 200: CurrencyList } } }, (req) => currencies.listCurrencies(req.ctx));
  app.put('/api/crm/currencies/base', { config: admin, schema: { body: CurrencyBaseInput, response: { 200: CurrencyList } } }, (req) => currencies.setBase(req.ctx, req.body.code, req.body.version));
  app.get('/api/crm/currencies/:code/rates', { config: member, schema: { params: CurrencyParam, response: { 200: CurrencyRateHistory } } }, (req) =>
    currencies.rateHistory(req.ctx, currencies.knownCurrency(req.params.code)),
  );
  app.post('/api/crm/currencies/:code/rates', { config: admin, schema: { params: CurrencyParam, body: CurrencyRateInput, response: { 200: CurrencyList } } }, (req) =>
    currencies.setRate(req.ctx, currencies.knownCurrency(req.params.code), req.body),
  );
  // The list's sum: apart from its count, so neither waits for the other.
  app.get('/api/crm/:entity/sum', { config: member, schema: { params: ListSumParam, querystring: ListQuery, response: { 200: ListSum } } }, (req) =>
    sumRows(req.ctx, req.params.entity, checkListQuery(req.query)),
  );
  app.delete('/api/crm/currencies/:code/rates/:id', { config: admin, schema: { params: CurrencyRateParam, response: { 200: CurrencyList } } }, (req) =>
    currencies.deleteRate(req.ctx, currencies.knownCurrency(req.params.code), req.params.id),
  );
}
