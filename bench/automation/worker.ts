/**
 * One server process of the automation benchmark: the app on the benchmark's database with its
 * workers (the engine's processor, the jobs), and optionally movers that push deals one stage on.
 * `BENCH_WORKER` (JSON): { url, ids: file with deal ids, stageId, seconds, concurrency } — with no
 * ids it only runs the workers (a restarted process finishing a backlog). Prints `MOVED <n>` when
 * its movers are through; runs until it is stopped (or killed).
 */
import fs from 'node:fs';
import { moveMany, openBench } from './lib.js';

const job = JSON.parse(process.env.BENCH_WORKER ?? '{}') as { url: string; ids?: string; stageId?: number; seconds?: number; concurrency?: number };
const o = await openBench(job.url, { workers: true });
process.stdout.write('READY\n');
if (job.ids) {
  const ids = JSON.parse(fs.readFileSync(job.ids, 'utf8')) as number[];
  const moved = await moveMany(o, ids, job.stageId!, job.seconds!, job.concurrency ?? 8);
  process.stdout.write(`MOVED ${moved}\n`);
}
process.on('SIGTERM', async () => {
  await o.close();
  process.exit(0);
});
setInterval(() => undefined, 60_000);
