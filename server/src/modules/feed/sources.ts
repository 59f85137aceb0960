import { feedEvents } from '@vavilon/contracts';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import type { Platform } from '../../platform/platform.js';
import type { FeedSourcePost } from '../../platform/registry/registry.js';
import { plainText, sanitizeRichText } from '../../platform/rich-text.js';
import { keyOf } from './audience.js';
import { dropPost } from './service.js';
import type { Ctx } from '../../platform/context.js';

/**
 * Module posts: one processor reads the events of every module's feed sources (the registry's
 * `feedSources`) and keeps one post per source key — written, replaced or removed.
 */
export function feedSourcesProcessor(platform: Platform): EventProcessor {
  const sources = platform.registry.feedSources();
  const byEvent = new Map(sources.flatMap((s) => s.events.map((e) => [e.name, s] as const)));
  return defineProcessor({
    name: 'feed.sources',
    events: sources.flatMap((s) => s.events),
    async handle(event, tx) {
      const source = byEvent.get(event.type);
      if (!source) return;
      const portal = await platform.portals.byId(event.portalId, tx.db);
      if (!portal) return;
      const ctx = processorCtx(tx, portal);
      const built = await source.build(ctx, event);
      if (!built) return;
      if ('remove' in built) await removeSourcePost(ctx, built.remove);
      else await writeSourcePost(ctx, source.kind, built);
    },
  });
}

async function removeSourcePost(ctx: Ctx, key: string): Promise<void> {
  const row = await scoped(ctx).selectFrom('feed_post').select(['id', 'kind']).where('source_key', '=', key).executeTakeFirst();
  if (row) await dropPost(ctx, { id: row.id, kind: row.kind, authorId: null });
}

async function writeSourcePost(ctx: Ctx, kind: string, p: FeedSourcePost): Promise<void> {
  const html = sanitizeRichText(p.html);
  const text = [p.title, plainText(html)].join(' ').trim();
  const keys = [...new Set(p.audience.map(keyOf))];
  if (!keys.length) return;
  const now = nowIso();
  const existing = await scoped(ctx).selectFrom('feed_post').select(['id', 'version']).where('source_key', '=', p.key).executeTakeFirst();
  const fields = { kind, title: p.title, html, text, audience: JSON.stringify(p.audience), link: p.link ? JSON.stringify(p.link) : null, author_id: p.authorId, updated_at: now };
  let id: number;
  if (existing) {
    id = existing.id;
    await scoped(ctx)
      .updateTable('feed_post')
      .set({ ...fields, version: existing.version + 1 })
      .where('id', '=', id)
      .execute();
    await scoped(ctx).deleteFrom('feed_audience').where('post_id', '=', id).execute();
  } else {
    id = (
      await scoped(ctx)
        .insertInto('feed_post', {
          ...fields,
          source: 1,
          source_key: p.key,
          mentions: '[]',
          files: '[]',
          poll: null,
          thanks: null,
          view_count: 0,
          read_count: 0,
          version: 1,
          created_at: now,
          edited_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  await scoped(ctx)
    .insertInto(
      'feed_audience',
      keys.map((key) => ({ post_id: id, key, kind, source: 1 })),
    )
    .execute();
  await recordEvent(ctx, existing ? feedEvents.postUpdated : feedEvents.postCreated, { entityType: 'feed_post', entityId: id, payload: { kind, authorId: p.authorId, audience: keys } });
}
