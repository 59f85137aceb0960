/** Spreadsheet cells as people type them, read into the API's forms. Each returns null for a value it cannot read. */

/** "1 250 000,50", "1,250,000.50", "1250000.5 ₽" → "1250000.50". */
export function parseMoney(raw: string): string | null {
  let s = raw
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/(руб\.?|р\.|₽|rub|rur|\$|€|usd|eur)$/i, '')
    .replace(/^(₽|\$|€)/, '');
  if (!s) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    s = s.match(/,/g)!.length > 1 ? s.replace(/,/g, '') : s.replace(',', '.');
  }
  if (!/^-?\d{1,15}(\.\d+)?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) return null;
  return frac ? `${whole}.${frac.slice(0, 2).padEnd(2, '0')}` : whole!;
}

function validDay(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1800 && y <= 2200;
}

/** "2024-03-31", "31.03.2024", "31/03/2024", "2024-03-31T10:00:00Z" → "2024-03-31". */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  let m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
  }
  m = s.match(/^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s.*)?$/);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
  }
  return null;
}

/** "31.03.2024 14:30", ISO strings → ISO date-time (Moscow time when no zone is given in the Russian form). */
export function parseDateTime(raw: string): string | null {
  const s = raw.trim();
  const m = s.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/);
  if (m) {
    const day = parseDate(`${m[1]}.${m[2]}.${m[3]}`);
    if (!day) return null;
    const t = `${(m[4] ?? '0').padStart(2, '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
    const d = new Date(`${day}T${t}+03:00`);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function parseBoolean(raw: string): boolean | null {
  const s = raw.trim().toLowerCase();
  if (['да', 'д', 'yes', 'y', 'true', '1', 'истина', '+'].includes(s)) return true;
  if (['нет', 'н', 'no', 'n', 'false', '0', 'ложь', '-'].includes(s)) return false;
  return null;
}

const CURRENCIES: Record<string, string> = {
  руб: 'RUB',
  'руб.': 'RUB',
  рубль: 'RUB',
  рубли: 'RUB',
  rur: 'RUB',
  '₽': 'RUB',
  $: 'USD',
  доллар: 'USD',
  '€': 'EUR',
  евро: 'EUR',
  юань: 'CNY',
  тенге: 'KZT',
};

/** "руб.", "RUR", "₽" → "RUB"; anything else upper-cased for the API to judge. */
export function parseCurrency(raw: string): string {
  const s = raw.trim();
  return CURRENCIES[s.toLowerCase()] ?? s.toUpperCase();
}

/** Several values in one cell: "a@x.ru, b@x.ru" or "+7 900…; +7 901…". */
export function splitList(raw: string): string[] {
  return raw
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
