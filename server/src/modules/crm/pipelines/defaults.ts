import type { Ctx } from '../../../platform/context.js';

/** A new portal's CRM: the «Продажи» pipeline with its stages, lead statuses and the default role. */
export async function provisionCrm(_ctx: Ctx): Promise<void> {
  // filled by the pipelines part
}
