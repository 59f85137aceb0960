import type { RelativeTime, Who } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { DealSnapshot } from '../../crm/api.js';
import { appendChecklist, createTask } from '../../tasks/api.js';
import { timeZoneOf } from '../../users/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fillText } from '../fields/placeholders.js';
import { guarded, nameOf, nobody, paragraphs } from './common.js';
import { deadlineFrom } from './deadline.js';
import { creatorFor, resolveAll, resolveWho } from './who.js';

export interface RobotTaskInput {
  title: string;
  description: string;
  responsible: Who;
  deadline: RelativeTime | null;
  deadlineLocked: boolean;
  checklist?: string[];
  observers?: Who[];
  creator?: Who;
  /** What {{missing}} stands for in the texts. */
  missing?: string;
}

/**
 * Creates a robot's task bound to the deal (source «automation»): the texts with their
 * placeholders filled, the deadline counted from now in the responsible's time zone, the
 * deadline locked when asked («Запретить менять крайний срок»). Null when nobody is the responsible.
 */
export async function createRobotTask(ctx: Ctx, deal: DealSnapshot, input: RobotTaskInput): Promise<{ taskId: number; title: string; responsibleId: number } | null> {
  const responsibleId = await resolveWho(ctx, deal, input.responsible);
  if (responsibleId === null) return null;
  const observers = (await resolveAll(ctx, deal, input.observers ?? [])).filter((u) => u !== responsibleId);
  const creatorId = await creatorFor(ctx, deal, responsibleId, input.creator);
  const opts = { missing: input.missing };
  const title = (await fillText(ctx, deal, input.title, opts)).slice(0, 250) || deal.title;
  // A description with markup is rich text already; plain text keeps its lines as paragraphs.
  const rich = /<[a-z][^>]*>/i.test(input.description);
  const description = rich ? await fillText(ctx, deal, input.description, { ...opts, html: true }) : input.description ? paragraphs(await fillText(ctx, deal, input.description, opts)) : '';
  const deadline = input.deadline ? deadlineFrom(input.deadline, new Date(), await timeZoneOf(ctx, responsibleId)).toISOString() : null;
  const task = await createTask(
    ctx,
    {
      title,
      description,
      responsibleId,
      auditorIds: observers,
      deadline,
      allowChangeDeadline: !input.deadlineLocked,
      crmLinks: [{ type: 'deal', id: deal.id }],
    },
    { source: 'automation', creatorId },
  );
  const checklist: string[] = [];
  for (const line of input.checklist ?? []) checklist.push((await fillText(ctx, deal, line, opts)).slice(0, 500));
  await appendChecklist(ctx, task.id, checklist);
  return { taskId: task.id, title: task.title, responsibleId };
}

/** «Создать задачу». */
export const taskCreateRobot = defineRobot({
  type: 'task.create',
  run: guarded(async ({ ctx, deal, config }): Promise<RobotOutcome> => {
    const made = await createRobotTask(ctx, deal, config);
    if (!made) return nobody(config.responsible);
    return {
      status: 'done',
      message: { key: 'automation.robots.task.created', params: { title: made.title, responsible: await nameOf(ctx, made.responsibleId) } },
      state: { taskId: made.taskId },
    };
  }),
});
