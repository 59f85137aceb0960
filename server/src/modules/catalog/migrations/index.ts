import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261203_0210 from './20261203_0210_catalog.js';
import * as m20261203_0240 from './20261203_0240_product_words.js';
import * as m20261203_0250 from './20261203_0250_store_indexes.js';

/** The catalogue's migrations; a test fails when a file in this folder is missing here. */
export const catalogMigrations: MigrationList = {
  '20261203_0210_catalog': m20261203_0210,
  '20261203_0240_product_words': m20261203_0240,
  '20261203_0250_store_indexes': m20261203_0250,
};
