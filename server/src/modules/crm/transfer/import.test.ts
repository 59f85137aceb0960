import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { reopenTestApp, signIn, type TestApp } from '../../../../test/harness.js';
import { waitFor } from '../../../../test/support.js';
import { runImport } from './import-job.js';
import { addRole, csv, fieldErrors, innFor, ok, permissions, runJobs, upload, world, type World } from '../../../../test/crm/transfer-fixtures.js';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w?.t.dispose());

const db = () => w.t.platform.db;
const portalId = () => w.p.portal.id;

async function importFile(a = w.admin, entity: string, name: string, content: string | Buffer, mapping?: Record<string, string>, duplicatePolicy: 'skip' | 'update' | 'create' = 'skip') {
  const up = ok(await upload(a, `/api/crm/${entity}/import`, name, content));
  const started = ok(await a.post(`/api/crm/imports/${up.importId}/start`, { mapping: mapping ?? up.suggestedMapping, duplicatePolicy }));
  return { up, started };
}

async function status(id: number, a = w.admin) {
  return ok(await a.get(`/api/crm/imports/${id}`));
}

describe('upload, preview and mapping', () => {
  it('reads a Windows-1251 CSV with `;` and suggests the mapping by the Russian headers', async () => {
    const text = csv([
      ['Название компании', 'ИНН', 'Телефон', 'E-mail', 'Выручка', 'Что-то своё'],
      ['ООО «Альфа»', '7707083893', '+7 495 111-22-33', 'a@alfa.ru', '1 250 000,50', 'x'],
      ['ООО «Бета»', '', '', 'b@beta.ru', '', 'y'],
    ]);
    const bytes = encodeCp1251(text);
    const up = ok(await upload(w.admin, '/api/crm/company/import', 'компании.csv', bytes));
    expect(up.format).toBe('csv');
    expect(up.columns).toEqual(['Название компании', 'ИНН', 'Телефон', 'E-mail', 'Выручка', 'Что-то своё']);
    expect(up.totalRows).toBe(2);
    expect(up.preview[0]).toEqual(['ООО «Альфа»', '7707083893', '+7 495 111-22-33', 'a@alfa.ru', '1 250 000,50', 'x']);
    expect(up.suggestedMapping).toEqual({ 'Название компании': 'title', ИНН: 'inn', Телефон: 'phone', 'E-mail': 'email', Выручка: 'revenue' });
    expect(up.fileName).toBe('компании.csv');
    expect(up.fields.find((f: { key: string }) => f.key === 'title')).toMatchObject({ label: 'Название компании', required: true });
  });

  it('reads a UTF-8 CSV with a BOM and `,` separators, quoted cells and repeated headers', async () => {
    const text =
      '\uFEFF' +
      csv(
        [
          ['Фамилия', 'Имя', 'Телефон', 'Телефон'],
          ['Петров', 'Пётр', '+79161234567', '"8 (495) 000-00-01"'],
          ['Иванова, мл.', 'Анна', '', ''],
        ],
        ',',
      );
    const up = ok(await upload(w.admin, '/api/crm/contact/import', 'contacts.csv', text));
    expect(up.columns).toEqual(['Фамилия', 'Имя', 'Телефон', 'Телефон (2)']);
    expect(up.preview[1]![0]).toBe('Иванова, мл.');
    expect(up.suggestedMapping).toEqual({ Фамилия: 'lastName', Имя: 'firstName', Телефон: 'phone', 'Телефон (2)': 'phone' });
  });

  it('refuses what is neither CSV nor xlsx, and an empty table', async () => {
    const binary = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 1, 2, 3]); // an old .xls
    const bad = await upload(w.admin, '/api/crm/company/import', 'old.xls', binary, 'application/vnd.ms-excel');
    expect(bad.statusCode).toBe(400);
    expect(fieldErrors(bad).file).toBe('Файл не удалось прочитать: нужен CSV или Excel (xlsx)');
    const fakeZip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]);
    const broken = await upload(w.admin, '/api/crm/company/import', 'broken.xlsx', fakeZip);
    expect(broken.statusCode).toBe(400);
    expect(fieldErrors(broken).file).toBe('Файл не удалось прочитать: нужен CSV или Excel (xlsx)');
    const empty = await upload(w.admin, '/api/crm/company/import', 'empty.csv', 'Название;ИНН\r\n');
    expect(empty.statusCode).toBe(400);
    expect(fieldErrors(empty).file).toBe('В файле нет строк с данными');
    // A quote that never closes would swallow the rest of the file into one cell.
    const unclosed = await upload(w.admin, '/api/crm/company/import', 'unclosed.csv', 'Название;ИНН\r\n"Альфа;1\r\nБета;2\r\n');
    expect(unclosed.statusCode).toBe(400);
    expect(fieldErrors(unclosed).file).toBe('Файл не удалось прочитать: нужен CSV или Excel (xlsx)');
    const none = await w.admin.post('/api/crm/company/import', { file: 'x' });
    expect(none.statusCode).toBe(400);
    expect(fieldErrors(none).file).toBe('Выберите файл для импорта');
  });

  it('refuses a file over 50 MB', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 10, 'a;b\r\n');
    const res = await upload(w.admin, '/api/crm/company/import', 'big.csv', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toBe('Файл больше 50 МБ');
  });

  it('checks the mapping: known columns, known fields, the fields a new item needs', async () => {
    const up = ok(
      await upload(
        w.admin,
        '/api/crm/company/import',
        'c.csv',
        csv([
          ['Название', 'ИНН'],
          ['А', ''],
        ]),
      ),
    );
    const url = `/api/crm/imports/${up.importId}/start`;
    const unknownColumn = await w.admin.post(url, { mapping: { Нет: 'title' } });
    expect(unknownColumn.statusCode).toBe(400);
    expect(fieldErrors(unknownColumn)['mapping.Нет']).toBe('В файле нет столбца «Нет»');
    const unknownField = await w.admin.post(url, { mapping: { Название: 'nonsense' } });
    expect(fieldErrors(unknownField)['mapping.Название']).toBe('Нет такого поля: nonsense');
    const noTitle = await w.admin.post(url, { mapping: { ИНН: 'inn' } });
    expect(fieldErrors(noTitle).mapping).toBe('Сопоставьте поле «Название компании»');
    const nothing = await w.admin.post(url, { mapping: { Название: '' } });
    expect(fieldErrors(nothing).mapping).toBe('Сопоставьте хотя бы одно поле');
    ok(await w.admin.post(url, { mapping: { Название: 'title' } }));
    const again = await w.admin.post(url, { mapping: { Название: 'title' } });
    expect(again.statusCode).toBe(409);
    await runJobs(w.t);
  });

  it('lets only users with the import right upload, and shows an import to its author only', async () => {
    // The default employee role has no import right.
    const res = await upload(w.employee, '/api/crm/company/import', 'c.csv', csv([['Название'], ['А']]));
    expect(res.statusCode).toBe(403);
    const up = ok(await upload(w.admin, '/api/crm/company/import', 'c.csv', csv([['Название'], ['А']])));
    expect((await w.employee.get(`/api/crm/imports/${up.importId}`)).statusCode).toBe(404);
  });
});

describe('a 1,000-row CSV of companies', () => {
  it('imports the good rows in batches, reports each bad row, and pushes progress', async () => {
    const rows: (string | number)[][] = [['Название компании', 'ИНН', 'E-mail', 'Выручка', 'Ответственный']];
    const bad = new Map<number, string>();
    for (let i = 1; i <= 1000; i++) {
      let inn = innFor(i);
      let email = `info${i}@firm${i}.ru`;
      if (i % 97 === 0) {
        inn = inn.slice(0, 9) + ((Number(inn[9]) + 1) % 10);
        bad.set(i + 1, 'ИНН');
      } else if (i % 89 === 0) {
        email = `broken${i}@`;
        bad.set(i + 1, 'E-mail');
      }
      rows.push([`Фирма ${i}`, inn, email, `${i} 000,50`, i % 2 ? w.p.users.head.email : 'Иван Сотрудников']);
    }
    const pushed: any[] = [];
    const stop = w.t.platform.realtime.subscribe(`user:${w.p.users.admin.id}`, (m) => pushed.push(m));
    const { up } = await importFile(w.admin, 'company', 'firms.csv', csv(rows));
    expect(up.totalRows).toBe(1000);
    await runJobs(w.t);
    stop();

    const s = await status(up.importId);
    expect(s).toMatchObject({ status: 'done', totalRows: 1000, processedRows: 1000, createdRows: 1000 - bad.size, failedRows: bad.size, errorCount: bad.size });
    const byRow = new Map(s.errors.map((e: { row: number; field: string; message: string }) => [e.row, e]));
    for (const [row, field] of bad) {
      const e = byRow.get(row) as { field: string; message: string };
      expect(e, `row ${row}`).toBeDefined();
      expect(e.field).toBe(field);
      expect(e.message).toBe(field === 'ИНН' ? 'Некорректный ИНН: должно быть 10 или 12 цифр с верной контрольной суммой' : 'Некорректный e-mail');
    }

    const saved = await db().selectFrom('crm_company').selectAll().where('portal_id', '=', portalId()).where('title', 'like', 'Фирма %').execute();
    expect(saved.length).toBe(1000 - bad.size);
    const f7 = saved.find((c) => c.title === 'Фирма 7')!;
    expect(f7.inn).toBe(innFor(7));
    expect(Number(f7.revenue)).toBe(700050);
    expect(JSON.parse(f7.emails)).toEqual([{ type: 'work', value: 'info7@firm7.ru' }]);
    expect(f7.responsible_id).toBe(w.p.users.head.id);
    expect(saved.find((c) => c.title === 'Фирма 8')!.responsible_id).toBe(w.p.users.employee.id);
    expect(f7.search_text).toContain('фирма 7');
    expect(f7.created_by).toBe(w.p.users.admin.id);

    const events = await db().selectFrom('domain_event').select(['entity_id', 'payload']).where('portal_id', '=', portalId()).where('type', '=', 'crm.company.created').execute();
    const e7 = events.find((e) => e.entity_id === String(f7.id))!;
    const payload = JSON.parse(e7.payload);
    expect(payload).toMatchObject({ title: 'Фирма 7', source: 'import', importId: up.importId });
    // As a company made on its card: the history says it was created (by the import), not each filled field.
    expect(payload.changes).toBeUndefined();

    const progress = pushed.filter((m) => m.entityType === 'crm.import' && m.entityId === String(up.importId));
    expect(progress.map((m) => [m.type, m.event, m.processedRows])).toEqual([
      ['entity.changed', 'progress', 500],
      ['entity.changed', 'progress', 1000],
      ['entity.changed', 'done', undefined],
    ]);
  });
});

describe('duplicates', () => {
  const header = ['Фамилия', 'Имя', 'E-mail', 'Телефон', 'Должность'];
  const people = (position: string) => [
    header,
    ['Дубов', 'Олег', 'oleg@dub.ru', '', position],
    ['Клёнова', 'Ирина', '', '8 (916) 555-44-33', position],
    ['Ясенев', 'Пётр', 'petr@yasen.ru', '', position],
  ];
  const count = async (email: string) => (await db().selectFrom('crm_contact').select('id').where('portal_id', '=', portalId()).where('emails', 'like', `%${email}%`).execute()).length;

  it('skips, updates or creates by e-mail and phone', async () => {
    const first = await importFile(w.admin, 'contact', 'p.csv', csv(people('Менеджер')));
    await runJobs(w.t);
    expect(await status(first.up.importId)).toMatchObject({ status: 'done', createdRows: 3 });

    // A fourth person, and the others again with another e-mail case and phone format.
    const again = (position: string) => [
      ...people(position).map((r) => r.map((c) => (c === 'oleg@dub.ru' ? 'OLEG@DUB.RU' : c === '8 (916) 555-44-33' ? '+7 916 5554433' : c))),
      ['Вязов', 'Семён', 'sem@vyaz.ru', '', position],
    ];
    const skip = await importFile(w.admin, 'contact', 'p.csv', csv(again('Директор')), undefined, 'skip');
    await runJobs(w.t);
    expect(await status(skip.up.importId)).toMatchObject({ status: 'done', createdRows: 1, skippedRows: 3, updatedRows: 0 });
    expect(await count('oleg@dub.ru')).toBe(1);

    const update = await importFile(w.admin, 'contact', 'p.csv', csv([...again('Директор'), ['Дубов', 'Олег', 'oleg@dub.ru', '+7 903 000-11-22', 'Директор']]), undefined, 'update');
    await runJobs(w.t);
    expect(await status(update.up.importId)).toMatchObject({ status: 'done', createdRows: 0, updatedRows: 5 });
    const oleg = await db().selectFrom('crm_contact').selectAll().where('portal_id', '=', portalId()).where('emails', 'like', '%oleg@dub.ru%').executeTakeFirstOrThrow();
    expect(oleg.position).toBe('Директор');
    expect(JSON.parse(oleg.phones)).toEqual([{ type: 'work', value: '+79030001122' }]);
    expect(oleg.version).toBe(3); // updated twice: by the row of the file and by the repeated row
    const history = await db().selectFrom('domain_event').select('payload').where('type', '=', 'crm.contact.updated').where('entity_id', '=', String(oleg.id)).execute();
    expect(JSON.parse(history[0]!.payload).changes).toContainEqual({ field: 'position', old: 'Менеджер', new: 'Директор' });
    // Created by the import as on the card: one creation, no change per filled field.
    const created = await db().selectFrom('domain_event').select('payload').where('type', '=', 'crm.contact.created').where('entity_id', '=', String(oleg.id)).execute();
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0]!.payload).changes).toBeUndefined();

    const create = await importFile(w.admin, 'contact', 'p.csv', csv(again('Стажёр')), undefined, 'create');
    await runJobs(w.t);
    expect(await status(create.up.importId)).toMatchObject({ status: 'done', createdRows: 4 });
    expect(await count('oleg@dub.ru')).toBe(2);
  });

  it('finds companies by ИНН, or by name when the row has none, and deals by title and company', async () => {
    await importFile(
      w.admin,
      'company',
      'c.csv',
      csv([
        ['Название', 'ИНН', 'Адрес'],
        ['Гамма', innFor(5001), 'Москва'],
        ['Дельта', '', 'Тула'],
      ]),
    );
    await runJobs(w.t);
    const second = await importFile(
      w.admin,
      'company',
      'c.csv',
      csv([
        ['Название', 'ИНН', 'Адрес'],
        ['Гамма (новое имя)', innFor(5001), 'Казань'],
        ['ДЕЛЬТА', '', 'Тверь'],
        ['Гамма', innFor(5002), 'Омск'],
      ]),
      { Название: 'title', ИНН: 'inn', Адрес: 'address' },
      'update',
    );
    await runJobs(w.t);
    expect(await status(second.up.importId)).toMatchObject({ updatedRows: 2, createdRows: 1 });
    const gamma = await db().selectFrom('crm_company').selectAll().where('portal_id', '=', portalId()).where('inn', '=', innFor(5001)).executeTakeFirstOrThrow();
    expect([gamma.title, gamma.address]).toEqual(['Гамма (новое имя)', 'Казань']);

    const deals = csv([
      ['Название сделки', 'Компания', 'Сумма'],
      ['Проект', 'Дельта', '100'],
      ['Проект', '', '200'],
    ]);
    await importFile(w.admin, 'deal', 'd.csv', deals);
    await runJobs(w.t);
    const repeat = await importFile(
      w.admin,
      'deal',
      'd.csv',
      csv([
        ['Название сделки', 'Компания', 'Сумма'],
        ['проект', 'Дельта', '300'],
        ['Проект', 'Гамма (новое имя)', '400'],
      ]),
      undefined,
      'skip',
    );
    await runJobs(w.t);
    expect(await status(repeat.up.importId)).toMatchObject({ skippedRows: 1, createdRows: 1 });
  });
});

describe('skipped rows', () => {
  it('lists every skipped row with its reason, and links the item it duplicates only when the importer may read it', async () => {
    // Мария reads only her own companies and contacts, and imports them.
    await addRole(w, 'Импорт, читает свои', permissions('all', { read: 'own', import: 'all' }), [w.p.users.other.id]);
    const mine = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Своя»', inn: innFor(7001), responsibleId: w.p.users.other.id }));
    ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Чужая»', inn: innFor(7002), responsibleId: w.p.users.head.id }));
    const named = ok(await w.admin.post('/api/crm/companies', { title: 'ЗАО Именная', responsibleId: w.p.users.other.id }));
    const rows = [
      ['Название', 'ИНН'],
      ['Новая 1', innFor(7003)],
      ['Своя под другим именем', innFor(7001)],
      ['Чужая под другим именем', innFor(7002)],
      ['зао  именная', ''],
      ['Новая 2', innFor(7004)],
    ];
    const { up } = await importFile(w.other, 'company', 'c.csv', csv(rows), { Название: 'title', ИНН: 'inn' }, 'skip');
    await runJobs(w.t);
    const s = await status(up.importId, w.other);
    expect(s).toMatchObject({ status: 'done', createdRows: 2, skippedRows: 3 });
    expect(s.skipped).toEqual([
      { row: 3, reason: 'duplicate_inn', message: 'ИНН уже есть у компании «ООО «Своя»»', item: { type: 'company', id: mine.id, title: 'ООО «Своя»' } },
      { row: 4, reason: 'duplicate_inn', message: 'ИНН уже есть у компании, к которой у вас нет доступа', item: null },
      { row: 5, reason: 'duplicate_title', message: 'Компания с таким названием уже есть: «ЗАО Именная»', item: { type: 'company', id: named.id, title: 'ЗАО Именная' } },
    ]);

    // Contacts by e-mail and phone, the message in the importer's language.
    const c = ok(
      await w.admin.post('/api/crm/contacts', {
        lastName: 'Скворцов',
        firstName: 'Олег',
        emails: [{ type: 'work', value: 'skv@ptica.ru' }],
        phones: [{ type: 'work', value: '+79165550011' }],
        responsibleId: w.p.users.other.id,
      }),
    );
    const again = csv([
      ['Фамилия', 'E-mail', 'Телефон'],
      ['Скворцов', 'SKV@ptica.ru', ''],
      ['Другой', '', '8 916 555-00-11'],
    ]);
    const contacts = await importFile(w.other, 'contact', 'p.csv', again, undefined, 'skip');
    await runJobs(w.t);
    const sc = await status(contacts.up.importId, w.other);
    expect(sc.skipped.map((x: any) => [x.row, x.reason, x.message, x.item?.id])).toEqual([
      [2, 'duplicate_email', 'E-mail уже есть у контакта «Скворцов Олег»', c.id],
      [3, 'duplicate_phone', 'Телефон уже есть у контакта «Скворцов Олег»', c.id],
    ]);
  });
});

describe('deals', () => {
  it('finds pipeline, stage and company by name, reads Russian money, and keeps the Kanban totals right', async () => {
    const stages = await db()
      .selectFrom('crm_stage')
      .innerJoin('crm_pipeline', 'crm_pipeline.id', 'crm_stage.pipeline_id')
      .select(['crm_stage.id', 'crm_stage.name', 'crm_pipeline.name as pipeline'])
      .where('crm_stage.portal_id', '=', portalId())
      .where('crm_pipeline.code', '=', 'sales')
      .orderBy('crm_stage.sort')
      .execute();
    const [first, second] = stages;
    await importFile(w.admin, 'company', 'c.csv', csv([['Название'], ['Заказчик']]));
    await runJobs(w.t);
    const rows = [['Название сделки', 'Воронка', 'Стадия', 'Сумма', 'Компания', 'Ответственный', 'Дата завершения']];
    for (let i = 0; i < 30; i++)
      rows.push([`Сделка ${i}`, first!.pipeline, i % 3 ? first!.name : second!.name, `${i} 000,${i % 10}0`, 'Заказчик', i % 2 ? 'Иван Сотрудников' : w.p.users.head.email, '31.12.2026']);
    rows.push(['Плохая', first!.pipeline, 'Нет такой', '1', 'Заказчик', '', '']);
    rows.push(['Плохая 2', first!.pipeline, first!.name, 'много', 'Никто', '', '32.12.2026']);
    const { up } = await importFile(w.admin, 'deal', 'deals.csv', csv(rows));
    await runJobs(w.t);
    const s = await status(up.importId);
    expect(s).toMatchObject({ createdRows: 30, failedRows: 2 });
    const lines = (list: (string | number)[][]) => list.map((l) => l.join(' | ')).sort();
    expect(lines(s.errors.map((e: { row: number; field: string; message: string }) => [e.row, e.field, e.message]))).toEqual(
      lines([
        [32, 'Стадия', 'Стадия «Нет такой» не найдена'],
        [33, 'Сумма', 'Введите сумму числом, например 1250000.50'],
        [33, 'Дата завершения', 'Введите дату в формате ГГГГ-ММ-ДД'],
        [33, 'Компания', 'Компания «Никто» не найдена'],
      ]),
    );
    const deal = await db().selectFrom('crm_deal').selectAll().where('portal_id', '=', portalId()).where('title', '=', 'Сделка 7').executeTakeFirstOrThrow();
    expect([deal.amount, deal.stage_id, deal.close_date, deal.responsible_id]).toEqual([700070, first!.id, '2026-12-31', w.p.users.employee.id]);
    expect(deal.search_text).toContain('заказчик');
    await expectTotalsMatch();
  });
});

/** crm_deal_totals equals a count and sum over the deals themselves. */
async function expectTotalsMatch(on: TestApp = w.t) {
  const actual = await on.platform.db
    .selectFrom('crm_deal')
    .select(['stage_id', 'responsible_id', sql<number>`count(*)`.as('n'), sql<number>`sum(amount)`.as('s')])
    .where('portal_id', '=', portalId())
    .groupBy(['stage_id', 'responsible_id'])
    .execute();
  const totals = await on.platform.db.selectFrom('crm_deal_totals').selectAll().where('portal_id', '=', portalId()).execute();
  const want = new Map(actual.map((r) => [`${r.stage_id}:${r.responsible_id ?? 0}`, [Number(r.n), Number(r.s)]]));
  const got = new Map(totals.filter((r) => Number(r.deal_count) !== 0 || Number(r.amount_sum) !== 0).map((r) => [`${r.stage_id}:${r.responsible_id}`, [Number(r.deal_count), Number(r.amount_sum)]]));
  expect(got).toEqual(want);
}

describe('custom fields and rights', () => {
  it('fills custom fields from their labels, checks their values and the right to import for others', async () => {
    const list = ok(await w.admin.post('/api/crm/fields', { entityType: 'lead', label: 'Интерес', type: 'list', options: [{ label: 'Дизайн' }, { label: 'Ремонт' }] }));
    const flag = ok(await w.admin.post('/api/crm/fields', { entityType: 'lead', label: 'Горячий', type: 'boolean' }));
    const rows = [
      ['Название лида', 'Интерес', 'Горячий', 'Ответственный'],
      ['Лид 1', 'ремонт', 'да', ''],
      ['Лид 2', 'Стройка', 'нет', ''],
      ['Лид 3', '', 'может быть', ''],
      ['Лид 4', 'Дизайн', '', 'Мария Другова'],
    ];
    // An employee who may import only their own leads.
    await addRole(w, 'Импорт своих', permissions('all', { import: 'own', edit: 'own' }), [w.p.users.employee.id]);
    const { up } = await importFile(w.employee, 'lead', 'leads.csv', csv(rows));
    await runJobs(w.t);
    const s = await status(up.importId, w.employee);
    expect(s).toMatchObject({ createdRows: 1, failedRows: 3 });
    expect(s.errors.map((e: { row: number; field: string; message: string }) => [e.row, e.field, e.message])).toEqual([
      [3, 'Интерес', 'Выберите значение из списка'],
      [4, 'Горячий', 'Введите «да» или «нет»'],
      [5, 'Ответственный', 'Нет прав импортировать элементы с этим ответственным'],
    ]);
    const lead = await db().selectFrom('crm_lead').selectAll().where('portal_id', '=', portalId()).where('title', '=', 'Лид 1').executeTakeFirstOrThrow();
    expect(JSON.parse(lead.custom)).toEqual({ [list.code]: list.options[1].id, [flag.code]: true });
    expect(lead.responsible_id).toBe(w.p.users.employee.id);
  });
});

describe('leads', () => {
  it('take a title from the name or company when the file has none', async () => {
    const rows = [
      ['Фамилия', 'Имя', 'Название компании', 'Статус'],
      ['Кедров', 'Антон', '', 'В работе'],
      ['', '', 'ООО «Кедр»', ''],
      ['', '', '', 'В работе'],
    ];
    const { up } = await importFile(w.admin, 'lead', 'leads.csv', csv(rows));
    await runJobs(w.t);
    const s = await status(up.importId);
    expect(s).toMatchObject({ createdRows: 2, failedRows: 1 });
    expect(s.errors).toEqual([{ row: 4, field: 'Название лида', message: 'Заполните поле' }]);
    const leads = await db()
      .selectFrom('crm_lead')
      .innerJoin('crm_stage', 'crm_stage.id', 'crm_lead.status_id')
      .select(['title', 'crm_stage.name as status'])
      .where('crm_lead.portal_id', '=', portalId())
      .where('title', 'in', ['Кедров Антон', 'ООО «Кедр»'])
      .orderBy('title')
      .execute();
    expect(leads).toEqual([
      { title: 'Кедров Антон', status: 'В работе' },
      { title: 'ООО «Кедр»', status: leads[1]!.status },
    ]);
  });
});

describe('an xlsx file', () => {
  it('is read like a CSV, dates and numbers included', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Контакты');
    sheet.addRow(['ФИО', 'Дата рождения', 'Телефон', 'Компания']);
    sheet.addRow(['Соснов Игорь Петрович', new Date(Date.UTC(1985, 4, 17)), 79161112233, 'Заказчик']);
    sheet.addRow(['Елова Мария', '03.02.1990', '+7 (916) 111-22-44', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const { up } = await importFile(w.admin, 'contact', 'contacts.xlsx', buf);
    expect(up.format).toBe('xlsx');
    expect(up.preview[0]).toEqual(['Соснов Игорь Петрович', '1985-05-17', '79161112233', 'Заказчик']);
    await runJobs(w.t);
    expect(await status(up.importId)).toMatchObject({ status: 'done', createdRows: 2, failedRows: 0 });
    const c = await db().selectFrom('crm_contact').selectAll().where('portal_id', '=', portalId()).where('last_name', '=', 'Соснов').executeTakeFirstOrThrow();
    expect([c.first_name, c.middle_name, c.birthday, JSON.parse(c.phones)[0].value]).toEqual(['Игорь', 'Петрович', '1985-05-17', '+79161112233']);
    const link = await db()
      .selectFrom('crm_contact_company')
      .innerJoin('crm_company', 'crm_company.id', 'crm_contact_company.company_id')
      .select('crm_company.title')
      .where('contact_id', '=', c.id)
      .execute();
    expect(link.map((l) => l.title)).toEqual(['Заказчик']);
  });
});

describe('failures and restarts', () => {
  const companies = (tag: string, n: number, boomAt?: number) => {
    const rows: string[][] = [['Название', 'ИНН']];
    for (let i = 1; i <= n; i++) rows.push([i === boomAt ? `BOOM ${tag}` : `${tag} ${i}`, innFor(10_000 + i)]);
    return csv(rows);
  };
  const countLike = async (on: TestApp, prefix: string) =>
    (await on.platform.db.selectFrom('crm_company').select('id').where('portal_id', '=', portalId()).where('title', 'like', `${prefix}%`).execute()).length;

  it('rolls a failing batch back whole and finishes it on the retry', async () => {
    await addBoomTrigger(w.t);
    const { up } = await importFile(w.admin, 'company', 'boom.csv', companies('Откат', 1200, 777), { Название: 'title', ИНН: 'inn' }, 'create');
    await runJobs(w.t);
    // The first batch (rows 1–500) is in; of the second, which met the error at row 777, nothing is.
    expect(await countLike(w.t, 'Откат')).toBe(500);
    expect(await status(up.importId)).toMatchObject({ status: 'running', processedRows: 500, createdRows: 500 });
    await dropBoomTrigger(w.t);
    await runJobs(w.t, 60_000);
    expect(await countLike(w.t, 'Откат')).toBe(1199);
    expect(await countLike(w.t, 'BOOM')).toBe(1);
    expect(await status(up.importId)).toMatchObject({ status: 'done', processedRows: 1200, createdRows: 1200 });
  });

  it('resumes after a restart from the last batch written, without doubles', async () => {
    const rows = [['Название сделки', 'Сумма', 'Ответственный']];
    for (let i = 1; i <= 1300; i++) rows.push([`Перезапуск ${i}`, `${i}`, i % 2 ? 'Иван Сотрудников' : '']);
    const { up } = await importFile(w.admin, 'deal', 'restart.csv', csv(rows), undefined, 'create');
    // The process dies after its first batch: the job row stays claimed, the file half done.
    await w.t.platform.db
      .updateTable('job')
      .set({ status: 'running', locked_until: new Date(Date.now() + 60_000).toISOString() })
      .where('type', '=', 'crm.import')
      .where('status', '=', 'pending')
      .execute();
    await runImport(w.t.platform, portalId(), up.importId, { maxBatches: 1 });
    expect(await status(up.importId)).toMatchObject({ processedRows: 500 });
    await w.t.close();

    const t2 = await reopenTestApp(w.t);
    try {
      // The lease of the dead process runs out; the new process takes the job over.
      await t2.platform.jobs.runDue(new Date(Date.now() + 10 * 60_000));
      const admin = await signIn(t2, w.p.portal.name, w.p.users.admin.email);
      const s = ok(await admin.get(`/api/crm/imports/${up.importId}`));
      expect(s).toMatchObject({ status: 'done', processedRows: 1300, createdRows: 1300 });
      const saved = await t2.platform.db.selectFrom('crm_deal').select(['title']).where('portal_id', '=', portalId()).where('title', 'like', 'Перезапуск %').execute();
      expect(saved.length).toBe(1300);
      expect(new Set(saved.map((d) => d.title)).size).toBe(1300);
      await expectTotalsMatch(t2);
    } finally {
      await t2.close();
      // Hand the database back to the suite's app for its dispose.
      w.t = await reopenTestApp(w.t);
      Object.assign(w, await signInAll(w.t));
    }
  });

  it('resumes within seconds on a new process when the one running it died, not after minutes', async () => {
    const rows = [['Название сделки', 'Сумма']];
    for (let i = 1; i <= 900; i++) rows.push([`Пульс ${i}`, `${i}`]);
    const { up } = await importFile(w.admin, 'deal', 'pulse.csv', csv(rows), undefined, 'create');
    // A process claims the job as its runner does, writes one batch and dies: no more heartbeats.
    const dying = await reopenTestApp(w.t, { jobLeaseMs: 2000 });
    const job = await dying.platform.db.selectFrom('job').select('id').where('type', '=', 'crm.import').where('status', '=', 'pending').executeTakeFirstOrThrow();
    await dying.platform.db.updateTable('job').set({ status: 'running', attempts: 1, locked_until: dying.platform.jobs.leaseUntil() }).where('id', '=', job.id).execute();
    await runImport(dying.platform, portalId(), up.importId, { jobId: job.id, maxBatches: 1 });
    await dying.close();
    expect(await status(up.importId)).toMatchObject({ status: 'running', processedRows: 500 });

    // A new process on the same database, its workers running on the real clock, finishes it.
    const next = await reopenTestApp(w.t, {}, { workers: true });
    try {
      const s = await waitFor(
        async () => {
          const v = await status(up.importId);
          return v.status === 'done' ? v : undefined;
        },
        20_000,
        'the import taken over by the new process',
      );
      expect(s).toMatchObject({ processedRows: 900, createdRows: 900 });
      const saved = await db().selectFrom('crm_deal').select('title').where('portal_id', '=', portalId()).where('title', 'like', 'Пульс %').execute();
      expect(new Set(saved.map((d) => d.title)).size).toBe(900);
      expect(saved.length).toBe(900);
    } finally {
      await next.close();
    }
  });
});

async function signInAll(t: TestApp) {
  const [admin, head, employee, other] = await Promise.all((['admin', 'head', 'employee', 'other'] as const).map((u) => signIn(t, w.p.portal.name, w.p.users[u].email)));
  return { admin, head, employee, other };
}

/** A database error in the middle of a batch: a trigger refusing companies named BOOM. */
async function addBoomTrigger(t: TestApp) {
  if (t.platform.dialect === 'sqlite') {
    await sql`create trigger boom before insert on crm_company when new.title like 'BOOM%' begin select raise(abort, 'boom'); end`.execute(t.platform.db);
  } else {
    await sql`create or replace function boom() returns trigger as $$ begin if new.title like 'BOOM%' then raise exception 'boom'; end if; return new; end $$ language plpgsql`.execute(t.platform.db);
    await sql`create trigger boom before insert on crm_company for each row execute function boom()`.execute(t.platform.db);
  }
}

async function dropBoomTrigger(t: TestApp) {
  await sql`drop trigger boom${t.platform.dialect === 'postgres' ? sql` on crm_company` : sql``}`.execute(t.platform.db);
}

/** Windows-1251 bytes of a text (Cyrillic, ASCII and the few signs the tests use). */
function encodeCp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else if (c === 0xab) out.push(0xab);
    else if (c === 0xbb) out.push(0xbb);
    else throw new Error(`no cp1251 byte for ${ch}`);
  }
  return Buffer.from(out);
}
