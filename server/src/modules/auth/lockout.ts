import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect, Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';

export interface LockoutRules {
  lockAccountAfter: number;
  lockAddressAfter: number;
  lockMs: number;
}

/** What one password attempt is counted under: the account (or the login as typed) and the client's address. */
export interface AttemptKeys {
  login: string;
  address: string;
}

/**
 * Failures count against the account, whichever of its logins (e-mail, phone) is typed and
 * wherever its password is asked for (sign-in, an invitation link); a login that matches no
 * account is counted as typed, and locks the same way.
 */
export function attemptKeys(accountId: number | null, typedLogin: string, ip: string | null): AttemptKeys {
  return {
    login: accountId !== null ? `account:${accountId}` : `login:${typedLogin}`,
    address: `ip:${(ip ?? 'unknown').slice(0, 64)}`,
  };
}

/**
 * Password attempts counted per login and per address. Every attempt is reserved under both
 * keys in one conditional write before its password is evaluated, so that however many arrive
 * at once no more than the limit are ever evaluated in a lock period; past the limit the key is
 * locked for a while, and the answer is the same whether or not the login exists. An attempt
 * that turns out right gives its reservations back: the login's count starts again, and the
 * address keeps only its failures. Past a few failures every wrong answer is slowed.
 */
export class Lockout {
  constructor(
    private db: Db,
    private dialect: Dialect,
    private rules: LockoutRules,
    private sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Evaluates `check` as one counted attempt; answers 429 without calling it when either key is locked. */
  async attempt(keys: AttemptKeys, check: () => Promise<boolean>): Promise<boolean> {
    const count = await this.reserve(keys);
    // A check that throws keeps its reservation: it counts as a failure.
    const ok = await check();
    if (ok) {
      await this.release(keys);
    } else if (count >= 3) {
      await this.sleep(Math.min(250 * 2 ** (count - 3), 2000));
    }
    return ok;
  }

  /** Answers 429 when either key is locked now, counting nothing: for a password already checked, asked again. */
  async refuseIfLocked(keys: AttemptKeys): Promise<void> {
    const now = Date.now();
    const rows = await this.db.selectFrom('login_attempt').select('locked_until').where('key', 'in', [keys.address, keys.login]).where('locked_until', '>', new Date(now).toISOString()).execute();
    if (rows.length) throw await this.locked(keys, now);
  }

  /** Counts the attempt under both keys, or under neither when one of them is locked. */
  private async reserve(keys: AttemptKeys): Promise<number> {
    const now = Date.now();
    const count = await this.db
      .transaction()
      .execute(async (tx) => {
        // The address first, then the login: one order of row locks for every attempt.
        if ((await this.bump(tx, keys.address, this.rules.lockAddressAfter, now)) === null) return null;
        const login = await this.bump(tx, keys.login, this.rules.lockAccountAfter, now);
        if (login === null) throw new Refused(); // rolls the address back: a refused attempt is not counted
        return login;
      })
      .catch((err) => {
        if (err instanceof Refused) return null;
        throw err;
      });
    if (count === null) throw await this.locked(keys, now);
    return count;
  }

  /**
   * One statement: a new key starts at 1; a key whose failures are older than the lock period,
   * or whose lock has run out, starts again at 1; a key under its limit counts one more (and is
   * locked on reaching it); a key at its limit is left as it is and no row comes back.
   */
  private async bump(db: Queryable, key: string, limit: number, now: number): Promise<number | null> {
    const at = new Date(now).toISOString();
    const staleBefore = new Date(now - this.rules.lockMs).toISOString();
    const lockUntil = new Date(now + this.rules.lockMs).toISOString();
    const stale = sql<boolean>`(login_attempt.updated_at < ${staleBefore} or (login_attempt.locked_until is not null and login_attempt.locked_until <= ${at}))`;
    const next = sql<number>`(case when ${stale} then 1 else login_attempt.failures + 1 end)`;
    const row = await db
      .insertInto('login_attempt')
      .values({ key, failures: 1, locked_until: limit <= 1 ? lockUntil : null, updated_at: at })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            failures: next,
            locked_until: sql<string | null>`(case when ${next} >= ${limit} then ${this.timestamp(lockUntil)} else null end)`,
            updated_at: at,
          })
          .where(sql<boolean>`(${stale} or login_attempt.failures < ${limit})`),
      )
      .returning('failures')
      .executeTakeFirst();
    return row ? row.failures : null;
  }

  /** A right password: the login's count starts again; the address gives back this attempt only. */
  private async release(keys: AttemptKeys): Promise<void> {
    await this.db.deleteFrom('login_attempt').where('key', '=', keys.login).execute();
    await this.db
      .updateTable('login_attempt')
      .set({
        failures: sql<number>`failures - 1`,
        locked_until: sql<string | null>`(case when failures - 1 >= ${this.rules.lockAddressAfter} then locked_until else null end)`,
      })
      .where('key', '=', keys.address)
      .where('failures', '>', 0)
      .execute();
  }

  private async locked(keys: AttemptKeys, now: number): Promise<AppError> {
    const rows = await this.db.selectFrom('login_attempt').select('locked_until').where('key', 'in', [keys.address, keys.login]).execute();
    const until = Math.max(now, ...rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : now)));
    const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
    return new AppError(429, 'locked', 'auth.locked', { minutes });
  }

  /** A bound ISO time as the column's type: PostgreSQL cannot infer it inside CASE. */
  private timestamp(iso: string): RawBuilder<string> {
    return this.dialect === 'postgres' ? sql<string>`cast(${iso} as timestamptz)` : sql<string>`${iso}`;
  }
}

class Refused extends Error {}
