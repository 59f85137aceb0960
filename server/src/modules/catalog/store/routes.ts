import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  IdParam,
  MovementList,
  MovementQuery,
  Ok,
  StockList,
  StockQuery,
  StoreDocument,
  StoreDocumentAction,
  StoreDocumentInput,
  StoreDocumentList,
  StoreDocumentPatch,
  StoreDocumentQuery,
  StoreSettings,
  Warehouse,
  WarehouseInput,
  WarehouseList,
  WarehousePatch,
} from '@vavilon/contracts';
import * as documents from './documents.js';
import { cancelDocument, postDocument } from './posting.js';
import { listStock, productMovements } from './stock.js';
import * as warehouses from './warehouses.js';

/** /api/crm/store: warehouses, stock, the products' stock history and the documents; rights by the CRM roles («Складской учёт»). */
export function storeRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const admin = { policy: 'admin' as const };
  const ok = { 200: Ok };

  app.get('/api/crm/store/warehouses', { config: member, schema: { response: { 200: WarehouseList } } }, (req) => warehouses.listWarehouses(req.ctx));
  app.get('/api/crm/store/warehouses/:id', { config: member, schema: { params: IdParam, response: { 200: Warehouse } } }, (req) => warehouses.getWarehouse(req.ctx, req.params.id));
  app.post('/api/crm/store/warehouses', { config: member, schema: { body: WarehouseInput, response: { 200: Warehouse } } }, (req) => warehouses.createWarehouse(req.ctx, req.body));
  app.patch('/api/crm/store/warehouses/:id', { config: member, schema: { params: IdParam, body: WarehousePatch, response: { 200: Warehouse } } }, (req) =>
    warehouses.updateWarehouse(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/crm/store/warehouses/:id', { config: member, schema: { params: IdParam, response: ok } }, async (req) => {
    await warehouses.deleteWarehouse(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.put('/api/crm/store/settings', { config: admin, schema: { body: StoreSettings, response: { 200: StoreSettings } } }, (req) => warehouses.updateSettings(req.ctx, req.body));

  app.get('/api/crm/store/stock', { config: member, schema: { querystring: StockQuery, response: { 200: StockList } } }, (req) => listStock(req.ctx, req.query));
  app.get('/api/crm/store/products/:id/movements', { config: member, schema: { params: IdParam, querystring: MovementQuery, response: { 200: MovementList } } }, (req) =>
    productMovements(req.ctx, req.params.id, req.query),
  );

  app.get('/api/crm/store/documents', { config: member, schema: { querystring: StoreDocumentQuery, response: { 200: StoreDocumentList } } }, (req) => documents.listDocuments(req.ctx, req.query));
  app.get('/api/crm/store/documents/:id', { config: member, schema: { params: IdParam, response: { 200: StoreDocument } } }, (req) => documents.getDocument(req.ctx, req.params.id));
  app.post('/api/crm/store/documents', { config: member, schema: { body: StoreDocumentInput, response: { 200: StoreDocument } } }, (req) => documents.createDocument(req.ctx, req.body));
  app.patch('/api/crm/store/documents/:id', { config: member, schema: { params: IdParam, body: StoreDocumentPatch, response: { 200: StoreDocument } } }, (req) =>
    documents.updateDocument(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/crm/store/documents/:id', { config: member, schema: { params: IdParam, response: ok } }, async (req) => {
    await documents.deleteDocument(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post('/api/crm/store/documents/:id/post', { config: member, schema: { params: IdParam, body: StoreDocumentAction, response: { 200: StoreDocument } } }, (req) =>
    postDocument(req.ctx, req.params.id, req.body.version),
  );
  app.post('/api/crm/store/documents/:id/cancel', { config: member, schema: { params: IdParam, body: StoreDocumentAction, response: { 200: StoreDocument } } }, (req) =>
    cancelDocument(req.ctx, req.params.id, req.body.version),
  );
}
