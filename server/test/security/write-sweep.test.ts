import { afterAll, describe, expect, it } from 'vitest';
import { dangerousFor, leafPaths, valueAt } from './arbitraries.js';
import { routeKey } from './helpers.js';
import { sampleFor } from './samples.js';
import { writeTarget } from './write-target.js';

/**
 * The deterministic half of the write fuzzing: every value inside each write route's valid
 * body is replaced, one at a time, by each value of its type that has broken servers before
 * (NUL, text that grows when lower-cased, huge text, numbers past the integer columns...).
 * Never a 500, every failure in the one error shape, and a 400 writes nothing.
 */

const { t, fx, writes, checked } = await writeTarget();
afterAll(() => t.dispose());
// A time share per route keeps the file bounded on a busy machine; an idle one runs every case.
const timeLimit = Math.max(1_000, Number(process.env.FUZZ_BUDGET_MS ?? 40_000) / Math.max(writes.length, 1));

describe('write routes with one bad value in a valid body', () => {
  for (const r of writes) {
    it(`${routeKey(r)}: each value of the body, each dangerous replacement`, async () => {
      const base = (await sampleFor(r, fx)).body;
      const until = Date.now() + timeLimit;
      let cases = 0;
      // Deep bodies: the first 12 paths cover the fields and the first item of each list.
      // `checked` asserts each answer: no 500, the error shape, nothing written on a 400.
      for (const path of leafPaths(base).slice(0, 12)) {
        if (Date.now() > until) break;
        for (const value of dangerousFor(valueAt(base, path))) {
          await checked(r, { kind: 'patch', set: [[path, value]], drop: [] });
          cases++;
        }
        await checked(r, { kind: 'patch', set: [], drop: [path] });
        cases++;
      }
      // A body with no fields still gets its removal case; a route that checked nothing is a gap.
      expect(cases === 0 && leafPaths(base).length > 0, `${routeKey(r)} checked no case`).toBe(false);
    }, 120_000);
  }
});
