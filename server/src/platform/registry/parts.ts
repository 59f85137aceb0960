import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../context.js';
import type { Platform } from '../platform.js';
import type { PortalModule } from './registry.js';

/**
 * A part of a module (the automation's engine, the catalogue's warehouses): what it brings, merged
 * with its siblings' into the one module the registry knows. A part owns its folder; the module's
 * `index.ts` lists the parts and never changes when one of them grows.
 */
export type ModulePart = Pick<
  PortalModule,
  | 'routes'
  | 'processors'
  | 'jobs'
  | 'realtime'
  | 'access'
  | 'notifications'
  | 'linkedTo'
  | 'onPortalCreated'
  | 'demo'
  | 'describe'
  | 'menu'
  | 'searchKinds'
  | 'profileLinks'
  | 'commentable'
  | 'events'
  | 'holders'
> & {
  messages?: { ru: Record<string, string>; en: Record<string, string> };
};

/** The module made of `parts`, on top of what only the module declares (name, events, migrations, help). */
export function composeModule(base: Omit<PortalModule, Exclude<keyof ModulePart, 'events'> | 'messages'>, parts: ModulePart[]): PortalModule {
  const all = <K extends keyof ModulePart>(key: K) => parts.map((p) => p[key]).filter((v): v is NonNullable<ModulePart[K]> => v !== undefined);
  const one = <K extends keyof ModulePart>(key: K): ModulePart[K] => {
    const found = all(key);
    if (found.length > 1) throw new Error(`${base.name}: more than one part registers ${String(key)}`);
    return found[0];
  };
  const merged = <K extends 'realtime' | 'access' | 'describe' | 'events'>(key: K) => Object.assign({}, ...all(key)) as NonNullable<PortalModule[K]>;
  const list = <K extends 'menu' | 'searchKinds' | 'profileLinks' | 'commentable' | 'holders'>(key: K) => all(key).flat() as NonNullable<PortalModule[K]>;
  return {
    ...base,
    messages: { ru: Object.assign({}, ...all('messages').map((m) => m.ru)), en: Object.assign({}, ...all('messages').map((m) => m.en)) },
    events: { ...base.events, ...merged('events') },
    menu: list('menu'),
    searchKinds: list('searchKinds'),
    profileLinks: list('profileLinks'),
    commentable: list('commentable'),
    holders: list('holders'),
    routes: async (app: FastifyInstance, platform: Platform) => {
      for (const r of all('routes')) await r(app, platform);
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
}
