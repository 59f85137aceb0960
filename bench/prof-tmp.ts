import type { KyselyPlugin } from 'kysely';
import { searchBox, searchPage } from '../server/src/modules/search/service.js';
import { generate } from './search/data.js';

const d = await generate({ pgUrl: null });
const [what, scope, q] = process.argv.slice(2) as [string, 'all' | 'department' | 'own', string];
const user = d.users[scope][3]!;
for (let round = 0; round < 3; round++) {
  const ctx = await d.as(user);
  const starts = new Map<any, number>();
  const log: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (a) => (starts.set(a.queryId, performance.now()), a.node),
    transformResult: async (a) => {
      const ms = performance.now() - starts.get(a.queryId)!;
      log.push(`${ms.toFixed(1).padStart(7)} ms ${a.result.rows.length} rows`);
      return a.result;
    },
  };
  const c = { ...ctx, db: ctx.db.withPlugin(plugin) };
  const t0 = performance.now();
  if (what === 'box') await searchBox(c, q, 5);
  else await searchPage(c, q, { limit: 20 });
  console.log(`round ${round}: ${(performance.now() - t0).toFixed(1)} ms, ${log.length} statements`);
  if (round === 2) console.log(log.join('\n'));
}
await d.close();
