import { robotConfigs, triggerConfigs } from '@vavilon/contracts';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.js';
import { robotDef } from '../robots/index.js';
import { requireConfigure } from './access.js';

export const Catalog = z.object({
  robots: z.array(z.object({ type: z.string(), available: z.boolean(), config: z.record(z.string(), z.unknown()) })),
  triggers: z.array(z.object({ type: z.string(), config: z.record(z.string(), z.unknown()) })),
});
export type Catalog = z.infer<typeof Catalog>;

/** A configuration's fields as JSON Schema (what the client sends), for forms built from it. */
function described(schema: z.ZodType): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return {};
  }
}

let cached: { robots: Omit<Catalog['robots'][number], 'available'>[]; triggers: Catalog['triggers'] } | null = null;

/** The robot and trigger types with their configuration's fields; `available`: the engine runs robots of that type. */
export async function catalog(ctx: Ctx): Promise<Catalog> {
  await requireConfigure(ctx);
  cached ??= {
    robots: Object.entries(robotConfigs).map(([type, schema]) => ({ type, config: described(schema) })),
    triggers: Object.entries(triggerConfigs).map(([type, schema]) => ({ type, config: described(schema) })),
  };
  return { robots: cached.robots.map((r) => ({ ...r, available: robotDef(r.type) !== undefined })), triggers: cached.triggers };
}
