import type { BuiltApp, RouteEntry } from '../../src/app.js';
import type { Agent, TestPortal } from '../harness.js';

export { SECRET, sendFile, versionOf } from './helpers.js';

/** The portal a sample request acts in: its people and departments and its rows' ids per table. */
export interface Fixture {
  t: BuiltApp;
  p: TestPortal;
  ids: Record<string, number[]>;
  /** Row ids a sample should aim at instead of the table's first one. */
  prefer?: Record<string, number>;
}

export interface Sample {
  params: Record<string, string | number>;
  body?: unknown;
}

/**
 * What a module gives the route walker and the write tests, in `route-samples.ts` of its folder
 * (found there by the walker, no list to edit).
 */
export interface RouteSamples {
  /** A plausible valid request per write route (`'PATCH /api/users/:id'`), aimed at real rows of the fixture's portal. */
  samples?: Record<string, (fx: Fixture) => Promise<Partial<Sample>>>;
  /** Path parameters of a route (by its URL) that are neither a known table's id nor an enum. */
  params?: Record<string, (fx: Fixture) => Record<string, string | number>>;
  /** Values of a route's named path parameters that are no enum (`'/api/comments/:type/:id': { type: ['deal'] }`), tried like an enum's. */
  names?: Record<string, Record<string, string[]>>;
  /** Rows that no JSON route creates (uploads take multipart), by table, and how to make one. */
  creators?: Record<string, (fx: Fixture, admin: Agent, routes: RouteEntry[]) => Promise<unknown>>;
}
