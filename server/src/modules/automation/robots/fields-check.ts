import type { FieldOwner } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { t, type Lang, type MessageKey } from '../../../platform/i18n/index.js';
import { fieldDefs, type DealSnapshot } from '../../crm/api.js';
import { people } from '../../users/api.js';
import { defineRobot, type RobotOutcome } from '../core/types.js';
import { fieldLabels, isFilled, ownerEntity } from '../fields/labels.js';
import { ownerRow, valueOf } from '../fields/values.js';
import { robotComment } from './comment-add.js';
import { guarded, inEachLanguageAsync, languageOf, paragraphs } from './common.js';
import { recordNotified } from './notify.js';
import { createRobotTask } from './task-create.js';
import { resolveAll, resolveWho } from './who.js';

/** What a check found missing: the fields (all of them when the deal has no such company or contact), and the words for it. */
export interface Missing {
  owner: FieldOwner;
  /** The deal has no company (or contact) at all. */
  noOwner: boolean;
  fields: string[];
  message: { key: MessageKey; params: Record<string, string> };
}

/** The fields of the owner that are empty, by the codes given; null when all are filled. Unknown codes are thrown back as `unknown`. */
export async function findMissing(ctx: Ctx, deal: DealSnapshot, owner: FieldOwner, codes: string[]): Promise<Missing | { unknown: string } | null> {
  const row = await ownerRow(ctx, deal, owner);
  if (row) {
    const custom = new Set((await fieldDefs(ctx, ownerEntity(owner))).map((d) => d.code));
    const unknown = codes.find((c) => !custom.has(c) && (!(c in row) || c === 'custom'));
    if (unknown) return { unknown };
  }
  const fields = row ? codes.filter((c) => !isFilled(valueOf(row, c))) : codes;
  if (!fields.length) return null;
  const key = `automation.robots.check.${row ? 'missing' : 'none'}.${owner}` as MessageKey;
  const params = await inEachLanguageAsync('fields', async (lang) => (await fieldLabels(ctx, owner, fields, lang)).join(', '));
  return { owner, noOwner: !row, fields, message: { key, params } };
}

/** The list of what is missing as a sentence of one language: «Не заполнены поля компании: Выручка, ИНН». */
export const missingText = (m: Missing, lang: Lang) => t(lang, m.message.key, m.message.params);

/**
 * «Проверить обязательные поля»: fails listing exactly what is missing, so the robots after it
 * do not run; as configured it notifies (each in their language), comments in the deal and
 * creates a task whose description lists the missing fields. What it wrote stays: the failure is its answer.
 */
export const fieldsCheckRobot = defineRobot({
  type: 'fields.check',
  run: guarded(async ({ ctx, deal, config, rule }): Promise<RobotOutcome> => {
    const found = await findMissing(ctx, deal, config.owner, config.fields);
    if (found === null) return { status: 'done', message: { key: 'automation.robots.check.ok' } };
    if ('unknown' in found) return { status: 'failed', message: { key: 'automation.robots.check.unknown', params: { field: found.unknown } } };
    const { onFailure } = config;
    const state: Record<string, unknown> = { missing: found.fields };

    const notifyIds = await resolveAll(ctx, deal, onFailure.notify);
    if (notifyIds.length) {
      const byLang = new Map<Lang, number[]>();
      for (const p of (await people(ctx, notifyIds)).values()) byLang.set(p.language, [...(byLang.get(p.language) ?? []), p.id]);
      for (const [lang, ids] of byLang) await recordNotified(ctx, deal, ids, missingText(found, lang), rule.name);
    }

    if (onFailure.comment !== null) {
      const lang = await languageOf(ctx, deal.responsibleId);
      const text = onFailure.comment.trim() || '{{missing}}';
      state.commentId = await robotComment(ctx, deal, text, { missing: missingText(found, lang), lang });
    }

    if (onFailure.task) {
      const responsibleId = await resolveWho(ctx, deal, onFailure.task.responsible);
      const lang = await languageOf(ctx, responsibleId);
      const made = await createRobotTask(ctx, deal, {
        title: onFailure.task.title,
        description: paragraphs(missingText(found, lang)),
        responsible: onFailure.task.responsible,
        deadline: onFailure.task.deadline,
        deadlineLocked: onFailure.task.deadlineLocked,
        missing: missingText(found, lang),
      });
      if (made) state.taskId = made.taskId;
    }
    return { status: 'failed', message: found.message, state };
  }),
});
