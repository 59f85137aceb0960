import { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { departmentByName } from '../users/api.js';
import { actorFor } from '../users/api.js';
import { itemWith } from './access.js';
import { createFolder } from './service.js';
import { createLink } from './links.js';
import { setShares } from './shares.js';
import { ensureStorage } from './storages.js';
import { putFile } from './versions.js';

/** A one-page PDF with a line of text: enough for the viewer and the preview. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 60 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function put(as: Ctx, folderId: number, name: string, content: Buffer | string) {
  const folder = await itemWith(as, folderId, 'edit');
  const blob = await as.sys.blobs.put(Readable.from([Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')]));
  return putFile(as, folder, name, blob, 'version');
}

/**
 * «Общий диск» with the company's rules and price list, and the telemarketing head's drive: call
 * scripts in two versions, a folder shared with her department, a report with a public link.
 */
export async function seedDemoDrive(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const adminId = seed.users.admin;
  const headTm = seed.users.headTm;
  if (!adminId || !headTm) return;
  const admin: Ctx = { ...ctx, actor: await actorFor(ctx, adminId) };
  const common = await ensureStorage(admin, 'common', 0);
  const rules = await createFolder(admin, common.root_id!, 'Регламенты');
  await put(admin, rules.id, 'Правила внутреннего распорядка.txt', 'Рабочий день с 9:00 до 18:00, обед с 13:00 до 14:00.\nОтпуск согласуется с руководителем за две недели.\n');
  await put(admin, rules.id, 'Прайс-лист 2026.pdf', pdf('Price list 2026'));
  await createFolder(admin, common.root_id!, 'Шаблоны договоров');

  const head: Ctx = { ...ctx, actor: await actorFor(ctx, headTm) };
  const own = await ensureStorage(head, 'user', headTm);
  const scripts = await createFolder(head, own.root_id!, 'Скрипты звонков');
  await put(head, scripts.id, 'Скрипт холодного звонка.txt', 'Здравствуйте! Меня зовут …, компания «Вавилон». Удобно говорить?\n');
  await put(head, scripts.id, 'Скрипт холодного звонка.txt', 'Здравствуйте! Меня зовут …, компания «Вавилон». Мы проектируем интерьеры офисов. Удобно говорить?\n');
  await put(head, scripts.id, 'Возражения и ответы.txt', '«Дорого» — расскажите, с чем сравниваете.\n«Нет времени» — когда удобно перезвонить?\n');
  const department = await departmentByName(ctx, 'Отдел телемаркетинга');
  if (department) await setShares(head, scripts.id, { shares: [{ type: 'department', id: department, right: 'read' }] });
  const reports = await createFolder(head, own.root_id!, 'Отчёты');
  const report = await put(head, reports.id, 'Итоги обзвона, ноябрь.pdf', pdf('Calls, November: 412 calls, 37 meetings'));
  await createLink(head, report.id, { downloadOnly: false });
}
