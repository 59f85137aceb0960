import type { Ctx } from '../../../platform/context.js';
import type { DealSnapshot } from '../../crm/api.js';
import { addComment } from '../../comments/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fillText, type FillOptions } from '../fields/placeholders.js';
import { guarded, paragraphs } from './common.js';

/** A comment in the deal's timeline from «Робот» (no author): the text with its placeholders filled. */
export async function robotComment(ctx: Ctx, deal: DealSnapshot, text: string, opts: FillOptions = {}): Promise<number> {
  const filled = await fillText(ctx, deal, text, opts);
  const comment = await addComment({ ...ctx, actor: null, system: true }, 'deal', deal.id, { html: paragraphs(filled) });
  return comment.id;
}

/** «Добавить комментарий». */
export const commentAddRobot = defineRobot({
  type: 'comment.add',
  run: guarded(async ({ ctx, deal, config }): Promise<RobotOutcome> => {
    const commentId = await robotComment(ctx, deal, config.text);
    return { status: 'done', message: { key: 'automation.robots.comment.added' }, state: { commentId } };
  }),
});
