import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HelpArticles, HelpQuery, Shell, ShellSettings, ShellSettingsUpdate, SiteMap } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import * as shell from './service.js';
import { writeSettings } from './settings.js';
import { helpFor } from './help.js';

export function shellRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/shell', { config: member, schema: { response: { 200: Shell } } }, (req) => shell.shell(req.ctx));
  app.put('/api/shell/settings', { config: member, schema: { body: ShellSettingsUpdate, response: { 200: ShellSettings } } }, (req) => writeSettings(req.ctx, req.body));
  app.get('/api/sitemap', { config: member, schema: { response: { 200: SiteMap } } }, async (req) => shell.siteMap(req.ctx));
  // Help is readable before sign-in too: the sign-in page has its «Помощь».
  app.get('/api/help', { config: { policy: 'public' }, schema: { querystring: HelpQuery, response: { 200: HelpArticles } } }, async (req) => ({
    module: req.query.module,
    articles: await helpFor(platform.registry, req.query.module, req.lang),
  }));
}
