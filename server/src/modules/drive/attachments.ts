import { filesEvents, type FileInfo } from '@vavilon/contracts';
import { actorCtx, transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError } from '../../platform/errors.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import { copyOfFile } from '../files/api.js';
import { actorFor } from '../users/api.js';
import { itemWith, type ItemRow } from './access.js';
import { checkQuota } from './quota.js';
import { ensureStorage } from './storages.js';
import { freeName, insertItem, itemNamed } from './tree.js';
import { placeFile, versionFile } from './versions.js';

/** The folder of «Мой диск» that keeps what its owner attached elsewhere, as Bitrix24 users know it. */
const UPLOADED = { ru: 'Загруженные файлы', en: 'Uploaded files' } as const;

/**
 * «Выбрать на Диске»: a drive file the actor may read, as a file of their own to attach to a
 * comment, a post or a field. The attachment is the file as it is now (later versions do not
 * change what was sent), and its content is not stored a second time.
 */
export async function attachFromDrive(ctx: Ctx, itemId: number): Promise<FileInfo> {
  const item = await itemWith(ctx, itemId, 'read');
  const content = await versionFile(ctx, item);
  return transaction(ctx, (tx) => copyOfFile(tx, content, item.name));
}

async function uploadedFolder(ctx: Ctx) {
  const storage = await ensureStorage(ctx, 'user', ctx.actor!.userId);
  const root = (await scoped(ctx).selectFrom('drive_item').selectAll().where('id', '=', storage.root_id!).executeTakeFirstOrThrow()) as ItemRow;
  const name = UPLOADED[ctx.lang === 'en' ? 'en' : 'ru'];
  const found = await itemNamed(ctx, root.id, name);
  if (found?.kind === 'folder') return { storage, folder: found };
  const free = found ? await freeName(ctx, root.id, name) : name;
  return { storage, folder: await insertItem(ctx, root, { kind: 'folder', name: free, file_id: null, size: 0, mime: null, versions: 0 }) };
}

/**
 * Files sent as attachments are kept on their sender's drive, in «Загруженные файлы», as the same
 * file (its content is stored once); a sender whose drive is full keeps the attachment only.
 */
export function keepAttachments(): EventProcessor {
  return defineProcessor({
    name: 'drive.attachments',
    events: [filesEvents.fileCreated],
    async handle(e, tx) {
      if (e.payload.purpose !== 'attachment') return;
      const system = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const fileId = Number(e.entityId);
      const file = await scoped(system).selectFrom('file').select(['id', 'name', 'size', 'mime', 'created_by']).where('id', '=', fileId).executeTakeFirst();
      if (!file) return;
      // Handled once: a second delivery of the event finds the file on the drive already.
      const kept = await scoped(system).selectFrom('drive_version').select('id').where('file_id', '=', fileId).executeTakeFirst();
      if (kept) return;
      const actor = await actorFor(system, file.created_by);
      if (!actor) return;
      const ctx: Ctx = { ...actorCtx(system, system.portal, actor, { requestId: system.requestId }), tx: system.tx };
      const { storage, folder } = await uploadedFolder(ctx);
      try {
        await checkQuota(ctx, storage, Number(file.size));
      } catch (err) {
        if (err instanceof AppError && err.status === 413) return;
        throw err;
      }
      await placeFile(ctx, folder, file.name, async () => ({ id: file.id, size: Number(file.size), mime: file.mime }), 'keep-both');
    },
  });
}
