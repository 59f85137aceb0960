import type { RobotDef } from '../core/types.js';
import { activityCreateRobot } from './activity-create.js';
import { commentAddRobot } from './comment-add.js';
import { fieldSetRobot } from './field-set.js';
import { fieldsCheckRobot } from './fields-check.js';
import { notifyRobot } from './notify.js';
import { responsibleChangeRobot } from './responsible-change.js';
import { stageChangeRobot } from './stage-change.js';
import { taskCompleteRobot } from './task-complete.js';
import { taskCreateRobot } from './task-create.js';
import { taskDeadlineRequestRobot } from './task-deadline-request.js';
import { taskDeadlineShiftRobot } from './task-deadline-shift.js';
import { waitRobot } from './wait.js';
import { webhookRobot } from './webhook.js';

/** Every robot type the engine runs, one file each in this folder. */
export const robotDefs: RobotDef[] = [
  taskCreateRobot,
  taskCompleteRobot,
  taskDeadlineShiftRobot,
  taskDeadlineRequestRobot,
  stageChangeRobot,
  responsibleChangeRobot,
  fieldSetRobot,
  fieldsCheckRobot,
  commentAddRobot,
  notifyRobot,
  waitRobot,
  webhookRobot,
  activityCreateRobot,
];

const byType = new Map<string, RobotDef>();

/** The robot of a type, or undefined when no robot of that type exists (a broken rule). */
export function robotDef(type: string): RobotDef | undefined {
  if (byType.size !== robotDefs.length) for (const d of robotDefs) byType.set(d.type, d);
  return byType.get(type);
}
