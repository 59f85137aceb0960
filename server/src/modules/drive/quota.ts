import type { DriveQuota, DriveQuotaSettings } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n/index.js';
import type { StorageRow } from './access.js';

/** «1,5 ГБ»: a size as the messages show it. */
export function formatBytes(lang: Lang, n: number): string {
  const units = lang === 'ru' ? ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const shown = i === 0 ? String(Math.round(v)) : v.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 });
  return `${shown} ${units[i]}`;
}

export async function quotaSettings(ctx: Ctx): Promise<Required<DriveQuotaSettings>> {
  const row = await scoped(ctx).selectFrom('drive_settings').select(['portal_bytes', 'user_bytes', 'blocked_types']).executeTakeFirst();
  return {
    portalBytes: row?.portal_bytes == null ? null : Number(row.portal_bytes),
    userBytes: row?.user_bytes == null ? null : Number(row.user_bytes),
    blockedTypes: (row?.blocked_types ?? '').split(' ').filter(Boolean),
  };
}

export async function setQuotaSettings(ctx: Ctx, input: DriveQuotaSettings): Promise<DriveQuotaSettings> {
  const values = {
    portal_bytes: input.portalBytes,
    user_bytes: input.userBytes,
    ...(input.blockedTypes ? { blocked_types: [...new Set(input.blockedTypes.map((x) => x.replace(/^\./, '')))].join(' ') } : {}),
  };
  await (scoped(ctx).insertInto('drive_settings', values) as any).onConflict((oc: any) => oc.column('portal_id').doUpdateSet(values)).execute();
  return quotaSettings(ctx);
}

/**
 * A check of file names against the extensions the administrator blocked («.exe»), read once for
 * however many names: it refuses a blocked one before a byte of it arrives.
 */
export async function fileTypeCheck(ctx: Ctx): Promise<(name: string, field?: string) => void> {
  const blocked = new Set((await quotaSettings(ctx)).blockedTypes);
  return (name, field = 'filename') => {
    const dot = name.lastIndexOf('.');
    if (dot <= 0 || !blocked.size) return;
    const ext = name.slice(dot + 1).toLowerCase();
    if (blocked.has(ext)) throw new AppError(400, 'validation', 'drive.type_blocked', { ext }, [{ field, message: 'drive.type_blocked', params: { ext } }]);
  };
}

/** The same for one name. */
export async function checkFileType(ctx: Ctx, name: string, field = 'filename'): Promise<void> {
  (await fileTypeCheck(ctx))(name, field);
}

/** Bytes of uploads under way into a drive (or anywhere in the portal): reserved, so that parallel uploads cannot pass a quota together. */
async function reserved(ctx: Ctx, storageId: number | null): Promise<number> {
  let q = scoped(ctx)
    .selectFrom('drive_upload')
    .innerJoin('drive_item', 'drive_item.id', 'drive_upload.folder_id')
    .select((eb) => eb.fn.sum<number | string>('drive_upload.size').as('n'));
  if (storageId !== null) q = q.where('drive_item.storage_id', '=', storageId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

async function portalUsed(ctx: Ctx): Promise<number> {
  const row = await scoped(ctx)
    .selectFrom('drive_storage')
    .select((eb) => eb.fn.sum<number | string>('used_bytes').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function quotaOf(ctx: Ctx, maxFileBytes: number): Promise<DriveQuota> {
  const settings = await quotaSettings(ctx);
  const mine = await scoped(ctx).selectFrom('drive_storage').select('used_bytes').where('kind', '=', 'user').where('owner_id', '=', ctx.actor!.userId).executeTakeFirst();
  return {
    portal: { used: await portalUsed(ctx), limit: settings.portalBytes },
    user: { used: Number(mine?.used_bytes ?? 0), limit: settings.userBytes },
    maxFileBytes,
    blockedTypes: settings.blockedTypes,
  };
}

/**
 * Refuses `bytes` more in the drive when they would pass the portal's quota or, for an employee's
 * own drive, the per-user one (versions and the trash count; so do uploads under way).
 */
export async function checkQuota(ctx: Ctx, storage: Pick<StorageRow, 'id' | 'kind' | 'used_bytes'>, bytes: number, opts: { includeReserved?: boolean } = {}): Promise<void> {
  const settings = await quotaSettings(ctx);
  const lang = ctx.lang;
  const refuse = (key: 'drive.quota_portal' | 'drive.quota_user', free: number) =>
    new AppError(413, 'quota_exceeded', key, { free: formatBytes(lang, Math.max(0, free)), need: formatBytes(lang, bytes) }, [
      { field: 'files', message: key, params: { free: formatBytes(lang, Math.max(0, free)), need: formatBytes(lang, bytes) } },
    ]);
  const pending = opts.includeReserved === false ? 0 : 1;
  if (settings.portalBytes !== null) {
    const used = (await portalUsed(ctx)) + pending * (await reserved(ctx, null));
    if (used + bytes > settings.portalBytes) throw refuse('drive.quota_portal', settings.portalBytes - used);
  }
  if (settings.userBytes !== null && storage.kind === 'user') {
    const used = Number(storage.used_bytes) + pending * (await reserved(ctx, storage.id));
    if (used + bytes > settings.userBytes) throw refuse('drive.quota_user', settings.userBytes - used);
  }
}
