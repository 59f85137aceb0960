import { catalogProductEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import { composeModule, type ModulePart } from '../../platform/registry/parts.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { catalogMigrations } from './migrations/index.js';
import { productsPart } from './products/part.js';
import { storePart } from './store/part.js';

const parts: ModulePart[] = [productsPart, storePart];

/** «Товары и склады»: the product catalogue and the warehouses. */
export const catalogModule: PortalModule = composeModule(
  {
    name: 'catalog',
    migrations: catalogMigrations,
    events: { ...catalogProductEvents },
    help: { moduleIds: ['catalog'], dir: moduleDir('catalog') + '/help' },
  },
  parts,
);
