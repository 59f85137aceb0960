import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { demoScrum } from './scrum/demo.js';

/** The demo portal's tasks and projects, part by part. */
export async function demoTasks(ctx: Ctx, seed: DemoSeed): Promise<void> {
  await demoScrum(ctx, seed);
}
