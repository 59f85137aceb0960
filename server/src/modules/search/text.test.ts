import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailKey, fromWrongLayout, latinOf, nameKey, normalize, phoneDigits, similarity, stem, stems, trigrams, words } from './text.js';

describe('normalize and words', () => {
  it('spells a text as the index and the query both do', () => {
    expect(normalize('  Ёлка,   ООО «Волга»!\n ЁЖИК ')).toBe('елка ооо волга ежик');
    expect(normalize('Сделка №12 — 50% (срочно)™')).toBe('сделка 12 50 срочно');
    // NFKC: full-width letters, ligatures and superscripts are the letters they show.
    expect(normalize('ＡＢＣ ﬁle м²')).toBe('abc file м2');
    // A decomposed й and ё are still those letters; stress marks and soft hyphens go.
    expect(normalize('И\u0306ошкар-Ола е\u0308лка до\u0301говор сде\u00adлка')).toBe('йошкар ола елка договор сделка');
  });

  it('finds Cyrillic, Latin and digit words only', () => {
    expect(words('Договор №A-12 с «ООО Волга», e-mail: ivan@volga.ru')).toEqual(['договор', 'a', '12', 'с', 'ооо', 'волга', 'e', 'mail', 'ivan', 'volga', 'ru']);
    expect(words('Счёт a4 x2')).toEqual(['счет', 'a4', 'x2']);
    expect(words(' —, !')).toEqual([]);
  });
});

describe('stems', () => {
  it('gives the forms of a word one stem', () => {
    expect(new Set(['сделка', 'сделки', 'сделкам', 'сделками', 'Сделку'].map(stem))).toEqual(new Set(['сделк']));
    expect(new Set(['компания', 'компании', 'компаний'].map(stem))).toEqual(new Set(['компан']));
    expect(new Set(['deals', 'deal', 'Deal'].map(stem))).toEqual(new Set(['deal']));
    expect(new Set(['company', 'companies'].map(stem))).toEqual(new Set(['compani']));
    expect(stem('running')).toBe('run');
    // Snowball (here and in PostgreSQL) leaves the fleeting «о» of the genitive plural: prefix and trigram search cover «сделок».
    expect(stem('сделок')).toBe('сделок');
  });

  it('reads ё as е', () => {
    expect(stem('ёлка')).toBe(stem('елка'));
    expect(stem('Отчёты')).toBe(stem('отчеты'));
  });

  it('keeps words with digits whole and stems each word of a text', () => {
    expect(stem('a4')).toBe('a4');
    expect(stems('Звонки клиентам по сделкам 2024 running')).toEqual(['звонк', 'клиент', 'по', 'сделк', '2024', 'run']);
  });
});

describe('wrong keyboard layout', () => {
  it('converts QWERTY keystrokes to the Russian meant and back', () => {
    expect(fromWrongLayout('cltkrf')).toBe('сделка');
    expect(fromWrongLayout('ghbdtn')).toBe('привет');
    expect(fromWrongLayout('Gtnhjdf')).toBe('Петрова');
    // б, ю, ж, э, х, ъ, ё are punctuation keys in QWERTY.
    expect(fromWrongLayout('j,tl')).toBe('обед');
    expect(fromWrongLayout('ljujdjh c jjj ds,jh')).toBe('договор с ооо выбор');
    expect(fromWrongLayout('руддщ')).toBe('hello');
    expect(fromWrongLayout('Руддщ цщкдв')).toBe('Hello world');
  });

  it('goes by the script of most letters and returns null when there is nothing to convert', () => {
    expect(fromWrongLayout('ljujdjh 12')).toBe('договор 12');
    expect(fromWrongLayout('12 345')).toBeNull();
    expect(fromWrongLayout('')).toBeNull();
    expect(fromWrongLayout('—')).toBeNull();
  });
});

describe('names in both scripts', () => {
  it('writes Cyrillic in Latin letters', () => {
    expect(latinOf('Щукина Юлия Сергеевна')).toBe('shchukina yuliya sergeevna');
    expect(latinOf('Хабибуллин, Цой, Пётр, Ильин, Объедков')).toBe('khabibullin tsoy petr ilin obedkov');
    expect(latinOf('Smith')).toBe('smith');
  });

  it('lets a name meet its transliterations', () => {
    for (const [a, b] of [
      ['Ivanov', 'Иванов'],
      ['Petrova', 'Петрова'],
      ['Kuznetsov', 'Кузнецов'],
      ['Kuznetzov', 'Кузнецов'],
      ['Sokolova', 'Соколова'],
      ['Shchukin', 'Щукин'],
      ['Yulia', 'Юлия'],
      ['Julia', 'Юлия'],
      ['Iuliia', 'Юлия'],
      ['Mikhail', 'Михаил'],
      ['Mihail', 'Михаил'],
      ['Dmitry', 'Дмитрий'],
      ['Dmitriy', 'Дмитрий'],
      ['Yevgeny', 'Евгений'],
      ['Elena', 'Елена'],
      ['Yelena', 'Елена'],
      ['Andreyev', 'Андреев'],
      ['Fyodor', 'Фёдор'],
      ['Artyom', 'Артём'],
      ['Kirill', 'Кирилл'],
      ['Kiril', 'Кирилл'],
      ['Tsoy', 'Цой'],
      ['Tsoi', 'Цой'],
      ['Alexey', 'Алексей'],
      ['Ilyin', 'Ильин'],
      ['Daria', 'Дарья'],
      ['Darya', 'Дарья'],
      ['Petrova Yulia', 'Петрова Юлия'],
      ['José', 'Jose'],
    ]) {
      expect(nameKey(a), `${a} / ${b}`).toBe(nameKey(b));
    }
    expect(nameKey('Юлия')).toBe('iulia');
    expect(nameKey('Кузнецов')).toBe('kuznecov');
  });

  it('keeps different names apart', () => {
    for (const [a, b] of [
      ['Ivanov', 'Иванова'],
      ['Petrov', 'Петрова'],
      ['Шукин', 'Щукин'],
      ['Юлия', 'Лилия'],
      ['Sokolov', 'Соколовский'],
      ['Kuznetsov', 'Кузьмин'],
      ['Сергеев', 'Sergeeva'],
    ]) {
      expect(nameKey(a), `${a} / ${b}`).not.toBe(nameKey(b));
    }
  });
});

describe('trigrams', () => {
  it('pads each word as pg_trgm does', () => {
    expect(trigrams('Кот')).toEqual(new Set(['  к', ' ко', 'кот', 'от ']));
    expect(trigrams('a, b-a')).toEqual(new Set(['  a', ' a ', '  b', ' b ']));
    expect(trigrams('—')).toEqual(new Set());
  });

  it('measures how alike two names are', () => {
    expect(similarity('Петрова', 'Петрова')).toBe(1);
    expect(similarity('Петрова', 'петрова')).toBe(1);
    expect(similarity('Ёлкин', 'Елкин')).toBe(1);
    expect(similarity('Петрова', 'Петрава')).toBeCloseTo(5 / 11, 4);
    expect(similarity('Кузнецов', 'Кузнецв')).toBeGreaterThan(similarity('Кузнецов', 'Кузьмин'));
    expect(similarity('Иванов', 'Кузнецова')).toBe(0);
    expect(similarity('', 'a')).toBe(0);
  });
});

describe('phones and e-mail', () => {
  it('gives one key to a phone number however it is written', () => {
    for (const p of ['8 (912) 345-67-89', '+7 912 345 67 89', '79123456789', '+7(912)345-6789', '8-912-345-67-89']) expect(phoneDigits(p), p).toBe('79123456789');
    expect(phoneDigits('8 800 100-20-30')).toBe('78001002030');
    expect(phoneDigits('+49 30 1234567')).toBe('49301234567');
    expect(phoneDigits('345-67-89')).toBe('3456789');
    // Eight first only means Russia in a full 11-digit number.
    expect(phoneDigits('812 345 67 89')).toBe('8123456789');
    expect(phoneDigits('нет')).toBe('');
  });

  it('keys an e-mail address, or refuses what is not one', () => {
    expect(emailKey('  Ivan.Petrov@Volga.RU ')).toBe('ivan.petrov@volga.ru');
    expect(emailKey('info@почта.рф')).toBe('info@почта.рф');
    for (const s of ['', 'ivan', 'ivan@', '@volga.ru', 'ivan@volga', 'ivan petrov@volga.ru', 'a@b@c.ru', 'ivan@volga..ru']) expect(emailKey(s), s).toBeNull();
  });
});

// Once, in the PostgreSQL run: what the index computes in JS must be what PostgreSQL computes.
const pgUrl = process.env.TEST_DB === 'sqlite' ? undefined : process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)('agreement with PostgreSQL', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query('create extension if not exists pg_trgm');
  });
  afterAll(async () => {
    await client?.end();
  });

  // Stop words (и, в, по, the, only) are left out: PostgreSQL's dictionaries drop them (see stem()).
  const WORDS = [
    'сделка', 'сделки', 'сделок', 'сделкам', 'сделками', 'Сделку', 'договор', 'договора', 'договоров', 'договорами',
    'компания', 'компании', 'компаний', 'компаниями', 'петрова', 'петровой', 'Петров', 'петровым', 'волга', 'волги',
    'волгой', 'звонок', 'звонки', 'звонков', 'задача', 'задачи', 'задачами', 'сотрудник', 'сотрудники', 'сотрудников',
    'отдел', 'отдела', 'отделы', 'отделов', 'ёлка', 'Ёлки', 'счёт', 'счета', 'отчёт', 'отчёты', 'объём', 'приём',
    'клиент', 'клиентов', 'контакты', 'лиды', 'воронка', 'воронки', 'стадия', 'стадии', 'встреча', 'встречами',
    'календарь', 'календаря', 'проекты', 'документы', 'файлы', 'новости', 'сообщение', 'сообщения', 'пользователи',
    'руководитель', 'руководителя', 'менеджеры', 'продажа', 'продаж', 'оплата', 'оплаты', 'счетами',
    'deals', 'deal', 'companies', 'company', 'running', 'contacts', 'meetings', 'tasks', 'invoices', 'leads',
    'pipeline', 'managers', 'reports', 'reporting', 'called', 'emails', 'departments', 'employees', 'Generously', 'news',
  ]; // prettier-ignore

  it('stems words as the russian and english Snowball dictionaries do', async () => {
    const { rows } = await client.query<{ w: string; lexeme: string | null }>(
      `select w, (ts_lexize(case when w ~ '^[A-Za-z]+$' then 'english_stem' else 'russian_stem' end::regdictionary, w))[1] as lexeme
         from unnest($1::text[]) as w`,
      [WORDS],
    );
    expect(rows.length).toBe(WORDS.length);
    expect(Object.fromEntries(rows.map((r) => [r.w, stem(r.w)]))).toEqual(Object.fromEntries(rows.map((r) => [r.w, r.lexeme])));
  });

  it("measures similarity as pg_trgm's similarity() does", async () => {
    const PAIRS = [
      ['Петрова', 'Петрава'],
      ['Кузнецов', 'Кузнецв'],
      ['Иванов', 'Иванова'],
      ['Соколова', 'Саколова'],
      ['Щукин', 'Шукин'],
      ['Сделка', 'сделки'],
      ['ООО «Волга»', 'Волга'],
      ['Волга-Трейд', 'Волга Трейд'],
      ['Иванов Иван', 'Иван Иванов'],
      ['Юлия', 'Юля'],
      ['Kuznetsov', 'Kuznecov'],
      ['Ivanov', 'ivanova'],
      ['Smith', 'Smyth'],
      ['word', 'two words'],
      ['a', 'ab'],
      ['abc', 'abc'],
      ['A-12', 'a12'],
      ['O’Brien', 'obrien'],
      ['ёж', 'ёжик'],
      ['Договор №12', 'договор 12'],
      ['', 'x'],
    ];
    const { rows } = await client.query<{ a: string; b: string; s: number }>('select a, b, similarity(a, b) as s from unnest($1::text[], $2::text[]) as p(a, b)', [
      PAIRS.map((p) => p[0]),
      PAIRS.map((p) => p[1]),
    ]);
    expect(rows.length).toBe(PAIRS.length);
    for (const r of rows) expect(similarity(r.a, r.b), `${r.a} / ${r.b}`).toBeCloseTo(r.s, 4);
  });
});
