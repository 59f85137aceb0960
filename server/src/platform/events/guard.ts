import type { Tx } from '../db/database.js';

export interface GuardedTx {
  db: Tx;
  /** From now on every use of `db` throws. */
  close(): void;
}

/**
 * A handle on a transaction that stops working once closed: a handler that ran out of time
 * and wakes up later must not write into whatever transaction holds the connection then.
 */
export function guardedTx(tx: Tx): GuardedTx {
  let closed = false;
  const db = new Proxy(tx, {
    get(target, prop, receiver) {
      if (closed) throw new Error("this handler's transaction is over: it ran out of time or failed");
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { db, close: () => void (closed = true) };
}
