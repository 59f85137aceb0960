import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, buildPortal, signIn, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';
import { driveUpload, sendChunk, startUpload } from '../../../test/drive-support.js';
import { blobPath } from '../../../src/platform/files/store.js';
import { minimalPdf, uploadFile } from '../../../test/files-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let stranger: Agent;

type Storages = { my: { id: number; rootId: number; name: string; right: string }; common: { id: number; rootId: number; name: string; right: string }; groups: unknown[] };
const storages = async (a: Agent) => (await a.get('/api/drive/storages')).json() as Storages;
const folderOf = async (a: Agent, id: number, query = '') => (await a.get(`/api/drive/items/${id}/children${query}`)).json();
const mkdir = async (a: Agent, parentId: number, name: string) => {
  const res = await a.post('/api/drive/folders', { parentId, name });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; name: string };
};
const upload = async (a: Agent, folderId: number, name: string, content: string | Buffer, extra: Record<string, string> = {}) => {
  const res = await driveUpload(a, folderId, name, content, extra);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; name: string; versions: number; fileId: number; size: number };
};
const content = async (a: Agent, id: number, q = '') => (await a.get(`/api/drive/items/${id}/content${q}`)).body;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
  const q = await buildPortal(t);
  stranger = await signIn(t, q.portal.name, q.users.employee.email);
});
afterAll(() => t?.dispose());

describe('drives and folders', () => {
  it('gives each employee «Мой диск» and the company’s «Общий диск», which everyone reads and only an administrator changes', async () => {
    const s = await storages(employee);
    expect(s.my).toMatchObject({ name: 'Мой диск', right: 'full' });
    expect(s.common).toMatchObject({ name: 'Общий диск', right: 'read' });
    expect((await employee.post('/api/drive/folders', { parentId: s.common.rootId, name: 'Моя папка' })).statusCode).toBe(403);
    const rules = await mkdir(admin, (await storages(admin)).common.rootId, 'Регламенты');
    const page = await folderOf(employee, s.common.rootId);
    expect(page.items.map((i: { name: string }) => i.name)).toContain(rules.name);
    expect(page.path).toEqual([{ id: s.common.rootId, name: 'Общий диск' }]);
  });

  it('keeps «Мой диск» private: a colleague and another portal get «not found»', async () => {
    const s = await storages(employee);
    const f = await mkdir(employee, s.my.rootId, 'Личное');
    expect((await other.get(`/api/drive/items/${f.id}/children`)).statusCode).toBe(404);
    expect((await other.get(`/api/drive/items/${s.my.rootId}/children`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/drive/items/${f.id}/children`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/drive/items/${f.id}`)).statusCode).toBe(404);
  });

  it('refuses bad names with the field and a message, and a taken name with 409 naming it', async () => {
    const root = (await storages(employee)).my.rootId;
    for (const [name, message] of [
      ['a/b', 'В названии не может быть символов «/» и «\\»'],
      ['CON', 'Название «CON» зарезервировано системой: выберите другое'],
      ['..', 'Название «..» зарезервировано системой: выберите другое'],
      ['   ', 'Введите название'],
    ]) {
      const res = await employee.post('/api/drive/folders', { parentId: root, name });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'name', message });
    }
    await mkdir(employee, root, 'Договоры');
    const again = await employee.post('/api/drive/folders', { parentId: root, name: 'договоры' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'name_taken', message: 'В папке уже есть «договоры»' });
  });

  it('renames with «Сохранить обе» and «Заменить», the replaced one going to the trash', async () => {
    const root = (await storages(employee)).my.rootId;
    const a = await mkdir(employee, root, 'Акты');
    const b = await mkdir(employee, root, 'Счета');
    expect((await employee.patch(`/api/drive/items/${b.id}`, { name: 'Акты' })).statusCode).toBe(409);
    expect((await employee.patch(`/api/drive/items/${b.id}`, { name: 'Акты', conflict: 'keep-both' })).json().name).toBe('Акты (1)');
    expect((await employee.patch(`/api/drive/items/${b.id}`, { name: 'Акты', conflict: 'replace' })).json().name).toBe('Акты');
    const trash = (await employee.get('/api/drive/trash')).json();
    expect(trash.items.map((i: { id: number }) => i.id)).toContain(a.id);
  });

  it('pages a folder with folders first, in the order asked, and a cursor that goes on', async () => {
    const root = (await storages(head)).my.rootId;
    const box = await mkdir(head, root, 'Много');
    await mkdir(head, box.id, 'я-папка');
    for (const n of ['в.txt', 'а.txt', 'б.txt']) await upload(head, box.id, n, n.repeat((n.charCodeAt(0) % 7) + 1));
    const first = await folderOf(head, box.id, '?limit=2');
    expect(first.items.map((i: { name: string }) => i.name)).toEqual(['я-папка', 'а.txt']);
    expect(first.total).toBe(4);
    const second = await folderOf(head, box.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i: { name: string }) => i.name)).toEqual(['б.txt', 'в.txt']);
    expect(second.nextCursor).toBeNull();
    const desc = await folderOf(head, box.id, '?sort=name&dir=desc');
    expect(desc.items.map((i: { name: string }) => i.name)).toEqual(['я-папка', 'в.txt', 'б.txt', 'а.txt']);
    expect((await head.get(`/api/drive/items/${box.id}/children?cursor=garbage`)).statusCode).toBe(400);
  });
});

describe('uploads, downloads and versions', () => {
  it('takes a resumable upload in pieces, leaves nothing visible until it ends, and serves byte ranges', async () => {
    const root = (await storages(employee)).my.rootId;
    const box = await mkdir(employee, root, 'Загрузки');
    const bytes = Buffer.from('0123456789'.repeat(1000));
    const created = await startUpload(employee, box.id, 'отчёт.txt', bytes.length);
    expect(created.statusCode).toBe(201);
    const location = String(created.headers.location);
    expect((await sendChunk(employee, location, 0, bytes.subarray(0, 4000))).statusCode).toBe(204);
    expect((await folderOf(employee, box.id)).items).toHaveLength(0);
    // Someone else cannot see or continue it.
    expect((await other.request('HEAD', location, undefined, { 'tus-resumable': '1.0.0' })).statusCode).toBe(404);
    const head1 = await employee.request('HEAD', location, undefined, { 'tus-resumable': '1.0.0' });
    expect(head1.headers['upload-offset']).toBe('4000');
    const done = await sendChunk(employee, location, 4000, bytes.subarray(4000));
    expect(done.statusCode).toBe(200);
    const item = done.json();
    expect(item).toMatchObject({ name: 'отчёт.txt', size: 10000, versions: 1, kind: 'file' });
    expect(await content(employee, item.id)).toBe(bytes.toString());
    // Hashed as its pieces arrived: the store names it by the hash of all of them.
    const stored = await t.platform.db.selectFrom('file').select(['sha256', 'size']).where('id', '=', item.fileId).executeTakeFirstOrThrow();
    expect({ sha256: stored.sha256, size: Number(stored.size) }).toEqual({ sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: 10000 });
    expect(fs.existsSync(blobPath(t.config.dataDir, stored.sha256))).toBe(true);
    const part = await employee.request('GET', `/api/drive/items/${item.id}/content`, undefined, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/10000');
    expect(part.body).toBe('0123456789');
    expect((await employee.request('GET', `/api/drive/items/${item.id}/content`, undefined, { range: 'bytes=20000-' })).statusCode).toBe(416);
    const full = await employee.get(`/api/drive/items/${item.id}/content`);
    expect(full.headers['content-disposition']).toContain('attachment');
    expect(full.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never renders HTML or SVG from the portal: they download as attachments', async () => {
    const root = (await storages(employee)).my.rootId;
    const html = await upload(employee, root, 'page.html', '<script>alert(1)</script>');
    const res = await employee.get(`/api/drive/items/${html.id}/content?inline=1`);
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    expect(res.headers['content-type']).not.toContain('html');
  });

  it('adds a version for the same name, lists who and when, and restores an old one as the newest', async () => {
    const root = (await storages(employee)).my.rootId;
    const box = await mkdir(employee, root, 'Версии');
    const v1 = await upload(employee, box.id, 'Скрипт.txt', 'первый');
    const v2 = await upload(employee, box.id, 'Скрипт.txt', 'второй вариант');
    expect(v2).toMatchObject({ id: v1.id, versions: 2, size: Buffer.byteLength('второй вариант') });
    const both = await upload(employee, box.id, 'Скрипт.txt', 'третий', { conflict: 'keep-both' });
    expect(both.name).toBe('Скрипт (1).txt');
    const versions = (await employee.get(`/api/drive/items/${v1.id}/versions`)).json().items;
    expect(versions.map((v: { number: number; current: boolean }) => [v.number, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions[1].createdBy).toBe(p.users.employee.id);
    expect(await content(employee, v1.id, `?version=${versions[1].id}`)).toBe('первый');
    const restored = (await employee.post(`/api/drive/items/${v1.id}/versions/${versions[1].id}/restore`)).json();
    expect(restored.versions).toBe(3);
    expect(await content(employee, v1.id)).toBe('первый');
    // The current version is an ordinary portal file too (what CRM, tasks and the feed attach).
    expect((await employee.get(`/api/files/${restored.fileId}`)).body).toBe('первый');
    expect((await other.get(`/api/files/${restored.fileId}`)).statusCode).toBe(404);
  });

  it('puts a folder upload’s files into their folders, made once however many arrive at once', async () => {
    const root = (await storages(other)).my.rootId;
    const results = await Promise.all(['a.txt', 'b.txt', 'c.txt', 'd.txt'].map((n) => driveUpload(other, root, n, n, { relativePath: `Проект/Эскизы/${n}` })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const project = (await folderOf(other, root)).items.filter((i: { name: string }) => i.name === 'Проект');
    expect(project).toHaveLength(1);
    const sketches = (await folderOf(other, project[0].id)).items;
    expect(sketches.map((i: { name: string }) => i.name)).toEqual(['Эскизы']);
    expect((await folderOf(other, sketches[0].id)).items.map((i: { name: string }) => i.name)).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
  });

  it('refuses an empty file, a missing size and a folder one may not write to before any byte is sent', async () => {
    const s = await storages(employee);
    expect((await startUpload(employee, s.my.rootId, 'empty.txt', 0)).statusCode).toBe(400);
    const noSize = await employee.request('POST', '/api/drive/uploads', undefined, {
      'tus-resumable': '1.0.0',
      'upload-defer-length': '1',
      'upload-metadata': `filename ${Buffer.from('x.txt').toString('base64')}`,
    });
    expect(noSize.statusCode).toBe(400);
    expect((await startUpload(employee, s.common.rootId, 'x.txt', 10)).statusCode).toBe(403);
    const bad = await startUpload(employee, s.my.rootId, 'CON.txt', 10);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.fields[0].field).toBe('filename');
  });
});

describe('move, copy and the trash', () => {
  it('moves a folder with everything in it, never into itself, and copies with the current versions', async () => {
    const root = (await storages(head)).my.rootId;
    const a = await mkdir(head, root, 'Архив');
    const inner = await mkdir(head, a.id, 'Внутри');
    const f = await upload(head, inner.id, 'план.txt', 'план');
    const into = await head.post('/api/drive/items/move', { ids: [a.id], targetId: inner.id });
    expect(into.statusCode).toBe(400);
    expect(into.json().error.fields[0].message).toBe('Нельзя переместить папку «Архив» в неё саму или в её подпапку');
    const target = await mkdir(head, root, 'Куда');
    expect((await head.post('/api/drive/items/move', { ids: [a.id], targetId: target.id })).statusCode).toBe(200);
    expect((await folderOf(head, inner.id)).path.map((x: { name: string }) => x.name)).toEqual(['Мой диск', 'Куда', 'Архив', 'Внутри']);
    const copied = (await head.post('/api/drive/items/copy', { ids: [inner.id], targetId: root })).json().items[0];
    const copyFile = (await folderOf(head, copied.id)).items[0];
    expect(copyFile).toMatchObject({ name: 'план.txt', versions: 1 });
    expect(copyFile.id).not.toBe(f.id);
    expect(await content(head, copyFile.id)).toBe('план');
  });

  it('trashes with the contents, frees the name, and restores into the root when the folder is gone', async () => {
    const root = (await storages(head)).my.rootId;
    const box = await mkdir(head, root, 'Корзинная');
    const file = await upload(head, box.id, 'смета.txt', 'смета');
    expect((await head.post('/api/drive/items/trash', { ids: [file.id] })).json().count).toBe(1);
    expect((await folderOf(head, box.id)).items).toHaveLength(0);
    expect((await head.get(`/api/drive/items/${file.id}/content`)).statusCode).toBe(404);
    await head.post('/api/drive/items/trash', { ids: [box.id] });
    const trash = (await head.get('/api/drive/trash')).json();
    const entry = trash.items.find((i: { id: number }) => i.id === file.id);
    expect(entry).toMatchObject({ fromPath: ['Корзинная'] });
    expect(Date.parse(entry.purgeAt) - Date.parse(entry.trashedAt)).toBe(30 * 86_400_000);
    await mkdir(head, root, 'Корзинная');
    const back = (await head.post('/api/drive/trash/restore', { ids: [file.id] })).json().items[0];
    expect(back.parentId).toBe(root);
    const folderRes = await head.post('/api/drive/trash/restore', { ids: [box.id] });
    expect(folderRes.statusCode, folderRes.body).toBe(200);
    const folderBack = folderRes.json().items[0];
    expect(folderBack.name).toBe('Корзинная (1)');
  });

  it('deletes for good: the content leaves the store when no other file has it, and the quota is freed', async () => {
    const root = (await storages(other)).my.rootId;
    const before = (await other.get('/api/drive/quota')).json().user.used;
    const unique = `единственное ${Date.now()}`;
    const f = await upload(other, root, 'одно.txt', unique);
    expect((await other.get('/api/drive/quota')).json().user.used).toBe(before + Buffer.byteLength(unique));
    const sha = (await t.platform.db.selectFrom('file').select('sha256').where('id', '=', f.fileId).executeTakeFirstOrThrow()).sha256;
    expect(fs.existsSync(blobPath(t.config.dataDir, sha))).toBe(true);
    await other.post('/api/drive/items/trash', { ids: [f.id] });
    expect((await other.post('/api/drive/trash/delete', { ids: [f.id] })).json().count).toBe(1);
    expect((await other.get('/api/drive/quota')).json().user.used).toBe(before);
    await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(blobPath(t.config.dataDir, sha))).toBe(false);
  });

  it('empties the trash after 30 days by a timed job', async () => {
    const root = (await storages(other)).my.rootId;
    const f = await upload(other, root, 'старое.txt', 'старое');
    await other.post('/api/drive/items/trash', { ids: [f.id] });
    expect((await t.platform.jobs.runDue(new Date(Date.now() + 29 * 86_400_000))) >= 0).toBe(true);
    expect((await other.get('/api/drive/trash')).json().items.map((i: { id: number }) => i.id)).toContain(f.id);
    await t.platform.jobs.runDue(new Date(Date.now() + 31 * 86_400_000));
    expect((await other.get('/api/drive/trash')).json().items.map((i: { id: number }) => i.id)).not.toContain(f.id);
  });
});

describe('sharing and public links', () => {
  it('shares a folder with a colleague, who sees it in «Общие со мной», reads inside it and may not write', async () => {
    const root = (await storages(employee)).my.rootId;
    const box = await mkdir(employee, root, 'Для Марии');
    const f = await upload(employee, box.id, 'бриф.txt', 'бриф');
    const res = await employee.put(`/api/drive/items/${box.id}/shares`, { shares: [{ type: 'user', id: p.users.other.id, right: 'read' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([{ type: 'user', id: p.users.other.id, name: 'Мария Другова', right: 'read', inherited: false }]);
    const shared = (await other.get('/api/drive/shared')).json().items;
    expect(shared.map((i: { id: number; right: string }) => [i.id, i.right])).toEqual([[box.id, 'read']]);
    expect(await content(other, f.id)).toBe('бриф');
    expect((await folderOf(other, box.id)).path).toEqual([{ id: box.id, name: 'Для Марии' }]);
    expect((await startUpload(other, box.id, 'x.txt', 3)).statusCode).toBe(403);
    expect((await other.get(`/api/drive/items/${box.id}/shares`)).statusCode).toBe(403);
    expect((await head.get(`/api/drive/items/${box.id}/children`)).statusCode).toBe(404);
    // A department share reaches its members; edit lets them upload.
    await employee.put(`/api/drive/items/${box.id}/shares`, { shares: [{ type: 'department', id: p.departments.team, right: 'edit' }] });
    expect((await driveUpload(head, box.id, 'от Ольги.txt', 'привет')).statusCode).toBe(200);
    expect((await employee.put(`/api/drive/items/${box.id}/shares`, { shares: [{ type: 'user', id: 999999, right: 'read' }] })).statusCode).toBe(400);
  });

  it('opens a public link with a password from a browser without an account, and a revoked or expired link fails at once', async () => {
    const root = (await storages(employee)).my.rootId;
    const f = await upload(employee, root, 'Итоги.txt', 'итоги квартала');
    const link = (await employee.post(`/api/drive/items/${f.id}/links`, { password: 'секрет1' })).json();
    expect(link.url).toMatch(new RegExp(`/p/${p.portal.name}/s/[A-Za-z0-9_-]+$`));
    const token = link.url.split('/s/')[1];
    const anon = agent(t, p.portal.name);
    expect((await anon.get(`/api/public/drive/${token}`)).json().error.code).toBe('password_required');
    expect((await anon.get(`/api/public/drive/${token}/content`)).statusCode).toBe(401);
    const wrong = await anon.post(`/api/public/drive/${token}/unlock`, { password: 'нет' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].message).toBe('Неверный пароль');
    const view = await anon.post(`/api/public/drive/${token}/unlock`, { password: 'секрет1' });
    expect(view.json()).toMatchObject({ name: 'Итоги.txt', kind: 'file' });
    expect((await anon.get(`/api/public/drive/${token}/content`)).body).toBe('итоги квартала');
    expect((await agent(t, p.portal.name).get(`/api/public/drive/${token}/content`)).statusCode).toBe(401);
    await employee.del(`/api/drive/links/${link.id}`);
    const gone = await anon.get(`/api/public/drive/${token}/content`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toBe('Ссылка недействительна: её удалили или срок её действия истёк');
    expect((await employee.post(`/api/drive/items/${f.id}/links`, { expiresAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(400);
    const short = (await employee.post(`/api/drive/items/${f.id}/links`, { expiresAt: new Date(Date.now() + 60_000).toISOString() })).json();
    await t.platform.db
      .updateTable('drive_link')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', short.id)
      .execute();
    expect((await anon.get(`/api/public/drive/${short.url.split('/s/')[1]}`)).statusCode).toBe(404);
    // Another portal's address does not open it.
    const open = (await employee.post(`/api/drive/items/${f.id}/links`, {})).json();
    expect((await agent(t, stranger.portal).get(`/api/public/drive/${open.url.split('/s/')[1]}`)).statusCode).toBe(404);
  });
});

describe('quotas', () => {
  it('refuses an upload that would pass the per-user quota before it starts, with how much is free', async () => {
    const root = (await storages(head)).my.rootId;
    const used = (await head.get('/api/drive/quota')).json().user.used;
    expect((await head.put('/api/drive/quota', { portalBytes: null, userBytes: used + 100 })).statusCode).toBe(403);
    expect((await admin.put('/api/drive/quota', { portalBytes: null, userBytes: used + 100 })).statusCode).toBe(200);
    const check = await head.post('/api/drive/uploads/check', { folderId: root, files: [{ name: 'big.bin', size: 500 }] });
    expect(check.statusCode).toBe(413);
    expect(check.json().error.message).toBe('Недостаточно места на вашем диске: свободно 100 Б, нужно 500 Б');
    expect((await startUpload(head, root, 'big.bin', 500)).statusCode).toBe(413);
    expect((await startUpload(head, root, 'small.bin', 50)).statusCode).toBe(201);
    // The upload under way holds its bytes: a second one may not take them too.
    expect((await startUpload(head, root, 'small2.bin', 60)).statusCode).toBe(413);
    await admin.put('/api/drive/quota', { portalBytes: null, userBytes: null });
  });
});

describe('the drive elsewhere: attachments', () => {
  it('«Выбрать на Диске»: a file one may read becomes one’s own attachment of the same content; others’ files stay «not found»', async () => {
    const root = (await storages(head)).my.rootId;
    const folder = await mkdir(head, root, 'Для вложений');
    const f = await upload(head, folder.id, 'скрипт.txt', 'Здравствуйте, это компания «Вавилон»');
    expect((await employee.post(`/api/drive/items/${f.id}/attach`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/drive/items/${f.id}/attach`)).statusCode).toBe(404);
    await head.put(`/api/drive/items/${folder.id}/shares`, { shares: [{ type: 'user', id: p.users.employee.id, right: 'read' }] });
    const picked = await employee.post(`/api/drive/items/${f.id}/attach`);
    expect(picked.statusCode, picked.body).toBe(200);
    const info = picked.json() as { id: number; name: string; size: number };
    expect(info).toMatchObject({ name: 'скрипт.txt', size: f.size });
    expect(info.id).not.toBe(f.fileId);
    expect((await employee.get(`/api/files/${info.id}`)).body).toBe('Здравствуйте, это компания «Вавилон»');
    // A later version does not change what was attached.
    await upload(head, folder.id, 'скрипт.txt', 'вторая версия');
    expect((await employee.get(`/api/files/${info.id}`)).body).toBe('Здравствуйте, это компания «Вавилон»');
    const dir = await head.post('/api/drive/items/' + folder.id + '/attach');
    expect(dir.statusCode).toBe(400);
  });

  it('keeps what one attaches in «Мой диск» › «Загруженные файлы», counted in the quota; other uploads stay off the drive', async () => {
    const me = (await storages(other)).my.rootId;
    const before = (await other.get('/api/drive/quota')).json().user.used;
    const sent = await uploadFile(t, other, 'вложение к сделке', 'договор.txt', 'text/plain', '/api/files?purpose=attachment');
    expect(sent.statusCode, sent.body).toBe(200);
    const plain = await uploadFile(t, other, 'просто файл', 'фото.txt', 'text/plain');
    expect(plain.statusCode).toBe(200);
    await t.platform.events.drain();
    await t.platform.events.drain();
    const top = (await folderOf(other, me)).items as { id: number; name: string }[];
    const kept = top.find((i) => i.name === 'Загруженные файлы');
    expect(kept).toBeDefined();
    const inside = (await folderOf(other, kept!.id)).items as { name: string; fileId: number }[];
    expect(inside.map((i) => i.name)).toEqual(['договор.txt']);
    expect(inside[0]!.fileId).toBe(sent.json().id);
    expect((await other.get('/api/drive/quota')).json().user.used).toBe(before + Buffer.byteLength('вложение к сделке'));
    expect((await uploadFile(t, other, 'x', 'x.txt', 'text/plain', '/api/files?purpose=everything')).statusCode).toBe(400);
  });
});

describe('file types and unfinished uploads', () => {
  it('refuses a type the administrator blocked, before a byte is sent, and keeps the list when only quotas change', async () => {
    const root = (await storages(employee)).my.rootId;
    expect((await admin.put('/api/drive/quota', { portalBytes: null, userBytes: null, blockedTypes: ['EXE', '.bat'] })).json().blockedTypes).toEqual(['exe', 'bat']);
    const bad = await admin.put('/api/drive/quota', { portalBytes: null, userBytes: null, blockedTypes: ['e x e'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].message).toBe('Укажите расширение файла: латинские буквы и цифры, например «exe»');
    await admin.put('/api/drive/quota', { portalBytes: null, userBytes: null });
    expect((await employee.get('/api/drive/quota')).json().blockedTypes).toEqual(['exe', 'bat']);
    const check = await employee.post('/api/drive/uploads/check', { folderId: root, files: [{ name: 'setup.EXE', size: 10 }] });
    expect(check.statusCode).toBe(400);
    expect(check.json().error.fields[0]).toMatchObject({ field: 'files', message: 'Файлы типа «.exe» загружать на Диск запрещено администратором' });
    const started = await startUpload(employee, root, 'run.bat', 10);
    expect(started.statusCode).toBe(400);
    expect(started.json().error.fields[0].field).toBe('filename');
    expect((await startUpload(employee, root, 'exe.txt', 10)).statusCode).toBe(201);
    await admin.put('/api/drive/quota', { portalBytes: null, userBytes: null, blockedTypes: [] });
    expect((await startUpload(employee, root, 'setup.exe', 10)).statusCode).toBe(201);
  });

  it('tells before an upload which names the folder has as files already, whatever their case', async () => {
    const root = (await storages(other)).my.rootId;
    const box = await mkdir(other, root, 'Проверка имён');
    await upload(other, box.id, 'Смета.txt', 'смета');
    await mkdir(other, box.id, 'архив');
    const check = await other.post('/api/drive/uploads/check', {
      folderId: box.id,
      files: [
        { name: 'смета.TXT', size: 1 },
        { name: 'архив', size: 1 },
        { name: 'новый.txt', size: 1 },
      ],
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().taken).toEqual(['Смета.txt']);
  });

  it('ends an upload left unfinished after two days: its bytes go and it no longer holds the quota', async () => {
    const root = (await storages(stranger)).my.rootId;
    const created = await startUpload(stranger, root, 'брошенный.bin', 1000);
    expect(created.statusCode).toBe(201);
    const location = String(created.headers.location);
    expect((await sendChunk(stranger, location, 0, Buffer.alloc(400, 1))).statusCode).toBe(204);
    const id = location.split('/').pop()!;
    expect(fs.existsSync(`${t.config.dataDir}/uploads/${id}`)).toBe(true);
    await t.platform.jobs.runDue(new Date(Date.now() + 86_400_000));
    expect((await stranger.request('HEAD', location, undefined, { 'tus-resumable': '1.0.0' })).statusCode).toBe(200);
    await t.platform.jobs.runDue(new Date(Date.now() + 3 * 86_400_000));
    expect((await stranger.request('HEAD', location, undefined, { 'tus-resumable': '1.0.0' })).statusCode).toBe(404);
    expect(fs.existsSync(`${t.config.dataDir}/uploads/${id}`)).toBe(false);
    const folder = (await folderOf(stranger, root)).items as { name: string }[];
    expect(folder.map((i) => i.name)).not.toContain('брошенный.bin');
  });
});

/** A one-page PDF whose page says `text` (Latin letters, the standard Helvetica). */
const textPdf = (text: string) => minimalPdf({ width: 612, height: 792, content: `BT /F1 18 Tf 72 700 Td (${text}) Tj ET`, font: true });

describe('portal search in the drive', () => {
  const found = async (a: Agent, q: string) => {
    const res = await a.get(`/api/search?q=${encodeURIComponent(q)}&limit=10`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().groups as { kind: string; items: { title: string }[] }[]).find((g) => g.kind === 'drive.item')?.items.map((i) => i.title) ?? [];
  };
  const settle = async () => {
    await t.platform.events.drain();
    await t.platform.jobs.runDue();
    await t.platform.events.drain();
  };

  it('finds files by the words inside a PDF or a text file, in their word forms, for those who may open them only', async () => {
    const root = (await storages(head)).my.rootId;
    await upload(head, root, 'квартал.pdf', textPdf('Quarterly zebrawood pipelines'));
    await upload(head, root, 'заметки.txt', 'Сценарий обзвона: возражения клиентов о гиперболоидах');
    await upload(head, root, 'пустой.pdf', textPdf(''));
    await settle();
    expect(await found(head, 'zebrawood')).toEqual(['квартал.pdf']);
    expect(await found(head, 'pipeline')).toEqual(['квартал.pdf']);
    expect(await found(head, 'гиперболоид')).toEqual(['заметки.txt']);
    expect(await found(employee, 'zebrawood')).toEqual([]);
    expect(await found(stranger, 'гиперболоид')).toEqual([]);
    // The same content again is found under its new name too.
    await upload(head, root, 'копия.pdf', textPdf('Quarterly zebrawood pipelines'));
    await settle();
    expect((await found(head, 'zebrawood')).sort()).toEqual(['квартал.pdf', 'копия.pdf']);
  });
});
