import type { Db } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';

export interface LockoutRules {
  lockAccountAfter: number;
  lockAddressAfter: number;
  lockMs: number;
}

/**
 * Sign-in failures counted per login and per address. Past a few failures every answer is
 * slowed; past the limit the key is locked for a while. The message is the same whether or
 * not the login exists.
 */
export class Lockout {
  constructor(private db: Db, private rules: LockoutRules, private sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {}

  async assertOpen(keys: string[]): Promise<void> {
    const rows = await this.db.selectFrom('login_attempt').selectAll().where('key', 'in', keys).execute();
    const now = Date.now();
    for (const r of rows) {
      if (r.locked_until && Date.parse(r.locked_until) > now) {
        const minutes = Math.max(1, Math.ceil((Date.parse(r.locked_until) - now) / 60_000));
        throw new AppError(429, 'locked', 'auth.locked', { minutes });
      }
    }
  }

  async fail(loginKey: string, addressKey: string): Promise<void> {
    const a = await this.bump(loginKey, this.rules.lockAccountAfter);
    await this.bump(addressKey, this.rules.lockAddressAfter);
    if (a >= 3) await this.sleep(Math.min(250 * 2 ** (a - 3), 2000));
  }

  async succeed(loginKey: string): Promise<void> {
    await this.db.deleteFrom('login_attempt').where('key', '=', loginKey).execute();
  }

  private async bump(key: string, limit: number): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('login_attempt').selectAll().where('key', '=', key).executeTakeFirst();
      const now = Date.now();
      // Failures older than the lock period are forgotten; so is an expired lock.
      const stale = !row || now - Date.parse(row.updated_at) > this.rules.lockMs || (row.locked_until && Date.parse(row.locked_until) <= now);
      const failures = stale ? 1 : row!.failures + 1;
      const locked_until = failures >= limit ? new Date(now + this.rules.lockMs).toISOString() : null;
      if (row) await tx.updateTable('login_attempt').set({ failures, locked_until, updated_at: nowIso() }).where('key', '=', key).execute();
      else await tx.insertInto('login_attempt').values({ key, failures, locked_until, updated_at: nowIso() }).execute();
      return failures;
    });
  }
}
