import type { ErrorBody } from '@vavilon/contracts';
import { portalHeaderValue } from './portal';

export type FieldError = { field: string; message: string };

/** An error answered by the server in the one JSON error shape (or a network failure). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;
let requestLanguage = 'ru';
let fallbackMessages = { network: 'Нет связи с сервером. Проверьте подключение и повторите.', unknown: 'Что-то пошло не так. Повторите попытку.' };

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Server messages come in this language even before sign-in. */
export function setRequestLanguage(lang: string, messages?: typeof fallbackMessages): void {
  requestLanguage = lang;
  if (messages) fallbackMessages = messages;
}

function readCookie(name: string): string | null {
  const m = document.cookie.match(new RegExp(`(?:^|;\\s*)${name}=([^;]*)`));
  return m ? decodeURIComponent(m[1]) : null;
}

/** The headers a write sends besides its body (portal, CSRF token, language): for clients that make their own requests (tus uploads). */
export function writeHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': requestLanguage };
  const portal = portalHeaderValue();
  if (portal !== undefined) headers['X-Portal'] = portal;
  const token = csrfToken ?? readCookie('csrf');
  if (token) headers['X-CSRF-Token'] = token;
  return headers;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': requestLanguage };
  const portal = portalHeaderValue();
  if (portal !== undefined) headers['X-Portal'] = portal;
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken ?? readCookie('csrf');
    if (token) headers['X-CSRF-Token'] = token;
  }
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', fallbackMessages.network);
  }

  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error;
    if (err && typeof err.message === 'string') {
      throw new ApiError(res.status, err.code, err.message, err.fields ?? [], err.requestId ?? null);
    }
    throw new ApiError(res.status, `http_${res.status}`, fallbackMessages.unknown);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export interface Upload<T> {
  promise: Promise<T>;
  abort(): void;
}

/**
 * Sends one file as multipart/form-data (field `file`) with XMLHttpRequest, so that the page can
 * show the upload's progress (0..1); errors come back as ApiError, as with `request`.
 */
export function uploadWithProgress<T>(path: string, file: File, onProgress?: (fraction: number) => void): Upload<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', requestLanguage);
    const portal = portalHeaderValue();
    if (portal !== undefined) xhr.setRequestHeader('X-Portal', portal);
    const token = csrfToken ?? readCookie('csrf');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.total ? e.loaded / e.total : 0);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', fallbackMessages.network));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(data as T);
        return;
      }
      const err = (data as ErrorBody | null)?.error;
      if (err && typeof err.message === 'string') {
        // A field error (empty file, too large) says more than the general «check the fields».
        const detail = err.fields?.[0]?.message;
        reject(new ApiError(xhr.status, err.code, detail ?? err.message, err.fields ?? [], err.requestId ?? null));
      } else {
        reject(new ApiError(xhr.status, `http_${xhr.status}`, fallbackMessages.unknown));
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
