import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, dbKind, freshDatabase, signIn, startTestApp, type TestDatabase } from '../../../test/harness.js';

/**
 * `npm run portal` as an operator runs it: a child process on the server's database (DATA_DIR
 * for SQLite, DATABASE_URL for PostgreSQL), its output read as a person reads it.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await freshDatabase({ empty: true });
  const { TEST_DATABASE_URL: _ignored, ...rest } = process.env;
  env = {
    ...rest,
    PUBLIC_URL: 'http://portal.example.test:8080',
    ...(dbKind === 'sqlite' ? { DATA_DIR: db.dataDir, DATABASE_URL: '' } : { DATA_DIR: db.dataDir, DATABASE_URL: db.url }),
  };
});
afterAll(() => db?.drop());

function portal(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'portal', '--', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run portal', () => {
  it("creates a portal and prints its administrator's invitation link, which works; refuses a taken name and bad input with non-zero exit codes", async () => {
    const created = await portal('create', 'stroy', 'Стройка и ремонт', 'Boss@Example.test');
    expect(created.code, created.err).toBe(0);
    expect(created.out).toContain('Портал «Стройка и ремонт» создан: http://portal.example.test:8080/p/stroy/');
    const link = created.out.match(/http:\/\/portal\.example\.test:8080\/p\/stroy\/invite\/([A-Za-z0-9_-]{20,})/);
    expect(link, created.out).not.toBeNull();

    const taken = await portal('create', 'stroy', 'Ещё одна стройка', 'other@example.test');
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('Адрес: Портал с таким адресом уже есть');
    const bad = await portal('create', 'Мой портал', 'Портал', 'not-an-email');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Адрес: От 3 до 40 символов: строчные латинские буквы, цифры и дефис');
    expect(bad.err).toContain('E-mail администратора: Введите корректный e-mail администратора');
    const usage = await portal('create', 'stroy');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('npm run portal -- create <адрес> "<название>" <e-mail администратора>');

    const list = await portal('list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/stroy\s+Стройка и ремонт\s+0\s+1\s/);
    expect(list.out).not.toContain('Ещё одна стройка');

    // The server on that database: the link makes its holder the new portal's administrator.
    const app = await startTestApp(
      { publicUrl: 'http://portal.example.test:8080' },
      { database: { ...db, url: dbKind === 'sqlite' ? `sqlite:${path.join(db.dataDir, 'portal.db')}` : db.url, drop: async () => {} } },
    );
    try {
      const boss = agent(app, 'stroy');
      const res = await boss.post('/api/auth/password/set', { token: link![1], password: 'boss-password-1' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().user.role).toBe('admin');
      expect((await boss.get('/api/auth/me')).json().portal).toEqual({ name: 'stroy', title: 'Стройка и ремонт' });

      // Now an operator of the install, by the console.
      expect((await (await signIn(app, null, 'boss@example.test', 'boss-password-1')).get('/api/operator/me')).json()).toEqual({ operator: false });
    } finally {
      await app.close();
    }
    const granted = await portal('operator', 'boss@example.test');
    expect(granted.code, granted.err).toBe(0);
    const again = await startTestApp({}, { database: { ...db, url: dbKind === 'sqlite' ? `sqlite:${path.join(db.dataDir, 'portal.db')}` : db.url, drop: async () => {} } });
    try {
      expect((await (await signIn(again, null, 'boss@example.test', 'boss-password-1')).get('/api/operator/me')).json()).toEqual({ operator: true });
    } finally {
      await again.close();
    }
  }, 240_000);
});
