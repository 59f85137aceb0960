import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrors, ok, upload, world, type World } from '../../../../test/crm/transfer-fixtures.js';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w?.t.dispose());

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Товары');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('Excel import and export of the catalogue', () => {
  it('adds and updates products by SKU, reports bad rows by number, and exports what it read', async () => {
    const file = await xlsx([
      ['Название', 'Артикул', 'Тип', 'Раздел', 'Единица', 'Цена', 'НДС', 'НДС включён в цену'],
      ['Папка-регистратор', 'IM-FOLDER', 'Товар', 'Канцелярия', 'шт', '250,50', '20', 'Да'],
      ['Вёрстка макета', 'IM-LAYOUT', 'Услуга', '', 'ч', 1800, 'Без НДС', ''],
      ['', 'IM-EMPTY', '', '', '', '', '', ''],
      ['Плохая цена', 'IM-BAD', '', '', '', 'дорого', '', ''],
      ['Плохой НДС', 'IM-VAT', '', '', '', '10', '18', ''],
    ]);
    const first = ok(await upload(w.admin, '/api/crm/catalog/products/import', 'товары.xlsx', file, XLSX));
    expect(first).toMatchObject({ created: 2, updated: 0 });
    expect(first.errors).toEqual([
      { row: 4, message: 'Строка 4: нет названия' },
      { row: 5, message: 'Строка 5: цена «дорого» — не число' },
      { row: 6, message: 'Строка 6: ставка НДС «18» — не из «Без НДС», 0, 10, 20' },
    ]);
    const found = ok(await w.admin.get('/api/crm/catalog/products/search?q=IM-'));
    expect(found.map((p: { name: string }) => p.name).sort()).toEqual(['Вёрстка макета', 'Папка-регистратор']);
    const folder = found.find((p: { sku: string }) => p.sku === 'IM-FOLDER');
    expect(folder).toMatchObject({ price: '250.50', vatRate: 20, vatIncluded: true, kind: 'product' });
    expect(found.find((p: { sku: string }) => p.sku === 'IM-LAYOUT')).toMatchObject({ price: '1800.00', vatRate: null, kind: 'service', unit: 'ч' });
    const sections = ok(await w.admin.get('/api/crm/catalog/sections')).items;
    expect(sections.map((s: { name: string }) => s.name)).toContain('Канцелярия');

    const again = ok(
      await upload(
        w.admin,
        '/api/crm/catalog/products/import',
        'товары.xlsx',
        await xlsx([
          ['Название', 'Артикул', 'Цена'],
          ['Папка-регистратор A4', 'IM-FOLDER', '300'],
        ]),
        XLSX,
      ),
    );
    expect(again).toMatchObject({ created: 0, updated: 1, errors: [] });
    expect(ok(await w.admin.get('/api/crm/catalog/products/search?q=IM-FOLDER'))[0]).toMatchObject({ name: 'Папка-регистратор A4', price: '300.00' });

    const exported = await w.admin.get(`/api/crm/catalog/products/export?q=${encodeURIComponent('im-')}`);
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as never);
    const rows = (wb.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1, 7));
    expect(rows[0]).toEqual(['Название', 'Артикул', 'Тип', 'Раздел', 'Единица', 'Цена']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Вёрстка макета', 'Папка-регистратор A4']);
  });

  it('refuses what is not an xlsx, and an employee without the right to edit', async () => {
    const bad = await upload(w.admin, '/api/crm/catalog/products/import', 'list.csv', 'Название;Цена\nx;1\n');
    expect(bad.statusCode).toBe(400);
    expect(fieldErrors(bad).file).toBe('Нужен файл Excel (.xlsx)');
    const file = await xlsx([['Название'], ['Что-то']]);
    expect((await upload(w.employee, '/api/crm/catalog/products/import', 'x.xlsx', file, XLSX)).statusCode).toBe(403);
    expect((await w.employee.get('/api/crm/catalog/products/export')).statusCode).toBe(200);
  });
});
