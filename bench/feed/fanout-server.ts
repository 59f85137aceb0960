/**
 * One server process of the fan-out figure: the portal's own app (workers running) on the given
 * port, its database and Redis from the environment; prints `ready` once it listens.
 */
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';

const built = await buildApp(loadConfig(), { logger: false });
await built.startWorkers();
await built.app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
process.on('SIGTERM', async () => {
  await built.close();
  process.exit(0);
});
