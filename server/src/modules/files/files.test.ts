import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addField, clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../test/crm/clients-fixtures.js';
import { agent, buildPortal, signIn, startTestApp } from '../../../test/harness.js';
import { pngBytes, uploadFile } from '../../../test/files-support.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  // «other» sees only the CRM items they are responsible for.
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const blobsOnDisk = () => {
  const root = path.join(w.t.config.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((d) => d !== 'tmp')
    .flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => path.join(d, f)));
};
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('file store', () => {
  it('uploads and downloads a file: the same bytes, streamed from its content-addressed place', async () => {
    const content = pngBytes(3 * 1024 * 1024 + 17);
    const info = ok(await uploadFile(w.t, w.employee, content, 'Схема склада.png', 'image/png'));
    expect(info).toMatchObject({ name: 'Схема склада.png', size: content.length, mime: 'image/png' });
    const hash = sha(content);
    const onDisk = path.join(w.t.config.dataDir, 'files', hash.slice(0, 2), hash);
    expect(fs.readFileSync(onDisk).equals(content)).toBe(true);
    // Nothing left behind in the temp folder.
    expect(fs.readdirSync(path.join(w.t.config.dataDir, 'files', 'tmp'))).toEqual([]);

    const res = await w.employee.get(`/api/files/${info.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(content)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(content.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-disposition'])).toMatch(/^inline; filename="_+ _+\.png"; filename\*=UTF-8''%D0%A1/);
    expect(ok(await w.employee.get(`/api/files/${info.id}/meta`))).toEqual(info);
  });

  it('stores the same content once on disk, however many times it is uploaded', async () => {
    const content = crypto.randomBytes(5000);
    const before = blobsOnDisk().length;
    const a = ok(await uploadFile(w.t, w.employee, content, 'a.bin'));
    const b = ok(await uploadFile(w.t, w.head, content, 'b.bin'));
    expect(a.id).not.toBe(b.id);
    expect(blobsOnDisk().length).toBe(before + 1);
    const rows = await w.t.platform.db.selectFrom('file').select(['sha256', 'portal_id', 'created_by']).where('id', 'in', [a.id, b.id]).execute();
    expect(new Set(rows.map((r) => r.sha256))).toEqual(new Set([sha(content)]));
    expect(rows.map((r) => r.created_by).sort()).toEqual([w.p.users.employee.id, w.p.users.head.id].sort());
  });

  it("tells the type by the content, never by the client's header, and serves anything but images as an attachment", async () => {
    const html = ok(await uploadFile(w.t, w.employee, '<html><script>alert(1)</script></html>', 'picture.png', 'image/png'));
    expect(html.mime).toBe('application/octet-stream');
    const dl = await w.employee.get(`/api/files/${html.id}`);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment; /);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');

    expect(ok(await uploadFile(w.t, w.employee, pngBytes(10), 'page.html', 'text/html')).mime).toBe('image/png');
    expect(ok(await uploadFile(w.t, w.employee, Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(50)]), 'a.pdf', 'text/plain')).mime).toBe('application/pdf');
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('[Content_Types].xml'), crypto.randomBytes(40), Buffer.from('PK\x03\x04word/document.xml')]);
    expect(ok(await uploadFile(w.t, w.employee, docx, 'd.docx')).mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const svg = ok(await uploadFile(w.t, w.employee, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'x.svg', 'image/svg+xml'));
    expect(svg.mime).toBe('application/octet-stream');
  });

  it('cleans the file name of paths and control characters', async () => {
    const f = ok(await uploadFile(w.t, w.employee, 'отчёт', '../../etc/Отчёт\u0007 за <май>.txt'));
    expect(f.name).toBe('Отчёт за май.txt');
    expect(ok(await uploadFile(w.t, w.employee, 'x', '...')).name).toBe('file');
  });

  it('refuses an empty file and a request without a file, in Russian', async () => {
    const empty = await uploadFile(w.t, w.employee, Buffer.alloc(0), 'empty.txt');
    expect(empty.statusCode).toBe(400);
    expect(fieldErrors(empty).file).toBe('Файл пустой');
    const json = await w.employee.post('/api/files', { name: 'x' });
    expect(json.statusCode).toBe(400);
    expect(fieldErrors(json).file).toBe('Выберите файл');
  });

  it('answers 404 to another portal, and 401 without a session', async () => {
    const f = ok(await uploadFile(w.t, w.employee, 'секрет', 'secret.txt'));
    for (const url of [`/api/files/${f.id}`, `/api/files/${f.id}/meta`]) {
      const res = await w.stranger.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe('Не найдено');
      expect(res.body).not.toContain('секрет');
    }
    expect((await agent(w.t, w.p.portal.name).get(`/api/files/${f.id}`)).statusCode).toBe(401);
    // A colleague with no item referring to the file does not see it either.
    expect((await w.head.get(`/api/files/${f.id}`)).statusCode).toBe(404);
  });
});

describe('files in CRM custom fields', () => {
  it('accepts only files of the portal the actor uploaded, and lets readers of the item download them', async () => {
    await addField(w.t, w.p, { entity: 'company', code: 'uf_contract', label: 'Договор', type: 'file' });
    const missing = await w.employee.post('/api/crm/companies', { title: 'ООО «Без файла»', custom: { uf_contract: 2_000_000_000 } });
    expect(missing.statusCode).toBe(400);
    expect(fieldErrors(missing)['custom.uf_contract']).toBe('Файл не найден: загрузите его заново');

    const foreign = ok(await uploadFile(w.t, w.stranger, 'чужой договор', 'foreign.txt'));
    const cross = await w.employee.post('/api/crm/companies', { title: 'ООО «Чужой файл»', custom: { uf_contract: foreign.id } });
    expect(cross.statusCode).toBe(400);
    const colleagues = ok(await uploadFile(w.t, w.head, 'договор коллеги', 'head.txt'));
    expect((await w.employee.post('/api/crm/companies', { title: 'ООО «Файл коллеги»', custom: { uf_contract: colleagues.id } })).statusCode).toBe(400);

    const mine = ok(await uploadFile(w.t, w.employee, 'договор', 'Договор.pdf'));
    const company = ok(await w.employee.post('/api/crm/companies', { title: 'ООО «С договором»', custom: { uf_contract: mine.id } }));
    expect(company.custom.uf_contract).toBe(mine.id);
    // The head may read the company: the file is theirs to download; an own-scope user's is not.
    expect((await w.head.get(`/api/files/${mine.id}`)).body).toBe('договор');
    expect((await w.other.get(`/api/files/${mine.id}`)).statusCode).toBe(404);
    // Someone else may save the card with the file already on it.
    const again = await w.admin.patch(`/api/crm/companies/${company.id}`, { version: company.version, title: 'ООО «С договором»+', custom: { uf_contract: mine.id } });
    expect(again.statusCode).toBe(200);
  });
});

describe('upload size limit', () => {
  it('refuses a file over the limit with 413 in Russian, and keeps nothing of it', async () => {
    const t = await startTestApp({ maxFileBytes: 1024 * 1024 });
    try {
      const p = await buildPortal(t);
      const me = await signIn(t, p.portal.name, p.users.employee.email);
      const res = await uploadFile(t, me, crypto.randomBytes(1024 * 1024 + 512 * 1024), 'big.bin');
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'payload_too_large', message: 'Файл больше 1 МБ' });
      expect(await t.platform.db.selectFrom('file').select('id').execute()).toEqual([]);
      const root = path.join(t.config.dataDir, 'files');
      const kept = fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)));
      expect(kept).toEqual([]);
      // Just under the limit is fine.
      expect(ok(await uploadFile(t, me, crypto.randomBytes(1024 * 1024 - 1), 'fits.bin')).size).toBe(1024 * 1024 - 1);
    } finally {
      await t.dispose();
    }
  });
});
