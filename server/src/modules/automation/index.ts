import type { FastifyInstance } from 'fastify';
import { automationEvents } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Ctx } from '../../platform/context.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { automationMigrations } from './migrations/index.js';
import type { AutomationPart } from './core/types.js';
import { enginePart } from './engine/part.js';
import { robotsPart } from './robots/part.js';
import { triggersPart } from './triggers/part.js';
import { rulesPart } from './rules/part.js';
import { presetPart } from './preset/part.js';

/** Engine, robots, triggers, the designer's rules and the preset «Воронка обзвона»: each part registers itself here. */
const parts: AutomationPart[] = [enginePart, robotsPart, triggersPart, rulesPart, presetPart];

const all = <K extends keyof AutomationPart>(key: K) => parts.map((p) => p[key]).filter((v): v is NonNullable<AutomationPart[K]> => v !== undefined);
const one = <K extends keyof AutomationPart>(key: K): AutomationPart[K] => {
  const found = all(key);
  if (found.length > 1) throw new Error(`automation: more than one part registers ${String(key)}`);
  return found[0];
};
const merged = <K extends 'realtime' | 'access' | 'describe'>(key: K) => Object.assign({}, ...all(key)) as NonNullable<PortalModule[K]>;

/** Stage automation of the CRM's pipelines: robots and triggers, their designer and run log, and «Воронка обзвона». */
export const automationModule: PortalModule = {
  name: 'automation',
  events: automationEvents,
  migrations: automationMigrations,
  messages: { ru: Object.assign({}, ...all('messages').map((m) => m.ru)), en: Object.assign({}, ...all('messages').map((m) => m.en)) },
  help: { moduleIds: ['automation'], dir: moduleDir('automation') + '/help' },
  routes: (app: FastifyInstance, platform: Platform) => {
    for (const r of all('routes')) void r(app, platform);
  },
  processors: (platform) => all('processors').flatMap((p) => p(platform)),
  jobs: (platform) => Object.assign({}, ...all('jobs').map((j) => j(platform))),
  realtime: merged('realtime'),
  access: merged('access'),
  describe: merged('describe'),
  notifications: one('notifications'),
  linkedTo: one('linkedTo'),
  onPortalCreated: async (ctx: Ctx) => {
    for (const f of all('onPortalCreated')) await f(ctx);
  },
  demo: async (ctx, seed) => {
    for (const f of all('demo')) await f(ctx, seed);
  },
};
