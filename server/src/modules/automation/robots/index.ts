import type { RobotDef } from '../core/types.js';
import { stageChangeRobot } from './stage-change.js';
import { waitRobot } from './wait.js';
import { webhookRobot } from './webhook.js';

/** Every robot type the engine runs, one file each in this folder. */
export const robotDefs: RobotDef[] = [stageChangeRobot, waitRobot, webhookRobot];

const byType = new Map<string, RobotDef>();

/** The robot of a type, or undefined when no robot of that type exists (a broken rule). */
export function robotDef(type: string): RobotDef | undefined {
  if (byType.size !== robotDefs.length) for (const d of robotDefs) byType.set(d.type, d);
  return byType.get(type);
}
