import { automationEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import { composeModule } from '../../platform/registry/parts.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { automationMigrations } from './migrations/index.js';
import type { AutomationPart } from './core/types.js';
import { enginePart } from './engine/part.js';
import { robotsPart } from './robots/part.js';
import { triggersPart } from './triggers/part.js';
import { rulesPart } from './rules/part.js';
import { presetPart } from './preset/part.js';

/** Stage automation of the CRM's pipelines: robots and triggers, their designer and run log, and «Воронка обзвона». */
const parts: AutomationPart[] = [enginePart, robotsPart, triggersPart, rulesPart, presetPart];

export const automationModule: PortalModule = composeModule(
  {
    name: 'automation',
    events: automationEvents,
    migrations: automationMigrations,
    help: { moduleIds: ['automation'], dir: moduleDir('automation') + '/help' },
  },
  parts,
);
