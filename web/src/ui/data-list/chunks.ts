import type { Progress } from './types';

/**
 * Runs a long bulk action in chunks of `size` ids, one request per chunk, reporting progress
 * after each; returns the chunks' results in order. A failing chunk stops the run (the error is
 * thrown with what was done before it kept).
 */
export async function runInChunks<Id, R>(ids: Id[], size: number, fn: (chunk: Id[]) => Promise<R>, progress?: Progress): Promise<R[]> {
  const out: R[] = [];
  progress?.(0, ids.length);
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    out.push(await fn(chunk));
    progress?.(Math.min(ids.length, i + chunk.length), ids.length);
  }
  return out;
}
