import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { pngBytes } from '../../../test/files-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp({ lockAddressAfter: 1000 });
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  other = await signIn(t, p.portal.name, p.users.other.email);
});
afterAll(() => t?.dispose());

/** «Загрузить фото» as the browser sends it: multipart/form-data with one `file` part. */
function sendPhoto(a: Agent, userId: number, content: Buffer, fileName = 'photo.jpg', type = 'image/jpeg') {
  const boundary = `----photo-test-${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return a.request('POST', `/api/users/${userId}/photo`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const jpegBytes = (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(size)]);
const webpBytes = (size = 2048) => Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBP'), crypto.randomBytes(size)]);

describe('profile photo upload', () => {
  it('stores the user’s own photo and shows it to colleagues: the profile, the directory and /me point at it', async () => {
    const content = jpegBytes();
    const res = await sendPhoto(employee, p.users.employee.id, content);
    expect(res.statusCode, res.body).toBe(200);
    const photoUrl = res.json().photoUrl as string;
    expect(photoUrl).toMatch(/^\/api\/files\/\d+$/);

    // Read back by a colleague: the same bytes, served as an image.
    const back = await other.get(photoUrl);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(back.rawPayload.equals(content)).toBe(true);

    expect((await other.get(`/api/users/${p.users.employee.id}`)).json().photoUrl).toBe(photoUrl);
    const list = (await other.get('/api/users?pageSize=50')).json().items as { id: number; photoUrl: string | null }[];
    expect(list.find((u) => u.id === p.users.employee.id)?.photoUrl).toBe(photoUrl);
    expect((await employee.get('/api/auth/me')).json().user.photoUrl).toBe(photoUrl);
  });

  it('takes PNG and WebP too, told by their content', async () => {
    for (const [bytes, mime] of [
      [pngBytes(), 'image/png'],
      [webpBytes(), 'image/webp'],
    ] as const) {
      const res = await sendPhoto(other, p.users.other.id, bytes, 'photo.bin', 'application/octet-stream');
      expect(res.statusCode, res.body).toBe(200);
      expect((await employee.get(res.json().photoUrl)).headers['content-type']).toBe(mime);
    }
  });

  it('refuses a file that is not a PNG, JPEG or WebP image by its content, with 400 and a message under the field', async () => {
    const before = (await employee.get(`/api/users/${p.users.employee.id}`)).json().photoUrl;
    for (const [content, name, type] of [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'photo.svg', 'image/svg+xml'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg'],
      [Buffer.concat([Buffer.from('GIF89a'), crypto.randomBytes(64)]), 'photo.gif', 'image/gif'],
    ] as const) {
      const res = await sendPhoto(employee, p.users.employee.id, content, name, type);
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'file', message: 'Фото должно быть картинкой PNG, JPEG или WebP' }]);
    }
    expect((await employee.get(`/api/users/${p.users.employee.id}`)).json().photoUrl).toBe(before);
  });

  it('refuses a photo larger than 5 MB with a message', async () => {
    const res = await sendPhoto(employee, p.users.employee.id, jpegBytes(5 * 1024 * 1024 + 10));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/5 МБ/);
  });

  it('lets an employee change only their own photo; an administrator changes anyone’s', async () => {
    const refused = await sendPhoto(employee, p.users.other.id, jpegBytes());
    expect(refused.statusCode).toBe(403);
    const byAdmin = await sendPhoto(admin, p.users.head.id, jpegBytes());
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await employee.get(`/api/users/${p.users.head.id}`)).json().photoUrl).toBe(byAdmin.json().photoUrl);
  });

  it('keeps photos within their portal', async () => {
    const mine = (await sendPhoto(employee, p.users.employee.id, jpegBytes())).json().photoUrl as string;
    const q = await buildPortal(t);
    const stranger = await signIn(t, q.portal.name, q.users.admin.email);
    expect((await stranger.get(mine)).statusCode).toBe(404);
    expect((await sendPhoto(stranger, p.users.employee.id, jpegBytes())).statusCode).toBe(404);
  });
});
