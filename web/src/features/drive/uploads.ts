import { useSyncExternalStore } from 'react';
import * as tus from 'tus-js-client';
import { api, ApiError, isApiError, writeHeaders } from '../../api/client';
import { queryClient } from '../../app/query-client';
import { driveKeys } from './api';
import { driveT } from './i18n';

/** One file on its way to the drive. `paused`: stopped (connection lost, or left by a reload) and can continue. */
export interface UploadEntry {
  key: string;
  name: string;
  relativePath?: string;
  folderId: number;
  size: number;
  sent: number;
  status: 'queued' | 'uploading' | 'paused' | 'error' | 'done';
  error?: string;
  /** Left by an earlier page (a reload): continuing needs the same file chosen again. */
  orphan?: boolean;
  upload?: tus.Upload;
  file?: File;
  conflict?: 'version' | 'keep-both';
}

export interface PickedFile {
  file: File;
  /** `Папка/Подпапка/file.txt` for files of an uploaded folder. */
  relativePath?: string;
  /** Sent under this name (a new version of a file whatever the chosen file is called). */
  asName?: string;
}

/** What the page answers when names are taken: a new version, keep both, or nothing (cancel). */
export type ConflictAsk = (names: string[]) => Promise<'version' | 'keep-both' | null>;

const CHUNK = 8 * 1024 * 1024;
const PARALLEL = 3;
const ENDPOINT = () => '/api/drive/uploads';
const FINGERPRINT = 'drive:';

let entries: UploadEntry[] = [];
const listeners = new Set<() => void>();
let seq = 0;

function emit() {
  entries = [...entries];
  for (const l of listeners) l();
}
function patch(key: string, p: Partial<UploadEntry>) {
  const e = entries.find((x) => x.key === key);
  if (e) Object.assign(e, p);
  emit();
}

export function useUploads(): UploadEntry[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => entries,
  );
}

const fingerprintOf = (folderId: number, file: File, relativePath?: string) => `${FINGERPRINT}${folderId}:${relativePath ?? file.name}:${file.size}:${file.lastModified}`;

/** The server's words from a tus failure (its one JSON error shape), or «no connection». */
function messageOf(err: unknown): { message: string; retryable: boolean } {
  const res = (err as tus.DetailedError).originalResponse;
  if (res) {
    try {
      const body = JSON.parse(res.getBody()) as { error?: { message?: string; fields?: { message: string }[] } };
      const m = body.error?.fields?.[0]?.message ?? body.error?.message;
      if (m) return { message: m, retryable: res.getStatus() >= 500 || res.getStatus() === 423 };
    } catch {
      /* not JSON */
    }
    return { message: driveT('failed'), retryable: res.getStatus() >= 500 };
  }
  return { message: driveT('interrupted'), retryable: true };
}

function pump() {
  const active = entries.filter((e) => e.status === 'uploading').length;
  for (const e of entries.filter((x) => x.status === 'queued').slice(0, Math.max(0, PARALLEL - active))) void begin(e);
}

async function begin(e: UploadEntry) {
  if (!e.file) return;
  const file = e.file;
  patch(e.key, { status: 'uploading', error: undefined });
  const metadata: Record<string, string> = { folderId: String(e.folderId), filename: e.name, conflict: e.conflict ?? 'version' };
  if (e.relativePath) metadata.relativePath = e.relativePath;
  const upload =
    e.upload ??
    new tus.Upload(file, {
      endpoint: ENDPOINT(),
      metadata,
      chunkSize: CHUNK,
      retryDelays: [0, 1000, 3000],
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: async () => fingerprintOf(e.folderId, file, e.relativePath ?? e.name),
      onBeforeRequest: (req) => {
        for (const [k, v] of Object.entries(writeHeaders())) req.setHeader(k, v);
        req.setHeader('Accept', 'application/json');
      },
      onShouldRetry: (err) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      onProgress: (sent) => patch(e.key, { sent }),
      onError: (err) => {
        const { message, retryable } = messageOf(err);
        patch(e.key, { status: retryable ? 'paused' : 'error', error: message });
        pump();
      },
      onSuccess: () => {
        patch(e.key, { status: 'done', sent: file.size, error: undefined, upload: undefined });
        // A first fetch still under way (a list or «История версий» opened as the upload ended) began
        // before the file was there: it is dropped, not waited for, and everything shown is read again.
        void queryClient.cancelQueries({ queryKey: driveKeys.all }).then(() => queryClient.invalidateQueries({ queryKey: driveKeys.all }));
        pump();
      },
    });
  e.upload = upload;
  if (!upload.url) {
    const previous = await upload.findPreviousUploads();
    if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
  }
  upload.start();
}

/** Asks the server first (quota, size, names), then sends the files, a few at a time, each resumable. */
export async function startUploads(folderId: number, picked: PickedFile[], ask: ConflictAsk): Promise<void> {
  if (!picked.length) return;
  const nameOf = (p: PickedFile) => p.asName ?? p.file.name;
  const direct = new Set(picked.filter((p) => !p.relativePath || !p.relativePath.includes('/')).map(nameOf));
  let conflict: 'version' | 'keep-both' = 'version';
  try {
    const { taken } = await api.post<{ taken: string[] }>('/api/drive/uploads/check', {
      folderId,
      files: picked.slice(0, 2000).map((p) => ({ name: nameOf(p), size: p.file.size })),
    });
    const clash = taken.filter((n) => direct.has(n));
    if (clash.length) {
      const answer = await ask(clash);
      if (!answer) return;
      conflict = answer;
    }
  } catch (err) {
    // Refused before a byte is sent (quota, size, name): each file says why.
    const message = isApiError(err) ? (err.fields[0]?.message ?? err.message) : (err as Error).message;
    for (const p of picked) entries.push({ key: `u${++seq}`, name: nameOf(p), relativePath: p.relativePath, folderId, size: p.file.size, sent: 0, status: 'error', error: message });
    emit();
    if (!(err instanceof ApiError)) throw err;
    return;
  }
  // Earlier entries of the same files (left by a reload) give way to these.
  entries = entries.filter((x) => !(x.orphan && picked.some((p) => fingerprintKey(x) === `${folderId}:${p.relativePath ?? nameOf(p)}:${p.file.size}`)));
  for (const p of picked) {
    entries.push({ key: `u${++seq}`, name: nameOf(p), relativePath: p.relativePath, folderId, size: p.file.size, sent: 0, status: 'queued', file: p.file, conflict });
  }
  emit();
  pump();
}

const fingerprintKey = (e: UploadEntry) => `${e.folderId}:${e.relativePath ?? e.name}:${e.size}`;

/** Continues a stopped upload from where the server has it. */
export function resumeUpload(key: string) {
  const e = entries.find((x) => x.key === key);
  if (!e || !e.file) return;
  patch(key, { status: 'queued', error: undefined });
  pump();
}

/** Continues an upload left by an earlier page: the user has chosen the file again. */
export function resumeOrphan(key: string, file: File) {
  const e = entries.find((x) => x.key === key);
  if (!e) return;
  if (file.size !== e.size) {
    patch(key, { error: driveT('unfinished') });
    return;
  }
  patch(key, { file, orphan: false, status: 'queued', error: undefined });
  pump();
}

/** Stops an upload and forgets it (the server drops what it has). */
export function cancelUpload(key: string) {
  const e = entries.find((x) => x.key === key);
  if (!e) return;
  if (e.upload) void e.upload.abort(true).catch(() => undefined);
  else if (e.orphan) void forgetStored(e);
  entries = entries.filter((x) => x.key !== key);
  emit();
  pump();
}

export function clearFinished() {
  entries = entries.filter((x) => x.status !== 'done' && x.status !== 'error');
  emit();
}

const stored = new Map<string, { urlStorageKey: string; uploadUrl: string | null }>();

async function forgetStored(e: UploadEntry) {
  const s = stored.get(e.key);
  if (!s) return;
  if (s.uploadUrl) await tus.Upload.terminate(s.uploadUrl, { headers: writeHeaders() }).catch(() => undefined);
  await tus.defaultOptions.urlStorage.removeUpload(s.urlStorageKey).catch(() => undefined);
}

let restored = false;
/** Uploads an earlier page left unfinished (a reload, a closed tab): listed as stopped, to continue with the same file. */
export async function restoreUnfinished(): Promise<void> {
  if (restored || !tus.canStoreURLs) return;
  restored = true;
  const all = await tus.defaultOptions.urlStorage.findAllUploads();
  for (const prev of all) {
    const fp = prev.urlStorageKey.split('::')[1] ?? '';
    if (!fp.startsWith(FINGERPRINT) || !prev.uploadUrl) continue;
    const [folderId, rest] = [Number(fp.slice(FINGERPRINT.length).split(':')[0]), fp.slice(FINGERPRINT.length).split(':').slice(1, -2).join(':')];
    const key = `u${++seq}`;
    stored.set(key, { urlStorageKey: prev.urlStorageKey, uploadUrl: prev.uploadUrl });
    entries.push({
      key,
      name: prev.metadata.filename ?? rest,
      relativePath: prev.metadata.relativePath || undefined,
      folderId,
      size: prev.size ?? 0,
      sent: 0,
      status: 'paused',
      orphan: true,
      error: driveT('unfinished'),
    });
  }
  if (entries.length) emit();
}
