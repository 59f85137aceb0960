import type { Who } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { languages, t, type Lang, type MessageKey } from '../../../platform/i18n/index.js';
import { people } from '../../users/api.js';
import type { RobotOutcome, RobotRun } from '../core/types.js';

/** A robot that could not tell whom it means fails with the reason of that kind of «who». */
export function nobody(who: Who): RobotOutcome {
  return { status: 'failed', message: { key: `automation.robots.who.${who.kind}` as MessageKey } };
}

/** The same words in each language, as parameters `<name>_ru`, `<name>_en` of one message. */
export function inEachLanguage(name: string, text: (lang: Lang) => string): Record<string, string> {
  return Object.fromEntries(languages.map((lang) => [`${name}_${lang}`, text(lang)]));
}

export async function inEachLanguageAsync(name: string, text: (lang: Lang) => Promise<string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const lang of languages) out[`${name}_${lang}`] = await text(lang);
  return out;
}

/**
 * Why a service refused a robot's write, in each language (`reason_ru`, `reason_en`): the first
 * field's message (the CRM's own «Нет такого варианта»), else the error's. Other errors are thrown on.
 */
export function refusal(err: unknown): Record<string, string> {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  const first = err.fields?.[0];
  return inEachLanguage('reason', (lang) => (first ? t(lang, first.message, first.params) : t(lang, err.messageKey, err.params)));
}

export async function nameOf(ctx: Ctx, userId: number | null | undefined): Promise<string> {
  if (!userId) return '';
  return (await people(ctx, [userId])).get(userId)?.fullName ?? '';
}

export async function languageOf(ctx: Ctx, userId: number | null | undefined): Promise<Lang> {
  if (!userId) return ctx.lang;
  return (await people(ctx, [userId])).get(userId)?.language ?? ctx.lang;
}

/**
 * A robot's run that turns a service's refusal (a 4xx: a value the CRM does not take, a task
 * that may not be closed yet) into a failed outcome with the service's words; anything else is thrown on.
 */
export function guarded<C>(run: (r: RobotRun<C>) => Promise<RobotOutcome>): (r: RobotRun<C>) => Promise<RobotOutcome> {
  return async (r) => {
    try {
      return await run(r);
    } catch (err) {
      return { status: 'failed', message: { key: 'automation.robots.refused', params: refusal(err) } };
    }
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as rich text: each line a paragraph, nothing in it taken for markup. */
export function paragraphs(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}
