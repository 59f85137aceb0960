import type { AutomationPart } from '../core/types.js';
import { engineMessages } from './messages.js';
import { engineProcessor } from './processor.js';
import { runJob } from './job.js';
import { runLogRoutes } from './log.js';
import { RUN_JOB } from './runs.js';
import { runsOnTimeline } from './timeline.js';

/** The engine part of the automation module: the processor over the outbox, the runs' job, the run log and the runs on the deal's timeline. */
export const enginePart: AutomationPart = {
  messages: engineMessages,
  processors: (platform) => [engineProcessor(platform)],
  jobs: (platform) => ({ [RUN_JOB]: runJob(platform) }),
  routes: (app) => runLogRoutes(app),
  linkedTo: runsOnTimeline,
};
