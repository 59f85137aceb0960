import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hostileBodies } from './arbitraries.js';
import { routeKey } from './helpers.js';
import { hasSample, sampleFor } from './samples.js';
import { writeTarget } from './write-target.js';

/**
 * Every write route, signed in as an administrator with the CSRF token, takes random bodies:
 * anything, objects, a valid body with one or two things wrong, schema-shaped values, broken
 * JSON. Never a 500, every failure in the one error shape, and a 400 writes nothing.
 * FUZZ_RUNS, FUZZ_BUDGET_MS and FUZZ_SEED make a run longer or repeat one; FUZZ_ONLY picks routes.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
// CI repeats one sequence, so that a run passes or fails for the code, not the draw; locally every run draws anew.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261127 : undefined;

// The routes are known once the app is built, and each gets its own test.
const { t, fx, writes, checked, settle } = await writeTarget();
afterAll(() => t.dispose());
// A time share per route keeps the file bounded on a busy machine; an idle one runs every case.
const timeLimit = Math.max(1_000, Number(process.env.FUZZ_BUDGET_MS ?? 40_000) / Math.max(writes.length, 1));

describe('write routes under random bodies', () => {
  it('finds the write routes, and the samples it knows are valid', async () => {
    if (!process.env.FUZZ_ONLY) expect(writes.length).toBeGreaterThan(10);
    for (const r of writes.filter(hasSample)) {
      const schema = (r.schema as { body?: unknown } | undefined)?.body;
      if (schema instanceof z.ZodType) expect(schema.safeParse((await sampleFor(r, fx)).body).error?.issues, routeKey(r)).toBeUndefined();
    }
  });

  for (const r of writes) {
    it(`${routeKey(r)}: no 500, one error shape, no write on 400`, async () => {
      const statuses = new Map<number, number>();
      const base = await sampleFor(r, fx);
      await fc.assert(
        fc.asyncProperty(hostileBodies(base.body ?? {}, (r.schema as { body?: unknown } | undefined)?.body), async (body) => {
          const status = await checked(r, body);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: timeLimit, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
      // A time limit stops waiting for the last request, not the request: it must finish (and pass) here.
      await settle();
      // The route was reached and refused at least some of it.
      expect([...statuses.keys()].some((s) => s >= 400), JSON.stringify([...statuses])).toBe(true);
    }, 120_000);
  }
});
