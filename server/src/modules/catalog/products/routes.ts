import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CatalogRightsView,
  CatalogSection,
  CatalogSectionInput,
  CatalogSectionList,
  CatalogSectionPatch,
  IdParam,
  Ok,
  Product,
  ProductBulk,
  ProductBulkResult,
  ProductInput,
  ProductList,
  ProductListQuery,
  ProductPatch,
  ProductSearchQuery,
  ProductSearchResult,
} from '@vavilon/contracts';
import { catalogRights, requireCatalog } from '../rights.js';
import * as sections from './sections.js';
import * as products from './service.js';
import { transferRoutes } from './transfer.js';

/** «Каталог товаров»: sections, products and services; reading needs the catalogue's `read`, changing its `edit`. */
export async function productRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/crm/catalog/rights', { config: member, schema: { response: { 200: CatalogRightsView } } }, (req) => catalogRights(req.ctx));

  app.get('/api/crm/catalog/sections', { config: member, schema: { response: { 200: CatalogSectionList } } }, async (req) => {
    await requireCatalog(req.ctx, 'read');
    return { items: await sections.listSections(req.ctx) };
  });
  app.post('/api/crm/catalog/sections', { config: member, schema: { body: CatalogSectionInput, response: { 200: CatalogSection } } }, async (req) => {
    await requireCatalog(req.ctx, 'edit');
    return sections.createSection(req.ctx, req.body);
  });
  app.patch('/api/crm/catalog/sections/:id', { config: member, schema: { params: IdParam, body: CatalogSectionPatch, response: { 200: CatalogSection } } }, async (req) => {
    await requireCatalog(req.ctx, 'edit');
    return sections.updateSection(req.ctx, req.params.id, req.body);
  });
  app.delete('/api/crm/catalog/sections/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await requireCatalog(req.ctx, 'edit');
    await sections.deleteSection(req.ctx, req.params.id);
    return { ok: true as const };
  });

  app.get('/api/crm/catalog/products', { config: member, schema: { querystring: ProductListQuery, response: { 200: ProductList } } }, (req) => products.listProducts(req.ctx, req.query));
  app.get('/api/crm/catalog/products/search', { config: member, schema: { querystring: ProductSearchQuery, response: { 200: ProductSearchResult } } }, (req) =>
    products.searchProducts(req.ctx, req.query.q, req.query.limit, req.query.all),
  );
  app.post('/api/crm/catalog/products/bulk', { config: member, schema: { body: ProductBulk, response: { 200: ProductBulkResult } } }, (req) => products.bulkProducts(req.ctx, req.body));
  app.get('/api/crm/catalog/products/:id', { config: member, schema: { params: IdParam, response: { 200: Product } } }, (req) => products.getProduct(req.ctx, req.params.id));
  app.post('/api/crm/catalog/products', { config: member, schema: { body: ProductInput, response: { 200: Product } } }, (req) => products.createProduct(req.ctx, req.body));
  app.patch('/api/crm/catalog/products/:id', { config: member, schema: { params: IdParam, body: ProductPatch, response: { 200: Product } } }, (req) =>
    products.updateProduct(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/crm/catalog/products/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await products.deleteProduct(req.ctx, req.params.id);
    return { ok: true as const };
  });

  await transferRoutes(fastify);
}
