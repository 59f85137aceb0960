import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { nowIso } from '../../../platform/db/database.js';
import { rebuildPortal } from '../../search/indexer.js';
import { systemCtxFor } from '../../../../test/support.js';
import { addRole, fieldErrors, innFor, ok, parseCsvText, permissions, world, type World } from '../../../../test/crm/transfer-fixtures.js';

let w: World;
let segment: { code: string; options: { id: string; label: string }[] };
const BULK = 2345;

beforeAll(async () => {
  w = await world();
  segment = ok(await w.admin.post('/api/crm/fields', { entityType: 'company', label: 'Сегмент', type: 'list', options: [{ label: 'Малый' }, { label: 'Крупный' }] }));
  const add = (body: Record<string, unknown>) => w.admin.post('/api/crm/companies', body).then((r) => ok(r));
  await add({
    title: 'Альфа-Строй',
    inn: innFor(1),
    revenue: '1250000.50',
    industry: 'Строительство',
    phones: [{ type: 'work', value: '+7 495 111-22-33' }],
    responsibleId: w.p.users.employee.id,
    custom: { [segment.code]: segment.options[1]!.id },
  });
  await add({ title: 'Альфа; Бета "Групп"', inn: innFor(2), revenue: '99.90', responsibleId: w.p.users.other.id });
  await add({ title: 'Гамма', inn: innFor(3), responsibleId: w.p.users.employee.id });
  await add({ title: '=HYPERLINK("x")', responsibleId: w.p.users.admin.id });
  // A larger list, written straight to the table, to walk more than one page of the export.
  const now = nowIso();
  const rows = Array.from({ length: BULK }, (_, i) => ({
    portal_id: w.p.portal.id,
    title: `Массовая ${String(i).padStart(5, '0')}`,
    industry: i % 7 === 0 ? null : `Отрасль ${i % 5}`,
    revenue: null,
    revenue_currency: 'RUB',
    address: '',
    inn: null,
    kpp: null,
    ogrn: null,
    phones: '[]',
    emails: '[]',
    websites: '[]',
    messengers: '[]',
    responsible_id: i % 3 ? w.p.users.employee.id : w.p.users.head.id,
    source: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    utm_content: null,
    utm_term: null,
    first_touch_at: null,
    comments: '',
    custom: '{}',
    search_text: `массовая ${i}`,
    created_by: null,
    created_at: now,
    updated_at: now,
    version: 1,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await w.t.platform.db
      .insertInto('crm_company')
      .values(rows.slice(i, i + 200))
      .execute();
  // Written past the services: the portal's index is rebuilt, as an install does after a bulk load.
  await rebuildPortal(systemCtxFor(w.t, w.p.portal), ['crm.company']);
});
afterAll(() => w?.t.dispose());

function csvOf(res: LightMyRequestResponse): string[][] {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  const text = res.rawPayload.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parseCsvText(text.slice(1));
}

async function xlsxOf(res: LightMyRequestResponse): Promise<unknown[][]> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('export of the current list', () => {
  const query = `search=${encodeURIComponent('альфа')}&sort=title&order=asc&columns=title,inn,revenue,responsible,phones,${'SEG'}`;

  it('writes the filtered, sorted list with the chosen columns as CSV for Excel', async () => {
    const res = await w.admin.get(`/api/crm/company/export?format=csv&${query.replace('SEG', segment.code)}`);
    const rows = csvOf(res);
    expect(rows[0]).toEqual(['Название компании', 'ИНН', 'Выручка', 'Ответственный', 'Телефон', 'Сегмент']);
    expect(rows.slice(1)).toEqual([
      ['Альфа-Строй', innFor(1), '1250000,50', 'Иван Сотрудников', '+7 495 111-22-33', 'Крупный'],
      ['Альфа; Бета "Групп"', innFor(2), '99,90', 'Мария Другова', '', ''],
    ]);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="crm-company-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^Компании-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('writes only the selected rows when the group action names them', async () => {
    const all = csvOf(await w.admin.get(`/api/crm/company/export?format=csv&${query.replace('SEG', segment.code)}`));
    const list = (await w.admin.get(`/api/crm/company/list?${query.replace('SEG', segment.code)}`)).json().items as { id: number; title: string }[];
    const picked = list.find((r) => r.title === 'Альфа-Строй')!;
    const rows = csvOf(await w.admin.get(`/api/crm/company/export?format=csv&${query.replace('SEG', segment.code)}&ids=${picked.id}`));
    expect(all.length).toBe(3);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Альфа-Строй']);
    expect((await w.admin.get('/api/crm/company/export?ids=1,x')).statusCode).toBe(400);
  });

  it('writes the same list as xlsx, money as numbers', async () => {
    const rows = await xlsxOf(await w.admin.get(`/api/crm/company/export?format=xlsx&${query.replace('SEG', segment.code)}`));
    expect(rows[0]).toEqual(['Название компании', 'ИНН', 'Выручка', 'Ответственный', 'Телефон', 'Сегмент']);
    expect(rows[1]).toEqual(['Альфа-Строй', innFor(1), 1250000.5, 'Иван Сотрудников', '+7 495 111-22-33', 'Крупный']);
    expect(rows[2]!.slice(0, 4)).toEqual(['Альфа; Бета "Групп"', innFor(2), 99.9, 'Мария Другова']);
    expect(rows.length).toBe(3);
  });

  it('keeps a formula out of Excel and uses the default columns when none are chosen', async () => {
    const rows = csvOf(await w.admin.get(`/api/crm/company/export?search=${encodeURIComponent('hyperlink')}`));
    expect(rows[0]).toEqual(['Название компании', 'Ответственный', 'Путь клиента', 'Дата создания']);
    expect(rows[1]![0]).toBe(`'=HYPERLINK("x")`);
    expect(rows[1]![3]).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
  });

  it('walks every page in the list order, rows without a value last', async () => {
    const byIndustry = csvOf(await w.admin.get(`/api/crm/company/export?search=${encodeURIComponent('массовая')}&sort=industry&order=asc&columns=id,title,industry`));
    const data = byIndustry.slice(1);
    expect(data.length).toBe(BULK);
    expect(new Set(data.map((r) => r[0])).size).toBe(BULK);
    const industries = data.map((r) => r[2]);
    const firstEmpty = industries.indexOf('');
    expect(industries.slice(firstEmpty).every((v) => v === '')).toBe(true);
    expect(industries.slice(0, firstEmpty)).toEqual([...industries.slice(0, firstEmpty)].sort());
    expect(industries.filter((v) => v === '').length).toBe(Math.ceil(BULK / 7));
    // Within one industry, by id (the list's tie-break).
    const ids = data.filter((r) => r[2] === 'Отрасль 1').map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const desc = csvOf(await w.admin.get(`/api/crm/company/export?search=${encodeURIComponent('массовая')}&columns=id`))
      .slice(1)
      .map((r) => Number(r[0]));
    expect(desc.length).toBe(BULK);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const byTitleDesc = csvOf(await w.admin.get(`/api/crm/company/export?search=${encodeURIComponent('массовая')}&sort=title&order=desc&columns=title`))
      .slice(1)
      .map((r) => r[0]);
    expect(byTitleDesc[0]).toBe(`Массовая ${String(BULK - 1).padStart(5, '0')}`);
    expect(byTitleDesc.at(-1)).toBe('Массовая 00000');
    expect(new Set(byTitleDesc).size).toBe(BULK);
  });

  it('narrows the rows to what the export right allows, and refuses without it', async () => {
    await addRole(w, 'Экспорт своих', permissions('all', { export: 'own' }), [w.p.users.employee.id]);
    await addRole(w, 'Без экспорта', permissions('all', { export: 'none' }), [w.p.users.other.id]);
    await addRole(w, 'Читает своё', permissions('own', { export: 'all' }), [w.p.users.head.id]);
    const own = csvOf(await w.employee.get(`/api/crm/company/export?search=${encodeURIComponent('альфа')}&columns=title,responsible`)).slice(1);
    expect(own).toEqual([['Альфа-Строй', 'Иван Сотрудников']]);
    const bulk = csvOf(await w.employee.get(`/api/crm/company/export?search=${encodeURIComponent('массовая')}&columns=id`)).slice(1);
    expect(bulk.length).toBe(BULK - Math.ceil(BULK / 3));
    // Exporting everything does not reveal what the user may not read.
    const head = csvOf(await w.head.get('/api/crm/company/export?columns=responsible')).slice(1);
    expect(new Set(head.map((r) => r[0]))).toEqual(new Set(['Ольга Начальникова']));
    const refused = await w.other.get('/api/crm/company/export');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Недостаточно прав');
  });

  it('refuses unknown columns and fields the user may not read', async () => {
    const res = await w.admin.get('/api/crm/company/export?columns=title,nope');
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res).columns).toBe('Нет такого столбца: nope');
    const role = await addRole(w, 'Закрытое поле', permissions('all'), []);
    const hidden = ok(await w.admin.post('/api/crm/fields', { entityType: 'company', label: 'Скрытое', type: 'string', readRoles: [role.id] }));
    expect((await w.employee.get(`/api/crm/company/export?columns=title,${hidden.code}`)).statusCode).toBe(400);
    expect((await w.admin.get(`/api/crm/company/export?columns=title,${hidden.code}`)).statusCode).toBe(200);
    expect((await w.admin.get('/api/crm/company/export?format=pdf')).statusCode).toBe(400);
  });

  it('exports deals of a stage with stage names and amounts', async () => {
    const stages = await w.t.platform.db
      .selectFrom('crm_stage')
      .innerJoin('crm_pipeline', 'crm_pipeline.id', 'crm_stage.pipeline_id')
      .select(['crm_stage.id', 'crm_stage.name'])
      .where('crm_stage.portal_id', '=', w.p.portal.id)
      .where('crm_pipeline.code', '=', 'sales')
      .orderBy('crm_stage.sort')
      .execute();
    const deal = (title: string, stageId: number, amount: string) => w.admin.post('/api/crm/deals', { title, stageId, amount }).then((r) => ok(r));
    await deal('Выгрузка 1', stages[0]!.id, '1000');
    await deal('Выгрузка 2', stages[1]!.id, '2500.75');
    await deal('Выгрузка 3', stages[1]!.id, '10');
    const rows = csvOf(await w.admin.get(`/api/crm/deal/export?stageId=${stages[1]!.id}&sort=amount&order=desc&columns=title,stage,amount`));
    expect(rows).toEqual([
      ['Название', 'Стадия', 'Сумма'],
      ['Выгрузка 2', stages[1]!.name, '2500,75'],
      ['Выгрузка 3', stages[1]!.name, '10,00'],
    ]);
    // The list route of the same type still answers beside the export route.
    expect((await w.admin.get('/api/crm/deal/list')).statusCode).toBe(200);
  });
});
