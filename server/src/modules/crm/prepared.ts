import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

type Args = Record<string, number | string | null>;

/**
 * A statement every request runs, built and compiled once per database connection pool (or
 * transaction) and shape, then run with the request's values: building and compiling a Kysely
 * query costs about as much CPU as SQLite takes to run a small one. `build` receives stand-in
 * values that must end up as parameters unchanged (no arithmetic or branching on them; a
 * different shape, such as a missing department, is a different `shape` key).
 */
export function prepared<A extends Args, R>(build: (ctx: Pick<Ctx, 'db' | 'portal'>, args: A) => Compilable<R>) {
  const cache = new WeakMap<object, Map<string, { query: CompiledQuery<R>; slots: (keyof A | 'portal' | null)[] }>>();
  let seq = 0;
  const standIn = (key: string, sample: unknown): number | string => (typeof sample === 'string' ? `\u0000${key}\u0000` : -2_000_000_000 - ++seq);
  return async (ctx: Pick<Ctx, 'db' | 'portal'>, args: A, shape = ''): Promise<R[]> => {
    const db = ctx.db as unknown as Kysely<any>;
    let byShape = cache.get(db);
    if (!byShape) cache.set(db, (byShape = new Map()));
    let p = byShape.get(shape);
    if (!p) {
      const stand: Record<string, number | string | null> = {};
      for (const [k, v] of Object.entries(args)) stand[k] = v === null ? null : standIn(k, v);
      const portalStand = standIn('portal', 0);
      const query = build({ db: ctx.db, portal: { ...ctx.portal, id: portalStand as number } }, stand as A).compile();
      const byValue = new Map<unknown, keyof A | 'portal'>([
        [portalStand, 'portal'],
        ...Object.entries(stand)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [v, k] as [unknown, keyof A]),
      ]);
      p = { query, slots: query.parameters.map((v) => byValue.get(v) ?? null) };
      byShape.set(shape, p);
    }
    const { query, slots } = p;
    const parameters = query.parameters.map((v, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? v : slot === 'portal' ? ctx.portal.id : args[slot];
    });
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}
