import type { ItemDescriber } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { ENTITY_TYPES } from './rights.js';
import type { EntityType } from './schema.js';
import { specOf } from './specs.js';
import { itemTitle } from './timeline/timeline.js';

/** A CRM item as another module links to it: «ООО «Ромашка»», /crm/company/details/5. */
const describer =
  (entity: EntityType): ItemDescriber =>
  async (ctx, ids) => {
    const rows = (await (scoped(ctx) as any).selectFrom(specOf(entity).table).selectAll().where('id', 'in', ids).execute()) as Record<string, any>[];
    return new Map(rows.map((r) => [Number(r.id), { title: itemTitle(entity, r), url: specOf(entity).url(Number(r.id)) }]));
  };

export const crmDescribe: Record<string, ItemDescriber> = Object.fromEntries(ENTITY_TYPES.map((e) => [e, describer(e)]));
