import fs from 'node:fs/promises';
import path from 'node:path';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Lang } from '../../platform/i18n/index.js';
import type { Registry } from '../../platform/registry/registry.js';

export interface HelpArticle {
  id: string;
  title: string;
  html: string;
}

const cache = new Map<string, HelpArticle[]>();

/**
 * Help articles are Markdown files of each module, `<dir>/<lang>/<nn>-<slug>.md`, the first
 * line a `# Title`. The portal's general articles follow the module's own.
 */
export async function helpFor(registry: Registry, moduleId: string, lang: Lang): Promise<HelpArticle[]> {
  const dirs = [registry.helpDirFor(moduleId), registry.helpDirFor('portal')].filter((d, i, a): d is string => !!d && a.indexOf(d) === i);
  const out: HelpArticle[] = [];
  for (const dir of dirs) out.push(...(await readDir(path.join(dir, lang))));
  return out;
}

async function readDir(dir: string): Promise<HelpArticle[]> {
  const hit = cache.get(dir);
  if (hit) return hit;
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  const articles: HelpArticle[] = [];
  for (const f of files) {
    const text = await fs.readFile(path.join(dir, f), 'utf8');
    const [first, ...rest] = text.split('\n');
    const title = (first ?? '').replace(/^#\s*/, '').trim();
    const html = sanitizeHtml(await marked.parse(rest.join('\n')), {
      allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'kbd']),
      allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'] },
    });
    articles.push({ id: f.replace(/\.md$/, '').replace(/^\d+-/, ''), title, html });
  }
  cache.set(dir, articles);
  return articles;
}
