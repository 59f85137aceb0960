import { expect, type APIResponse, type Locator, type Page } from '@playwright/test';
import { shot } from './portal';

/**
 * Helpers of the CRM browser tests (crm-*.spec.ts): unique names, the CRM's API with the signed-in
 * page's session, and locators of the Kanban, the lists and the card by their accessible names.
 */

let counter = 0;

/** A name no other test (nor an earlier run against the same server) has used: «<prefix> <stamp>». */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** A single word that no other item contains, for searches: «<prefix><stamp>». */
export function uniqueWord(prefix: string): string {
  return unique(prefix).replace(/\s+/g, '');
}

/** A screenshot /tmp/shots/e2e-crm-<name>.png of what the page shows now. */
export function crmShot(page: Page, name: string): Promise<void> {
  return shot(page, `crm-${name}`);
}

// ---- the API, as the user signed in on `page` -----------------------------------------------

async function csrf(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const token = cookies.find((c) => c.name === 'csrf')?.value;
  if (!token) throw new Error('no csrf cookie: sign in first');
  return decodeURIComponent(token);
}

async function json<T>(res: APIResponse, what: string): Promise<T> {
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Calls the portal API with the page's cookies (and the CSRF token for changes). */
export async function api<T = unknown>(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = await csrf(page);
  const res = await page.request.fetch(path, { method, headers, data: body === undefined ? undefined : body });
  return json<T>(res, `${method} ${path}`);
}

export interface StageRef {
  id: number;
  name: string;
}

export interface PipelineRef {
  id: number;
  name: string;
  isDefault: boolean;
  stages: StageRef[];
}

/** The «Продажи» pipeline with its stages, in order. */
export async function salesPipeline(page: Page): Promise<PipelineRef> {
  const data = await api<{ items: PipelineRef[] } | PipelineRef[]>(page, 'GET', '/api/crm/pipelines?entity=deal');
  const list = Array.isArray(data) ? data : data.items;
  const p = list.find((x) => x.name === 'Продажи') ?? list.find((x) => x.isDefault);
  if (!p) throw new Error('no «Продажи» pipeline');
  return p;
}

export function stageId(p: PipelineRef, name: string): number {
  const s = p.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage «${name}» in «${p.name}»`);
  return s.id;
}

/** The id of a portal user by their full name («Иван Кузнецов»), through the directory's search. */
export async function userId(page: Page, fullName: string): Promise<number> {
  const parts = fullName.split(/\s+/);
  const data = await api<{ items: { id: number; fullName: string }[] }>(page, 'GET', `/api/users?search=${encodeURIComponent(parts[parts.length - 1]!)}&pageSize=50`);
  const hit = data.items.find((u) => parts.every((p) => u.fullName.includes(p)));
  if (!hit) throw new Error(`no user ${fullName}`);
  return hit.id;
}

export async function createDeal(page: Page, body: { title: string; stageId?: number; pipelineId?: number; responsibleId?: number; amount?: string }): Promise<{ id: number; title: string }> {
  return api(page, 'POST', '/api/crm/deals', body);
}

export async function createCompany(page: Page, body: { title: string; inn?: string }): Promise<{ id: number; title: string }> {
  return api(page, 'POST', '/api/crm/companies', body);
}

// ---- sign-in helpers live in portal.ts; here the CRM's own page parts --------------------------

/** The CRM's sections: «Сделки · Лиды · Контакты · Компании · Настройки». */
export function crmNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Разделы CRM' });
}

export function kanbanBoard(page: Page): Locator {
  return page.getByRole('region', { name: 'Канбан сделок' });
}

/** A stage column of the Kanban: a region named after the stage. */
export function kanbanColumn(page: Page, stage: string): Locator {
  return kanbanBoard(page).getByRole('region', { name: stage, exact: true });
}

/** A deal's card on the Kanban: an article named after its title. */
export function kanbanCard(scope: Page | Locator, title: string): Locator {
  return scope.getByRole('article', { name: title, exact: true });
}

/** The number in a column's head (its badge is labelled «<stage>: <count>»). */
export async function columnCount(page: Page, stage: string): Promise<number> {
  const badge = kanbanColumn(page, stage).getByLabel(new RegExp(`^${escapeRegExp(stage)}: \\d+$`));
  const label = (await badge.getAttribute('aria-label')) ?? '';
  return Number(label.slice(label.lastIndexOf(':') + 1).trim());
}

export function columnCountBadge(page: Page, stage: string, count: number): Locator {
  return kanbanColumn(page, stage).getByLabel(`${stage}: ${count}`, { exact: true });
}

/**
 * Drags a Kanban card onto another column with the mouse, in small steps: dnd-kit's pointer
 * sensor starts a drag after 6 px and finds the column under the pointer.
 */
export async function dragCardTo(page: Page, card: Locator, column: Locator): Promise<void> {
  await card.scrollIntoViewIfNeeded();
  const from = await card.boundingBox();
  if (!from) throw new Error('the card is not on screen');
  const sx = from.x + from.width / 2;
  const sy = from.y + Math.min(from.height / 2, 40);
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 10, sy + 4, { steps: 4 });
  // The column may have been scrolled into view by now; aim at its middle, high enough to be inside.
  const to = await column.boundingBox();
  if (!to) throw new Error('the column is not on screen');
  const tx = to.x + to.width / 2;
  const ty = to.y + Math.min(to.height / 2, 160);
  await page.mouse.move(tx, ty, { steps: 20 });
  await page.mouse.move(tx + 2, ty + 2, { steps: 2 });
  await page.mouse.up();
}

/** The card opened over a page (slider): «Сделка: <title>», «Компания: <title>», «Новая компания». */
export function cardDialog(page: Page, name: string | RegExp): Locator {
  return page.getByRole('dialog', { name });
}

/** A CRM list's table: «Список: Сделки». */
export function listTable(page: Page, many: string): Locator {
  return page.getByRole('table', { name: `Список: ${many}` });
}

/** The header texts of a list table's data columns (after the gear and the select-all box). */
export async function columnHeaders(table: Locator): Promise<string[]> {
  const texts = await table.locator('thead th').allInnerTexts();
  return texts.map((t) => t.trim()).filter(Boolean);
}

/** Toasts («Изменения сохранены», «Сделка … перенесена …»). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.mantine-Notification-root').filter({ hasText: text });
}

/** Waits until the CRM list or board has finished loading the request it was making. */
export async function settled(table: Locator): Promise<void> {
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
