import crypto from 'node:crypto';
import type { DriveLinkInput, DrivePublicLink, DrivePublicView } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { itemWith, type ItemRow } from './access.js';
import { underPath } from './tree.js';

type LinkRow = { id: number; item_id: number; token: string; password_hash: string | null; expires_at: string | null; download_only: number; created_by: number | null; created_at: string };

export const linkUrl = (ctx: Ctx, token: string) => `${ctx.sys.config.publicUrl}/p/${ctx.portal.name}/s/${token}`;

const toLink = (ctx: Ctx, r: LinkRow): DrivePublicLink => ({
  id: r.id,
  url: linkUrl(ctx, r.token),
  hasPassword: !!r.password_hash,
  expiresAt: r.expires_at,
  downloadOnly: !!r.download_only,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export async function listLinks(ctx: Ctx, itemId: number): Promise<DrivePublicLink[]> {
  await itemWith(ctx, itemId, 'full');
  const rows = await scoped(ctx).selectFrom('drive_link').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').execute();
  return rows.map((r) => toLink(ctx, r));
}

/** «Получить публичную ссылку»: an address anyone may open, with an optional password and expiry. */
export async function createLink(ctx: Ctx, itemId: number, input: DriveLinkInput): Promise<DrivePublicLink> {
  const item = await itemWith(ctx, itemId, 'full');
  if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) throw errors.field('expiresAt', 'drive.link_expiry_past');
  const password = input.password?.trim() ? input.password : null;
  if (password !== null && password.length < 4) throw errors.field('password', 'drive.link_password_short');
  const token = crypto.randomBytes(18).toString('base64url');
  const row = await transaction(ctx, async (tx) => {
    const made = await scoped(tx)
      .insertInto('drive_link', {
        item_id: item.id,
        token,
        password_hash: password ? await hashPassword(password) : null,
        expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        download_only: input.downloadOnly ? 1 : 0,
        created_by: ctx.actor?.userId ?? null,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await scoped(tx).updateTable('drive_item').set({ published: 1 }).where('id', '=', item.id).execute();
    return made;
  });
  return toLink(ctx, row);
}

/** Revokes a link: it fails at once, for everyone who has it. */
export async function revokeLink(ctx: Ctx, linkId: number): Promise<void> {
  const link = await scoped(ctx).selectFrom('drive_link').select(['id', 'item_id']).where('id', '=', linkId).executeTakeFirst();
  if (!link) throw errors.notFound();
  await itemWith(ctx, link.item_id, 'full');
  await transaction(ctx, async (tx) => {
    await scoped(tx).deleteFrom('drive_link').where('id', '=', linkId).execute();
    const left = await scoped(tx).selectFrom('drive_link').select('id').where('item_id', '=', link.item_id).executeTakeFirst();
    if (!left) await scoped(tx).updateTable('drive_item').set({ published: 0 }).where('id', '=', link.item_id).execute();
  });
}

const gone = () => new AppError(404, 'link_gone', 'drive.link_gone');

/** What unlocks a link with a password for a browser: derived from the stored hash, so a new password locks it again. */
export const unlockKey = (link: Pick<LinkRow, 'token' | 'password_hash'>) =>
  crypto
    .createHash('sha256')
    .update(`${link.token}:${link.password_hash ?? ''}`)
    .digest('base64url');

export const unlockCookie = (linkId: number) => `dl${linkId}`;

/** A live link of this portal and the item it opens (not in the trash): anything else is "gone", the same for a wrong token, a revoked link or an expired one. */
export async function openLink(ctx: Ctx, token: string, unlocked: (link: LinkRow) => boolean): Promise<{ link: LinkRow; item: ItemRow }> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) throw gone();
  const link = await scoped(ctx).selectFrom('drive_link').selectAll().where('token', '=', token).executeTakeFirst();
  if (!link || (link.expires_at && Date.parse(link.expires_at) <= Date.now())) throw gone();
  const item = (await scoped(ctx).selectFrom('drive_item').selectAll().where('id', '=', link.item_id).executeTakeFirst()) as ItemRow | undefined;
  if (!item || item.trashed_at) throw gone();
  if (link.password_hash && !unlocked(link)) throw new AppError(401, 'password_required', 'drive.link_password');
  return { link, item: { ...item, size: Number(item.size) } };
}

export async function checkLinkPassword(ctx: Ctx, token: string, password: string): Promise<LinkRow> {
  const { link } = await openLink(ctx, token, () => true);
  if (link.password_hash && !(await verifyPassword(link.password_hash, password))) throw errors.field('password', 'drive.link_wrong_password');
  return link;
}

export async function publicView(ctx: Ctx, link: LinkRow, item: ItemRow): Promise<DrivePublicView> {
  const items =
    item.kind === 'folder'
      ? await scoped(ctx)
          .selectFrom('drive_item')
          .select(['id', 'name', 'kind', 'size', 'mime'])
          .where('parent_id', '=', item.id)
          .where('trashed_at', 'is', null)
          .orderBy('sort_group')
          .orderBy('name_key')
          .limit(1000)
          .execute()
      : [];
  return {
    name: item.name,
    kind: item.kind,
    size: Number(item.size),
    mime: item.mime,
    downloadOnly: !!link.download_only,
    items: items.map((i) => ({ id: i.id, name: i.name, kind: i.kind, size: Number(i.size), mime: i.mime })),
  };
}

/** A file a link opens: the item itself, or a file anywhere inside the folder it opens. */
export async function linkedFile(ctx: Ctx, item: ItemRow, fileId: number | undefined): Promise<ItemRow> {
  if (fileId === undefined || fileId === item.id) return item;
  if (item.kind !== 'folder') throw errors.notFound();
  const row = (await scoped(ctx)
    .selectFrom('drive_item')
    .selectAll()
    .where('id', '=', fileId)
    .where('storage_id', '=', item.storage_id)
    .where(underPath(ctx, item.path))
    .where('trashed_at', 'is', null)
    .executeTakeFirst()) as ItemRow | undefined;
  if (!row) throw errors.notFound();
  return row;
}
