export { duplicateRoutes } from './routes.js';
export { duplicateKeysProcessor, rebuildJob, REBUILD_JOB } from './processor.js';
export { rebuildKeys, reindexItems } from './store.js';
