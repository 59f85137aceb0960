import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Company, CompanyInput, Contact, ContactInput, IdParam, IndustryList, Lead, LeadConvertInput, LeadConvertResult, LeadInput, LeadStatusMove, Ok } from '@vavilon/contracts';
import { z } from 'zod';
import { copyItem, createItem, deleteItem, getItem, updateItem } from '../items/service.js';
import { convertLead } from './convert.js';
import { INDUSTRIES } from './industries.js';

// As `withVersion(...)` of the contracts, with the types kept for the handlers.
const version = { version: z.number().int() };
const CompanyPatch = CompanyInput.partial().extend(version);
const ContactPatch = ContactInput.partial().extend(version);
const LeadPatch = LeadInput.partial().extend(version);

/** Companies, contacts and leads: cards, copies, lead statuses and conversion. */
export function clientRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const ok = { ok: true as const };

  app.get('/api/crm/industries', { config: member, schema: { response: { 200: IndustryList } } }, async () => ({ items: [...INDUSTRIES] }));

  app.post('/api/crm/companies', { config: member, schema: { body: CompanyInput, response: { 200: Company } } }, (req) => createItem(req.ctx, 'company', req.body));
  app.get('/api/crm/companies/:id', { config: member, schema: { params: IdParam, response: { 200: Company } } }, (req) => getItem(req.ctx, 'company', req.params.id));
  app.patch('/api/crm/companies/:id', { config: member, schema: { params: IdParam, body: CompanyPatch, response: { 200: Company } } }, (req) => {
    const { version, ...patch } = req.body;
    return updateItem(req.ctx, 'company', req.params.id, patch, version);
  });
  app.delete('/api/crm/companies/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await deleteItem(req.ctx, 'company', req.params.id);
    return ok;
  });
  app.post('/api/crm/companies/:id/copy', { config: member, schema: { params: IdParam, response: { 200: Company } } }, (req) => copyItem(req.ctx, 'company', req.params.id));

  app.post('/api/crm/contacts', { config: member, schema: { body: ContactInput, response: { 200: Contact } } }, (req) => createItem(req.ctx, 'contact', req.body));
  app.get('/api/crm/contacts/:id', { config: member, schema: { params: IdParam, response: { 200: Contact } } }, (req) => getItem(req.ctx, 'contact', req.params.id));
  app.patch('/api/crm/contacts/:id', { config: member, schema: { params: IdParam, body: ContactPatch, response: { 200: Contact } } }, (req) => {
    const { version, ...patch } = req.body;
    return updateItem(req.ctx, 'contact', req.params.id, patch, version);
  });
  app.delete('/api/crm/contacts/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await deleteItem(req.ctx, 'contact', req.params.id);
    return ok;
  });
  app.post('/api/crm/contacts/:id/copy', { config: member, schema: { params: IdParam, response: { 200: Contact } } }, (req) => copyItem(req.ctx, 'contact', req.params.id));

  app.post('/api/crm/leads', { config: member, schema: { body: LeadInput, response: { 200: Lead } } }, (req) => createItem(req.ctx, 'lead', req.body));
  app.get('/api/crm/leads/:id', { config: member, schema: { params: IdParam, response: { 200: Lead } } }, (req) => getItem(req.ctx, 'lead', req.params.id));
  app.patch('/api/crm/leads/:id', { config: member, schema: { params: IdParam, body: LeadPatch, response: { 200: Lead } } }, (req) => {
    const { version, ...patch } = req.body;
    return updateItem(req.ctx, 'lead', req.params.id, patch, version);
  });
  app.delete('/api/crm/leads/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await deleteItem(req.ctx, 'lead', req.params.id);
    return ok;
  });

  app.post('/api/crm/leads/:id/status', { config: member, schema: { params: IdParam, body: LeadStatusMove, response: { 200: Lead } } }, (req) => {
    const { version, ...patch } = req.body;
    return updateItem(req.ctx, 'lead', req.params.id, patch, version);
  });
  app.post('/api/crm/leads/:id/convert', { config: member, schema: { params: IdParam, body: LeadConvertInput, response: { 200: LeadConvertResult } } }, (req) =>
    convertLead(req.ctx, req.params.id, req.body),
  );
}
