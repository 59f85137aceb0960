import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { demoGantt } from './gantt/demo.js';

/** The demo portal's tasks: each part of the module adds its call, in order. */
export async function demoTasks(ctx: Ctx, seed: DemoSeed): Promise<void> {
  await demoGantt(ctx, seed);
}
