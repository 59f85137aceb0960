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
 * The properties hold for every seed: a route's own answers decide, not the draw. Besides the random
 * bodies each route gets broken JSON (always refused), and a route with a body schema a body of the
 * wrong type (refused); a route without one (sign-out) may accept anything, but never answers 500.
 * FUZZ_RUNS, FUZZ_BUDGET_MS and FUZZ_SEED make a run longer or repeat one; FUZZ_ONLY picks routes.
 * A failure names its seed.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
// CI repeats one sequence, so that a run passes or fails for the code, not the draw; locally every run draws anew.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261127 : undefined;
const seedFor = () => SEED ?? Math.floor(Math.random() * 0x7fffffff);

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
      const seed = seedFor();
      const base = await sampleFor(r, fx);
      const schema = (r.schema as { body?: unknown } | undefined)?.body;
      try {
        await fc.assert(
          fc.asyncProperty(hostileBodies(base.body ?? {}, schema), async (body) => {
            await checked(r, body);
          }),
          { numRuns: RUNS, interruptAfterTimeLimit: timeLimit, seed },
        );
        // A time limit stops waiting for the last request, not the request: it must finish (and pass) here.
        await settle();
      } catch (e) {
        (e as Error).message = `FUZZ_SEED=${seed} FUZZ_ONLY='${routeKey(r).replace(/[/:]/g, '.')}' repeats this: ${(e as Error).message}`;
        throw e;
      }
      // Whatever the draw: broken JSON is refused, and so is a body of the wrong type where the route has a schema.
      expect(await checked(r, { kind: 'raw', text: '{"broken": ' }), 'broken JSON').toBe(400);
      if (schema instanceof z.ZodType && !schema.safeParse(42).success) expect(await checked(r, { kind: 'json', value: 42 }), 'a number for a body').toBe(400);
    }, 120_000);
  }
});
