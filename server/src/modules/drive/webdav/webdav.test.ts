import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type FileStat, type WebDAVClient } from 'webdav';
import { PASSWORD, buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';

let t: TestApp;
let p: TestPortal;
let q: TestPortal;
let base: string;
let api: Record<'admin' | 'head' | 'employee' | 'other', Agent>;

const MY = 'Мой диск';
const COMMON = 'Общий диск';
const SHARED = 'Общие со мной';

/** The network folder of a portal as a file manager mounts it: the path form, the login and password in HTTP Basic. */
const dav = (portal: string, username: string, password = PASSWORD): WebDAVClient => createClient(`${base}/p/${portal}/dav`, { username, password });
const names = (list: FileStat[] | { data: FileStat[] }) => (Array.isArray(list) ? list : list.data).map((f) => f.basename).sort();
const status = async (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { status?: number; response?: { status?: number } }) => e.status ?? e.response?.status ?? -1,
  );
const text = (s: string) => Readable.from([Buffer.from(s, 'utf8')]);

/** A raw request to the network folder (what the client library cannot send as such). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const basic = (login: string, password = PASSWORD) => ({ authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` });

beforeAll(async () => {
  t = await startTestApp({ lockAccountAfter: 3, lockAddressAfter: 100_000, lockMs: 60_000 });
  p = await buildPortal(t);
  q = await buildPortal(t);
  api = await signInAll(t, p);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.dispose());

describe('the drive as a network folder (WebDAV)', () => {
  it('lists «Мой диск», «Общий диск» and «Общие со мной» at the root, and the folders below', async () => {
    const c = dav(p.portal.name, p.users.employee.email);
    expect(names(await c.getDirectoryContents('/'))).toEqual([COMMON, MY, SHARED].sort());
    await c.createDirectory(`/${MY}/Отчёты`);
    await c.createDirectory(`/${MY}/Отчёты/2026`);
    const list = (await c.getDirectoryContents(`/${MY}/Отчёты`)) as FileStat[];
    expect(list.map((f) => [f.basename, f.type])).toEqual([['2026', 'directory']]);
    // The web pages show the same folders.
    const storages = (await api.employee.get('/api/drive/storages')).json();
    const page = (await api.employee.get(`/api/drive/items/${storages.my.rootId}/children`)).json();
    expect(page.items.map((i: { name: string }) => i.name)).toContain('Отчёты');
  });

  it('uploads a stream, downloads it whole and by a range, and overwriting adds a version', async () => {
    const c = dav(p.portal.name, p.users.employee.email);
    await c.putFileContents(`/${MY}/Отчёты/отчёт.txt`, text('0123456789 первая версия'));
    expect(await c.getFileContents(`/${MY}/Отчёты/отчёт.txt`, { format: 'text' })).toBe('0123456789 первая версия');
    const part = await raw('GET', `/p/${p.portal.name}/dav/${encodeURIComponent(MY)}/${encodeURIComponent('Отчёты')}/${encodeURIComponent('отчёт.txt')}`, {
      ...basic(p.users.employee.email),
      range: 'bytes=2-5',
    });
    expect(part.status).toBe(206);
    expect(part.body).toBe('2345');
    const chunks: Buffer[] = [];
    for await (const chunk of c.createReadStream(`/${MY}/Отчёты/отчёт.txt`, { range: { start: 0, end: 3 } }) as Readable) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('0123');

    await c.putFileContents(`/${MY}/Отчёты/отчёт.txt`, text('вторая версия'));
    expect(await c.getFileContents(`/${MY}/Отчёты/отчёт.txt`, { format: 'text' })).toBe('вторая версия');
    const stat = (await c.stat(`/${MY}/Отчёты/отчёт.txt`)) as FileStat;
    expect(stat.size).toBe(Buffer.byteLength('вторая версия'));
    const storages = (await api.employee.get('/api/drive/storages')).json();
    const folder = (await api.employee.get(`/api/drive/items/${storages.my.rootId}/children`)).json().items.find((i: { name: string }) => i.name === 'Отчёты');
    const file = (await api.employee.get(`/api/drive/items/${folder.id}/children`)).json().items.find((i: { name: string }) => i.name === 'отчёт.txt');
    expect(file.versions).toBe(2);
    expect((await api.employee.get(`/api/drive/items/${file.id}/versions`)).json().items).toHaveLength(2);
  });

  it('takes an empty file (a new document of a file manager), answers HEAD with the size, and finds names sent decomposed (macOS)', async () => {
    const c = dav(p.portal.name, p.users.employee.email);
    await c.putFileContents(`/${MY}/пустой.txt`, '');
    expect(await c.getFileContents(`/${MY}/пустой.txt`, { format: 'text' })).toBe('');
    const auth = basic(p.users.employee.email);
    const file = `/p/${p.portal.name}/dav/${encodeURIComponent(MY)}/${encodeURIComponent('Отчёты')}/${encodeURIComponent('отчёт.txt')}`;
    const head = await raw('HEAD', file, auth);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength('вторая версия')));
    expect(head.body).toBe('');
    const nfd = await raw('GET', `/p/${p.portal.name}/dav/${encodeURIComponent(MY)}/${encodeURIComponent('Отчёты'.normalize('NFD'))}/${encodeURIComponent('отчёт.txt'.normalize('NFD'))}`, auth);
    expect(nfd.body).toBe('вторая версия');
  });

  it('renames, moves and copies, and deleting puts the item into the drive’s trash', async () => {
    const c = dav(p.portal.name, p.users.employee.email);
    await c.putFileContents(`/${MY}/черновик.txt`, 'текст');
    await c.moveFile(`/${MY}/черновик.txt`, `/${MY}/итог.txt`);
    await c.moveFile(`/${MY}/итог.txt`, `/${MY}/Отчёты/2026/итог.txt`);
    await c.copyFile(`/${MY}/Отчёты/2026/итог.txt`, `/${MY}/копия.txt`);
    await c.copyFile(`/${MY}/Отчёты`, `/${MY}/Отчёты (копия)`);
    expect(names(await c.getDirectoryContents(`/${MY}`))).toEqual(['копия.txt', 'Отчёты', 'Отчёты (копия)', 'пустой.txt'].sort());
    expect(names(await c.getDirectoryContents(`/${MY}/Отчёты (копия)/2026`))).toEqual(['итог.txt']);
    expect(await c.getFileContents(`/${MY}/копия.txt`, { format: 'text' })).toBe('текст');
    // Overwrite: F keeps what is there (412); by default it goes to the trash.
    await c.putFileContents(`/${MY}/другой.txt`, 'другой');
    expect(await status(c.moveFile(`/${MY}/другой.txt`, `/${MY}/копия.txt`, { overwrite: false }))).toBe(412);
    await c.moveFile(`/${MY}/другой.txt`, `/${MY}/копия.txt`);
    expect(await c.getFileContents(`/${MY}/копия.txt`, { format: 'text' })).toBe('другой');

    await c.deleteFile(`/${MY}/Отчёты (копия)`);
    expect(await c.exists(`/${MY}/Отчёты (копия)`)).toBe(false);
    const trash = (await api.employee.get('/api/drive/trash')).json();
    expect(trash.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['Отчёты (копия)', 'копия.txt']));
  });

  it('refuses bad names with the reason, writes where the drive is read-only (403), and the drives themselves', async () => {
    const c = dav(p.portal.name, p.users.employee.email);
    const bad = await raw('PUT', `/p/${p.portal.name}/dav/${encodeURIComponent(MY)}/${encodeURIComponent('a:b.txt')}`, { ...basic(p.users.employee.email), 'content-type': 'text/plain' }, 'x');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.fields[0].message).toMatch(/символов/);
    expect(await status(c.createDirectory(`/${MY}/CON`))).toBe(400);
    expect(await status(c.putFileContents(`/${COMMON}/моё.txt`, 'x'))).toBe(403);
    expect(await status(c.createDirectory(`/${COMMON}/Моя папка`))).toBe(403);
    expect(await status(c.deleteFile(`/${MY}`))).toBe(403);
    expect(await status(c.createDirectory('/Новый диск'))).toBe(403);
    expect(await status(c.putFileContents(`/${SHARED}/x.txt`, 'x'))).toBe(403);
    // The administrator writes to «Общий диск»; everyone reads it.
    await dav(p.portal.name, p.users.admin.email).putFileContents(`/${COMMON}/Регламент.txt`, 'читайте');
    expect(await c.getFileContents(`/${COMMON}/Регламент.txt`, { format: 'text' })).toBe('читайте');
    expect(await status(c.deleteFile(`/${COMMON}/Регламент.txt`))).toBe(403);
  });

  it('shows a colleague nothing without a share; with a read share lists and reads but cannot write', async () => {
    const mine = dav(p.portal.name, p.users.employee.email);
    await mine.createDirectory(`/${MY}/Проект`);
    await mine.putFileContents(`/${MY}/Проект/план.txt`, 'план');
    const colleague = dav(p.portal.name, p.users.other.email);
    expect(names(await colleague.getDirectoryContents(`/${SHARED}`))).toEqual([]);
    expect(await status(colleague.getDirectoryContents(`/${SHARED}/Проект`))).toBe(404);
    expect(names(await colleague.getDirectoryContents(`/${MY}`))).toEqual([]);

    const storages = (await api.employee.get('/api/drive/storages')).json();
    const folder = (await api.employee.get(`/api/drive/items/${storages.my.rootId}/children`)).json().items.find((i: { name: string }) => i.name === 'Проект');
    expect((await api.employee.put(`/api/drive/items/${folder.id}/shares`, { shares: [{ type: 'user', id: p.users.other.id, right: 'read' }] })).statusCode).toBe(200);
    expect(names(await colleague.getDirectoryContents(`/${SHARED}`))).toEqual(['Проект']);
    expect(names(await colleague.getDirectoryContents(`/${SHARED}/Проект`))).toEqual(['план.txt']);
    expect(await colleague.getFileContents(`/${SHARED}/Проект/план.txt`, { format: 'text' })).toBe('план');
    expect(await status(colleague.putFileContents(`/${SHARED}/Проект/план.txt`, 'чужое'))).toBe(403);
    expect(await status(colleague.putFileContents(`/${SHARED}/Проект/новое.txt`, 'чужое'))).toBe(403);
    expect(await status(colleague.deleteFile(`/${SHARED}/Проект/план.txt`))).toBe(403);
    expect(await status(colleague.moveFile(`/${SHARED}/Проект/план.txt`, `/${MY}/план.txt`))).toBe(403);
    expect(await mine.getFileContents(`/${MY}/Проект/план.txt`, { format: 'text' })).toBe('план');

    // An edit share lets them write, and their writes are versions of the same file.
    await api.employee.put(`/api/drive/items/${folder.id}/shares`, { shares: [{ type: 'user', id: p.users.other.id, right: 'edit' }] });
    await colleague.putFileContents(`/${SHARED}/Проект/план.txt`, 'план 2');
    expect(await mine.getFileContents(`/${MY}/Проект/план.txt`, { format: 'text' })).toBe('план 2');
  });

  it('answers 507 Insufficient Storage past the quota, and keeps nothing of the refused upload', async () => {
    const c = dav(p.portal.name, p.users.head.email);
    expect((await api.admin.put('/api/drive/quota', { portalBytes: null, userBytes: 1000 })).statusCode).toBe(200);
    try {
      // A stream of unknown length (chunked): refused once it ends, before the store keeps it.
      expect(await status(c.putFileContents(`/${MY}/большой.bin`, Readable.from([Buffer.alloc(800), Buffer.alloc(800)])))).toBe(507);
      // A declared length: refused before the first byte.
      expect(await status(c.putFileContents(`/${MY}/большой.bin`, Buffer.alloc(1500)))).toBe(507);
      expect(await c.exists(`/${MY}/большой.bin`)).toBe(false);
      await c.putFileContents(`/${MY}/малый.bin`, Buffer.alloc(500));
      expect(await c.exists(`/${MY}/малый.bin`)).toBe(true);
    } finally {
      await api.admin.put('/api/drive/quota', { portalBytes: null, userBytes: null });
    }
  });

  it('needs the password in Basic on every request: a session cookie alone opens nothing', async () => {
    const path = `/p/${p.portal.name}/dav/`;
    const anon = await raw('PROPFIND', path, { depth: '1' });
    expect(anon.status).toBe(401);
    expect(anon.headers['www-authenticate']).toMatch(/^Basic realm=/);
    const cookie = Object.entries(api.employee.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    for (const [method, headers] of [
      ['PROPFIND', { depth: '1' }],
      ['MKCOL', {}],
      ['DELETE', {}],
      ['PUT', { 'content-type': 'text/plain' }],
    ] as const) {
      const res = await raw(
        method,
        `${path}${encodeURIComponent(MY)}/${encodeURIComponent(method === 'MKCOL' ? 'Cookie' : 'Отчёты')}`,
        { ...headers, cookie, 'x-csrf-token': api.employee.csrf },
        method === 'PUT' ? 'x' : undefined,
      );
      expect(res.status, method).toBe(401);
    }
    expect(await dav(p.portal.name, p.users.employee.email).exists(`/${MY}/Отчёты`)).toBe(true);
  });

  it('answers a wrong password with 401 and locks the account after repeated failures, parallel ones included', async () => {
    const login = p.users.head.email;
    expect(await status(dav(p.portal.name, login, 'wrong-password').getDirectoryContents('/'))).toBe(401);
    const attempts = await Promise.all(Array.from({ length: 6 }, () => status(dav(p.portal.name, login, 'wrong-password').getDirectoryContents('/'))));
    expect(attempts.every((s) => s === 401 || s === 429)).toBe(true);
    expect(attempts).toContain(429);
    // Locked: the right password is refused too, as sign-in refuses it.
    expect(await status(dav(p.portal.name, login).getDirectoryContents('/'))).toBe(429);
    expect((await api.head.request('POST', '/api/auth/login', { login, password: PASSWORD })).statusCode).toBe(429);
  });

  it('shows a user of another portal nothing: their password does not open this portal, and their own shows none of it', async () => {
    const stranger = q.users.employee.email;
    expect(await status(dav(p.portal.name, stranger).getDirectoryContents('/'))).toBe(401);
    expect(await status(dav(p.portal.name, stranger).getFileContents(`/${MY}/Отчёты/отчёт.txt`))).toBe(401);
    const own = dav(q.portal.name, stranger);
    expect(names(await own.getDirectoryContents(`/${MY}`))).toEqual([]);
    expect(names(await own.getDirectoryContents(`/${SHARED}`))).toEqual([]);
    expect(await status(own.getDirectoryContents(`/${MY}/Отчёты`))).toBe(404);
    // Addressing portal A by the path while the host names portal B is a request to nowhere.
    const mixed = await raw('PROPFIND', `/p/${p.portal.name}/dav/`, { ...basic(p.users.employee.email), depth: '0', host: `${q.portal.name}.${t.config.baseHost}` });
    expect(mixed.status).toBe(404);
    await signIn(t, q.portal.name, stranger);
  });

  it('answers OPTIONS with its WebDAV classes, LOCK with a token, and PROPPATCH as done', async () => {
    const path = `/p/${p.portal.name}/dav/${encodeURIComponent(MY)}/`;
    const auth = basic(p.users.employee.email);
    const opts = await raw('OPTIONS', path, auth);
    expect(opts.status).toBe(200);
    expect(opts.headers.dav).toBe('1, 2');
    const locked = await raw(
      'LOCK',
      `${path}${encodeURIComponent('новый.txt')}`,
      { ...auth, 'content-type': 'application/xml', timeout: 'Second-60' },
      '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>тест</D:owner></D:lockinfo>',
    );
    expect(locked.status).toBe(201);
    const token = String(locked.headers['lock-token']);
    expect(token).toMatch(/^<opaquelocktoken:/);
    expect(locked.body).toContain('<D:owner>тест</D:owner>');
    const patched = await raw(
      'PROPPATCH',
      `${path}${encodeURIComponent('новый.txt')}`,
      { ...auth, 'content-type': 'application/xml' },
      '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop><Z:Win32LastModifiedTime>Mon, 07 Dec 2026 10:00:00 GMT</Z:Win32LastModifiedTime></D:prop></D:set></D:propertyupdate>',
    );
    expect(patched.status).toBe(207);
    expect(patched.body).toContain('Win32LastModifiedTime');
    expect(patched.body).toContain('HTTP/1.1 200 OK');
    expect((await raw('UNLOCK', `${path}${encodeURIComponent('новый.txt')}`, { ...auth, 'lock-token': token })).status).toBe(204);
    const infinite = await raw('PROPFIND', path, { ...auth, depth: 'infinity' });
    expect(infinite.status).toBe(403);
  });

  /** Debian's cadaver, a command-line WebDAV client, when the machine has it. */
  const cadaver = (() => {
    try {
      // `--version` exits with 255 after printing it: found is what counts.
      return execFileSync('sh', ['-c', 'command -v cadaver || true']).toString().trim() !== '';
    } catch {
      return false;
    }
  })();

  it.skipIf(!cadaver)('works with cadaver: lists, uploads and reads back a file', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cadaver-'));
    try {
      fs.writeFileSync(path.join(home, '.netrc'), `machine 127.0.0.1 login ${p.users.admin.email} password ${PASSWORD}\n`, { mode: 0o600 });
      fs.writeFileSync(path.join(home, 'local.txt'), 'из cadaver');
      const script = [`cd "${MY}"`, 'put local.txt cadaver.txt', 'ls', 'cat cadaver.txt', 'quit', ''].join('\n');
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn('cadaver', [`${base}/p/${p.portal.name}/dav/`], { cwd: home, env: { ...process.env, HOME: home, LANG: 'C.UTF-8' } });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.stderr.on('data', (d) => (text += d));
        child.on('error', reject);
        child.on('close', () => resolve(text));
        child.stdin.end(script);
      });
      expect(out).toContain('cadaver.txt');
      expect(out).toContain('из cadaver');
      expect(await dav(p.portal.name, p.users.admin.email).getFileContents(`/${MY}/cadaver.txt`, { format: 'text' })).toBe('из cadaver');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
