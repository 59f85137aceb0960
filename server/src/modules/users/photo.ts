import { usersEvents } from '@vavilon/contracts';
import { Readable } from 'node:stream';
import type { UserProfile } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { diff, recordEvent } from '../../platform/events/outbox.js';
import { detectMime } from '../../platform/files/store.js';
import * as files from '../files/api.js';
import { userPolicy } from './policy.js';
import * as repo from './repository.js';
import { getProfile } from './service.js';

/** Photos are small: the browser crops and scales them before sending. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
/** Enough first bytes for every magic number above (WebP's is at offset 8). */
const MAGIC_BYTES = 12;

export const photoUrlOf = (fileId: number) => `/api/files/${fileId}`;

type Upload = Readable & { truncated?: boolean };

/**
 * The upload's first bytes, read before anything is stored: a file that is not a PNG, JPEG or
 * WebP image by its content (whatever its name or the browser's type says) is refused.
 */
async function imageStream(stream: Upload): Promise<Upload> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < MAGIC_BYTES) {
    const next = await it.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  if (!PHOTO_TYPES.has(detectMime(head))) {
    stream.resume();
    throw errors.field('file', head.length ? 'user.photo_type' : 'files.empty');
  }
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  ) as Upload;
  Object.defineProperty(rest, 'truncated', { get: () => stream.truncated });
  return rest;
}

/** «Загрузить фото»: the user's own photo, or anyone's for an administrator; stored as a portal file. */
export async function uploadPhoto(ctx: Ctx, id: number, file: { stream: Upload; fileName: string }): Promise<UserProfile> {
  const actor = ctx.actor;
  if (!actor) throw errors.unauthenticated();
  const target = await repo.findUser(ctx, id);
  if (!target || !userPolicy.canSeeStatus(actor, target.status)) throw errors.notFound();
  if (!userPolicy.canEditField(actor, id, 'photoUrl')) throw errors.forbidden();

  let info;
  try {
    info = await files.upload(ctx, { stream: await imageStream(file.stream), fileName: file.fileName || 'photo' });
  } catch (err) {
    if (err instanceof AppError && err.status === 413) throw files.tooLarge(PHOTO_MAX_BYTES);
    throw err;
  }

  await transaction(ctx, async (tx) => {
    const before = await repo.findUser(tx, id);
    if (!before) throw errors.notFound();
    const set = { photo_url: photoUrlOf(info.id) };
    await scoped(tx).updateVersioned('app_user', id, before.version, { ...set, updated_at: nowIso() });
    const changes = diff(before as unknown as Record<string, unknown>, set, ['photo_url']);
    if (changes.length) await recordEvent(tx, usersEvents.userUpdated, { entityType: 'user', entityId: id, changes });
    await files.setFileLinks(tx, 'user', id, 'photo', [info.id]);
  });
  return getProfile(ctx, id);
}
