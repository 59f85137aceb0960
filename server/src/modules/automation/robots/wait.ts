import { evaluateCondition } from '../fields/conditions.js';
import { defineRobot } from '../core/types.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * «Ждать условия»: done once the condition holds; until then the run waits (the robots after
 * it with it) and is looked at again on each change of the deal. Past `timeoutDays` from its
 * first look it fails, and the robots after it do not run.
 */
export const waitRobot = defineRobot({
  type: 'wait',
  recheckOnChange: true,
  async run({ ctx, config, deal, run }) {
    const since = typeof run.state?.since === 'string' ? run.state.since : new Date().toISOString();
    if (await evaluateCondition(ctx, deal, config.condition)) return { status: 'done', message: { key: 'automation.wait.holds' }, state: { since } };
    return { status: 'waiting', message: { key: 'automation.wait.waiting' }, state: { since }, until: new Date(new Date(since).getTime() + config.timeoutDays * DAY_MS) };
  },
});
