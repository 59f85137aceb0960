/**
 * The CRM benchmark's data: on a database the server has migrated and seeded with the demo
 * portal, adds 50 employees, a second deal pipeline, a role with "own" rights, and in bulk
 * 300,000 companies, 1,000,000 contacts (many linked to companies), 1,000,000 deals over both
 * pipelines (most with a primary contact), their history («создана», stage changes) and some
 * comments; then the Kanban totals in one INSERT … SELECT … GROUP BY, and ANALYZE.
 *
 * Values are Russian-looking and valid for the server (E.164 phones, lower-cased e-mails,
 * search_text as buildSearchText makes it, valid ИНН, custom '{}', version 1), created_at
 * spread over two years and rising with the id. The random generator is seeded, so SQLite
 * and PostgreSQL get the same data.
 *
 * Speed: the secondary indexes of the bulk tables are dropped before the load and rebuilt
 * after it (their definitions are read back from the database, so they come back exactly as the
 * migrations made them). SQLite: one connection, prepared statements, one transaction per
 * table, synchronous=OFF and no journal during generation only (WAL again at the end).
 * PostgreSQL: INSERT … SELECT FROM unnest(arrays) of 5,000 rows, two statements in flight,
 * foreign-key triggers off for the session (session_replication_role = replica), then
 * VACUUM ANALYZE (what autovacuum would reach later) so index-only scans work as in steady state.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Workspace } from './lib.js';
import { step } from './lib.js';

// ---------------------------------------------------------------- random

export class Rng {
  constructor(private s: number) {}
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An index by weights (cumulative array). */
  weighted(cum: number[]): number {
    const x = this.next() * cum[cum.length - 1]!;
    let i = 0;
    while (cum[i]! < x) i++;
    return i;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

const cumulative = (w: number[]) => w.reduce<number[]>((a, x) => [...a, (a.at(-1) ?? 0) + x], []);

// ---------------------------------------------------------------- vocabulary

const MALE = [
  'Александр',
  'Алексей',
  'Андрей',
  'Антон',
  'Артём',
  'Борис',
  'Вадим',
  'Василий',
  'Виктор',
  'Владимир',
  'Владислав',
  'Георгий',
  'Григорий',
  'Денис',
  'Дмитрий',
  'Евгений',
  'Егор',
  'Иван',
  'Игорь',
  'Илья',
  'Кирилл',
  'Константин',
  'Леонид',
  'Максим',
  'Михаил',
  'Никита',
  'Николай',
  'Олег',
  'Павел',
  'Пётр',
  'Роман',
  'Руслан',
  'Сергей',
  'Станислав',
  'Степан',
  'Тимур',
  'Фёдор',
  'Юрий',
  'Ярослав',
];
const FEMALE = [
  'Анастасия',
  'Анна',
  'Алина',
  'Алла',
  'Валентина',
  'Валерия',
  'Вера',
  'Виктория',
  'Галина',
  'Дарья',
  'Евгения',
  'Екатерина',
  'Елена',
  'Елизавета',
  'Жанна',
  'Ирина',
  'Кристина',
  'Ксения',
  'Лариса',
  'Любовь',
  'Людмила',
  'Марина',
  'Мария',
  'Надежда',
  'Наталья',
  'Нина',
  'Оксана',
  'Ольга',
  'Полина',
  'Светлана',
  'София',
  'Татьяна',
  'Юлия',
  'Яна',
];
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воробьёв',
  'Сергеев',
  'Кузьмин',
  'Фролов',
  'Александров',
  'Дмитриев',
  'Королёв',
  'Гусев',
  'Киселёв',
  'Ильин',
  'Максимов',
  'Поляков',
  'Сорокин',
  'Виноградов',
  'Ковалёв',
  'Белов',
  'Медведев',
  'Антонов',
  'Тарасов',
  'Жуков',
  'Баранов',
  'Филиппов',
  'Комаров',
  'Давыдов',
  'Беляев',
  'Герасимов',
  'Богданов',
  'Осипов',
  'Сидоров',
  'Матвеев',
  'Титов',
  'Марков',
  'Миронов',
  'Крылов',
  'Куликов',
  'Карпов',
  'Власов',
  'Мельников',
  'Денисов',
  'Гаврилов',
  'Тихонов',
  'Казаков',
  'Афанасьев',
  'Данилов',
  'Савельев',
  'Тимофеев',
  'Фомин',
  'Чернов',
  'Абрамов',
  'Мартынов',
  'Ефимов',
  'Федотов',
  'Щербаков',
  'Назаров',
  'Калинин',
  'Исаев',
  'Быков',
  'Маслов',
  'Родионов',
  'Коновалов',
  'Лазарев',
  'Воронин',
  'Климов',
  'Филатов',
  'Пономарёв',
  'Голубев',
  'Кудрявцев',
  'Прохоров',
  'Наумов',
  'Потапов',
  'Журавлёв',
  'Овчинников',
  'Трофимов',
  'Леонов',
  'Соболев',
  'Ермаков',
  'Колесников',
  'Гончаров',
  'Емельянов',
  'Никифоров',
  'Грачёв',
  'Котов',
  'Гришин',
  'Ефремов',
  'Архипов',
  'Громов',
  'Кириллов',
  'Малышев',
  'Панов',
  'Моисеев',
  'Румянцев',
  'Акимов',
  'Кондратьев',
  'Бирюков',
  'Горбунов',
  'Анисимов',
  'Тихомиров',
  'Галкин',
  'Лукьянов',
  'Скворцов',
  'Юдин',
  'Белоусов',
  'Нестеров',
  'Симонов',
  'Харитонов',
  'Князев',
  'Цветков',
  'Левин',
  'Воронов',
  'Мальцев',
  'Логинов',
  'Горшков',
  'Савин',
  'Краснов',
  'Майоров',
  'Демидов',
  'Елисеев',
  'Рыбаков',
  'Сафонов',
  'Плотников',
  'Хохлов',
  'Фадеев',
  'Молчанов',
  'Литвинов',
  'Ершов',
  'Ушаков',
  'Рябов',
  'Мухин',
  'Калашников',
  'Лобанов',
  'Корнеев',
  'Евдокимов',
  'Бородин',
  'Платонов',
  'Некрасов',
  'Балашов',
  'Бобров',
  'Жданов',
  'Блинов',
  'Коротков',
  'Муравьёв',
  'Крюков',
  'Дроздов',
  'Лавров',
  'Зуев',
  'Петухов',
  'Ларин',
  'Серов',
  'Зотов',
  'Устинов',
  'Фокин',
  'Самойлов',
  'Сахаров',
  'Шишкин',
  'Черкасов',
  'Чистяков',
  'Носов',
  'Воронцов',
  'Зверев',
  'Покровский',
  'Никольский',
  'Вишневский',
  'Островский',
  'Соболевский',
  'Яблонский',
];
const POSITIONS = [
  'Генеральный директор',
  'Коммерческий директор',
  'Финансовый директор',
  'Главный бухгалтер',
  'Бухгалтер',
  'Менеджер по закупкам',
  'Руководитель отдела закупок',
  'Офис-менеджер',
  'Юрист',
  'Инженер',
  'Главный инженер',
  'Руководитель проекта',
  'Специалист по снабжению',
  'Директор по развитию',
  'ИТ-директор',
  'Системный администратор',
  'Маркетолог',
  'Менеджер по персоналу',
  'Заместитель директора',
  'Технический директор',
  'Логист',
  'Архитектор',
  'Прораб',
];
const COMPANY_A = [
  'Альфа',
  'Бета',
  'Вектор',
  'Гранит',
  'Дельта',
  'Евро',
  'Импульс',
  'Континент',
  'Лидер',
  'Меридиан',
  'Нева',
  'Орион',
  'Прогресс',
  'Регион',
  'Сибирь',
  'Техно',
  'Урал',
  'Феникс',
  'Центр',
  'Энерго',
  'Волга',
  'Север',
  'Восток',
  'Стандарт',
  'Профи',
  'Мега',
  'Капитал',
  'Байкал',
  'Полюс',
  'Кристалл',
  'Атлант',
  'Зенит',
  'Горизонт',
  'Магистраль',
  'Спектр',
  'Эталон',
  'Аврора',
  'Звезда',
  'Олимп',
  'Ресурс',
];
const COMPANY_B = [
  'Строй',
  'Торг',
  'Сервис',
  'Групп',
  'Инвест',
  'Логистик',
  'Снаб',
  'Пром',
  'Софт',
  'Трейд',
  'Консалт',
  'Маркет',
  'Проект',
  'Мастер',
  'Системс',
  'Технологии',
  'Холдинг',
  'Лайн',
  'Транс',
  'Агро',
  'Медиа',
  'Девелопмент',
  'Комплект',
  'Монтаж',
  'Металл',
  'Пласт',
  'Электро',
  'Фарм',
  'Фуд',
  'Недвижимость',
];
const INDUSTRIES = ['Информационные технологии', 'Производство', 'Торговля', 'Строительство', 'Услуги', 'Финансы', 'Образование', 'Медицина', 'Дизайн и архитектура', 'Другое'];
const CITIES: [string, string, string][] = [
  ['Москва', '77', '495'],
  ['Санкт-Петербург', '78', '812'],
  ['Новосибирск', '54', '383'],
  ['Екатеринбург', '66', '343'],
  ['Казань', '16', '843'],
  ['Нижний Новгород', '52', '831'],
  ['Челябинск', '74', '351'],
  ['Самара', '63', '846'],
  ['Омск', '55', '381'],
  ['Ростов-на-Дону', '61', '863'],
  ['Уфа', '02', '347'],
  ['Красноярск', '24', '391'],
  ['Воронеж', '36', '473'],
  ['Пермь', '59', '342'],
  ['Волгоград', '34', '844'],
];
const STREETS = [
  'ул. Ленина',
  'ул. Мира',
  'пр. Победы',
  'ул. Советская',
  'ул. Гагарина',
  'ул. Пушкина',
  'Садовая ул.',
  'ул. Кирова',
  'Набережная ул.',
  'ул. Строителей',
  'Заводская ул.',
  'ул. Лесная',
  'Центральная ул.',
  'ул. Молодёжная',
  'пр. Энтузиастов',
];
const SERVICES = [
  'Поставка оборудования',
  'Внедрение CRM',
  'Годовое обслуживание',
  'Разработка сайта',
  'Аудит информационной безопасности',
  'Поставка офисной мебели',
  'Ремонт офиса',
  'Проектирование склада',
  'Лицензии 1С',
  'Консалтинг по продажам',
  'Монтаж вентиляции',
  'Аренда спецтехники',
  'Обучение персонала',
  'Логистические услуги',
  'Рекламная кампания',
  'Дизайн интерьера',
  'Поставка металлопроката',
  'Техническое обслуживание лифтов',
  'Сопровождение бухгалтерии',
  'Охрана объекта',
  'Поставка канцтоваров',
  'Модернизация серверной',
  'Клининг офиса',
  'Разработка мобильного приложения',
  'Энергоаудит',
];
const SOURCES = ['Сайт', 'Звонок', 'Рекомендация', 'Выставка', 'E-mail', 'Реклама', 'Повторная продажа'];
const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru', 'list.ru', 'rambler.ru'];
const MOBILE = ['903', '905', '906', '909', '910', '911', '912', '915', '916', '917', '919', '921', '925', '926', '929', '960', '962', '964', '965', '977', '985', '999'];
const COMMENTS = [
  'Созвонились с клиентом, ждёт коммерческое предложение до пятницы.',
  'Отправил КП, клиент просит скидку 5%.',
  'Встреча в офисе клиента назначена на следующую неделю.',
  'Клиент согласовал договор, ждём подписанный экземпляр.',
  'Нужно уточнить сроки поставки у склада.',
  'Бюджет утверждён, готовим счёт на предоплату.',
];
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
export const translit = (s: string) => [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');

function femaleLast(last: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(last)) return `${last}а`;
  if (last.endsWith('ский')) return `${last.slice(0, -4)}ская`;
  return last;
}
function patronymic(father: string, female: boolean): string {
  const base = father === 'Пётр' ? 'Петр' : father === 'Фёдор' ? 'Федор' : father === 'Артём' ? 'Артем' : father;
  if (/(ий)$/.test(base)) return `${base.slice(0, -2)}${female ? 'ьевна' : 'ьевич'}`;
  if (/й$/.test(base)) return `${base.slice(0, -1)}${female ? 'евна' : 'евич'}`;
  if (base === 'Илья') return female ? 'Ильинична' : 'Ильич';
  if (base === 'Никита') return female ? 'Никитична' : 'Никитич';
  return `${base}${female ? 'овна' : 'ович'}`;
}

export interface Person {
  last: string;
  first: string;
  middle: string;
}
export function person(r: Rng): Person {
  const female = r.chance(0.5);
  const first = female ? r.pick(FEMALE) : r.pick(MALE);
  const lastM = r.pick(LAST);
  return { first, last: female ? femaleLast(lastM) : lastM, middle: patronymic(r.pick(MALE), female) };
}
export const mobilePhone = (r: Rng) => `+7${r.pick(MOBILE)}${r.digits(7)}`;

/** A 10-digit ИНН of an organisation from nine digits. */
function innOf(first9: string): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = w.reduce((s, k, i) => s + k * Number(first9[i]), 0);
  return first9 + String((sum % 11) % 10);
}

/** As the server's buildSearchText: parts, then each typed value and its digits, lower-cased. */
export function searchText(parts: (string | null | undefined)[], typed: { value: string }[][] = []): string {
  const values = typed.flat().flatMap((v) => [v.value, v.value.replace(/\D/g, '')]);
  return [...parts, ...values].filter(Boolean).join(' ').toLowerCase().slice(0, 4000);
}

const COMPANY_C = [
  ...CITIES.map((c) => c[0]),
  'Плюс',
  'Про',
  'М',
  'Групп',
  'Регион',
  'Север',
  'Юг',
  'Инвест',
  'Трейд',
  'Сервис',
  'Партнёр',
  'Лидер',
  'XXI',
  'Экспресс',
  'Альянс',
  'Стандарт',
  'Премиум',
  'Эксперт',
  'Союз',
  'Центр',
  'Запад',
  'Восток',
  'Поволжье',
  'Подмосковье',
  'Кубань',
  'Дон',
  'Черноземье',
  'Приморье',
  'Балтика',
  'Онлайн',
];
const FORMS = ['ООО', 'АО', 'ПАО', 'ЗАО'];
const NAMES_TOTAL = COMPANY_A.length * COMPANY_B.length * COMPANY_C.length * FORMS.length;

/**
 * The title of company number i (deterministic: the import CSV names existing companies by it).
 * Spread over ~230,000 combinations by a permutation of i, so names repeat about as rarely as in
 * a real client base; one in twenty is an ИП.
 */
export function companyTitle(i: number): string {
  const r = new Rng(i * 7919 + 17);
  if (r.chance(0.05)) {
    const p = person(r);
    return `ИП ${p.last} ${p.first[0]}. ${p.middle[0]}.`;
  }
  let k = (i * 104_729) % NAMES_TOTAL;
  const a = COMPANY_A[k % COMPANY_A.length]!;
  k = Math.floor(k / COMPANY_A.length);
  const b = COMPANY_B[k % COMPANY_B.length]!;
  k = Math.floor(k / COMPANY_B.length);
  const c = COMPANY_C[k % COMPANY_C.length]!;
  k = Math.floor(k / COMPANY_C.length);
  const form = FORMS[k % FORMS.length]!;
  return r.chance(0.5) ? `${form} «${a}${b.toLowerCase()} ${c}»` : `${form} «${a}-${b} ${c}»`;
}

// ---------------------------------------------------------------- database targets

type ColType = 'int' | 'bigint' | 'text' | 'ts';
type Cols = [string, ColType][];
const PG_TYPE: Record<ColType, string> = { int: 'int4', bigint: 'int8', text: 'text', ts: 'timestamptz' };

interface Target {
  dialect: 'sqlite' | 'postgres';
  /** `?` placeholders on both databases. */
  q(sql: string, params?: unknown[]): Promise<any[]>;
  exec(sql: string): Promise<void>;
  /** Rows of a bulk table; buffered, written by flush() at the latest. */
  add(table: string, cols: Cols, row: unknown[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

function sqliteTarget(file: string): Target {
  const db = new Database(file);
  db.pragma('journal_mode = OFF'); // generation only: WAL again at the end
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  const stmts = new Map<string, Database.Statement>();
  let inTx = false;
  return {
    dialect: 'sqlite',
    async q(sql, params = []) {
      const s = db.prepare(sql);
      return s.reader ? s.all(...(params as never[])) : (s.run(...(params as never[])), []);
    },
    async exec(sql) {
      db.exec(sql);
    },
    async add(table, cols, row) {
      let s = stmts.get(table);
      if (!s) {
        s = db.prepare(`insert into ${table} (${cols.map((c) => c[0]).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
        stmts.set(table, s);
      }
      if (!inTx) {
        db.exec('begin');
        inTx = true;
      }
      s.run(...(row as never[]));
    },
    async flush() {
      if (inTx) db.exec('commit');
      inTx = false;
    },
    async close() {
      if (inTx) db.exec('commit');
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

async function pgTarget(url: string): Promise<Target> {
  // Two connections: one statement in flight on each while this process builds the next chunk.
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  for (const c of clients) {
    await c.connect();
    await c.query("set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '512MB'");
  }
  const client = clients[0]!;
  const CHUNK = 5000;
  const buffers = new Map<string, { cols: Cols; rows: unknown[][] }>();
  const busy: (Promise<unknown> | null)[] = [null, null];
  let turn = 0;
  const toPg = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const drain = async () => {
    for (let i = 0; i < busy.length; i++) {
      const p = busy[i];
      busy[i] = null;
      if (p) await p;
    }
  };
  const send = async (table: string, cols: Cols, rows: unknown[][]) => {
    const arrays = cols.map((_, j) => rows.map((r) => r[j] ?? null));
    const sql = `insert into ${table} (${cols.map((c) => c[0]).join(', ')}) select * from unnest(${cols.map((c, j) => `$${j + 1}::${PG_TYPE[c[1]]}[]`).join(', ')})`;
    turn = (turn + 1) % clients.length;
    if (busy[turn]) await busy[turn];
    const p = clients[turn]!.query(sql, arrays);
    p.catch(() => {}); // awaited in drain() or on this connection's next turn
    busy[turn] = p;
  };
  return {
    dialect: 'postgres',
    async q(sql, params = []) {
      await drain();
      return (await client.query(toPg(sql), params)).rows;
    },
    async exec(sql) {
      await drain();
      await client.query(sql);
    },
    async add(table, cols, row) {
      let b = buffers.get(table);
      if (!b) buffers.set(table, (b = { cols, rows: [] }));
      b.rows.push(row);
      if (b.rows.length >= CHUNK) {
        const rows = b.rows;
        b.rows = [];
        await send(table, cols, rows);
      }
    },
    async flush() {
      for (const [table, b] of buffers) if (b.rows.length) await send(table, b.cols, b.rows.splice(0));
      await drain();
    },
    async close() {
      await drain();
      for (const c of clients) {
        await c.query('set session_replication_role = origin').catch(() => {});
        await c.end();
      }
    },
  };
}

// ---------------------------------------------------------------- the data

export interface StageInfo {
  id: number;
  name: string;
  kind: string;
  pipelineId: number;
}
export interface GenResult {
  ms: number;
  phases: { name: string; ms: number }[];
  portalId: number;
  admin: { userId: number; accountId: number };
  benchUsers: { id: number; email: string; name: string }[];
  ownUser: { id: number; email: string; accountId: number; departmentId: number | null };
  ownRoleId: number;
  /** Everyone deals were given to. */
  responsibles: number[];
  pipelines: { id: number; name: string; stages: StageInfo[] }[];
  counts: Record<string, number>;
  dealIds: { first: number; last: number };
  companyIds: { first: number; last: number };
}

export interface GenOptions {
  companies: number;
  contacts: number;
  deals: number;
  users: number;
  seed: number;
}

export const DEFAULT_SIZES: GenOptions = { companies: 300_000, contacts: 1_000_000, deals: 1_000_000, users: 50, seed: 20261127 };

const BULK_TABLES = ['crm_company', 'crm_contact', 'crm_contact_company', 'crm_deal', 'crm_deal_contact', 'history', 'comment'];
const DAY = 86_400_000;

export async function generate(ws: Workspace, o: GenOptions): Promise<GenResult> {
  const started = performance.now();
  const phases: { name: string; ms: number }[] = [];
  let t = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases.push({ name, ms: now - t });
    step(`  gen: ${name} ${((now - t) / 1000).toFixed(1)} s`);
    t = now;
  };
  const db = ws.databaseUrl ? await pgTarget(ws.databaseUrl) : sqliteTarget(ws.sqliteFile);
  const r = new Rng(o.seed);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = (ms: number) => iso(ms).slice(0, 10);
  try {
    // ---- what the server made: the demo portal, its admin, departments, «Продажи»
    const [portal] = await db.q(`select id from portal where name = ?`, ['vavilonproject']);
    if (!portal) throw new Error('the demo portal is missing: did the server start with DEMO_PASSWORD?');
    const portalId = Number(portal.id);
    const [admin] = await db.q(`select u.id, u.account_id, u.department_id, a.password_hash from app_user u join account a on a.id = u.account_id where a.email = ? and u.portal_id = ?`, [
      'admin@vavilon.example',
      portalId,
    ]);
    const depts = await db.q(`select id, name, head_id from department where portal_id = ? order by id`, [portalId]);
    const workDepts = depts.filter((d: any) => d.head_id !== admin.id);
    const [sales] = await db.q(`select id from crm_pipeline where portal_id = ? and code = 'sales'`, [portalId]);

    // ---- 50 employees, sharing the demo password's hash
    const benchUsers: GenResult['benchUsers'] = [];
    const at = iso(now - 800 * DAY);
    for (let i = 1; i <= o.users; i++) {
      const p = person(r);
      const email = `${translit(p.first)[0]}.${translit(p.last)}${i}@vavilon.example`;
      const [acc] = await db.q(`insert into account (email, phone, password_hash, created_at) values (?, null, ?, ?) returning id`, [email, admin.password_hash, at]);
      const dept = workDepts.length ? workDepts[i % workDepts.length] : null;
      const phones = JSON.stringify([{ type: 'mobile', value: mobilePhone(r) }]);
      const [u] = await db.q(
        `insert into app_user (portal_id, account_id, first_name, last_name, middle_name, position, department_id, manager_id, photo_url, phones, emails, role, status, language, time_zone, version, created_at, updated_at, search_text)
         values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, 'employee', 'active', 'ru', 'Europe/Moscow', 1, ?, ?, ?) returning id`,
        [
          portalId,
          acc.id,
          p.first,
          p.last,
          p.middle,
          i % 10 === 0 ? 'Руководитель группы продаж' : 'Менеджер по продажам',
          dept?.id ?? null,
          dept?.head_id ?? admin.id,
          phones,
          JSON.stringify([{ type: 'work', value: email }]),
          at,
          at,
          searchText([p.first, p.last, p.middle, email]),
        ],
      );
      benchUsers.push({ id: Number(u.id), email, name: `${p.first} ${p.last}` });
    }
    const demoUsers = (await db.q(`select id from app_user where portal_id = ? and status = 'active' order by id`, [portalId])).map((x: any) => Number(x.id));
    const responsibles = [...new Set([...demoUsers, ...benchUsers.map((u) => u.id)])];

    // ---- a second pipeline, and a role that reads and edits only its own items
    const [p2] = await db.q(
      `insert into crm_pipeline (portal_id, entity_type, name, code, sort, is_default, version, created_at) values (?, 'deal', 'Партнёрские продажи', 'partners', 20, 0, 1, ?) returning id`,
      [portalId, at],
    );
    const p2stages: [string, string, string, string][] = [
      ['NEW', 'Новая заявка', '#39a8ef', 'progress'],
      ['NEGOTIATION', 'Переговоры', '#2fc6f6', 'progress'],
      ['CONTRACT', 'Согласование договора', '#55d0e0', 'progress'],
      ['INVOICE', 'Выставлен счёт', '#ffa900', 'progress'],
      ['WON', 'Сделка успешна', '#7bd500', 'success'],
      ['LOSE', 'Сделка провалена', '#ff5752', 'failure'],
    ];
    for (const [i, [code, name, color, kind]] of p2stages.entries()) {
      await db.q(`insert into crm_stage (portal_id, entity_type, pipeline_id, name, code, color, sort, kind, version) values (?, 'deal', ?, ?, ?, ?, ?, ?, 1)`, [
        portalId,
        p2.id,
        name,
        code,
        color,
        (i + 1) * 10,
        kind,
      ]);
    }
    const stageRows = await db.q(`select id, name, kind, pipeline_id from crm_stage where portal_id = ? and entity_type = 'deal' order by pipeline_id, sort, id`, [portalId]);
    const pipelines = [
      { id: Number(sales.id), name: 'Продажи' },
      { id: Number(p2.id), name: 'Партнёрские продажи' },
    ].map((p) => ({
      ...p,
      stages: stageRows.filter((s: any) => Number(s.pipeline_id) === p.id).map((s: any) => ({ id: Number(s.id), name: s.name, kind: s.kind, pipelineId: p.id })),
    }));
    const own = Object.fromEntries(['lead', 'deal', 'contact', 'company'].map((e) => [e, Object.fromEntries(['read', 'add', 'edit', 'delete', 'export', 'import'].map((a) => [a, 'own']))]));
    const [role] = await db.q(`insert into crm_role (portal_id, name, permissions, is_default, version) values (?, 'Менеджер (только свои)', ?, 0, 1) returning id`, [portalId, JSON.stringify(own)]);
    const ownUser = benchUsers[0]!;
    await db.q(`insert into crm_role_user (portal_id, role_id, user_id) values (?, ?, ?)`, [portalId, role.id, ownUser.id]);
    const [ownRow] = await db.q(`select account_id, department_id from app_user where id = ?`, [ownUser.id]);
    phase('users, pipeline, role');

    // ---- secondary indexes off during the load
    const indexes: { name: string; sql: string }[] =
      db.dialect === 'sqlite'
        ? await db.q(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(', ')})`, BULK_TABLES)
        : await db.q(
            `select i.relname as name, pg_get_indexdef(i.oid) as sql from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
              where t.relname = any(?) and not x.indisprimary and not x.indisunique and t.relnamespace = 'public'::regnamespace`,
            [BULK_TABLES],
          );
    if (!process.env.BENCH_GEN_KEEP_INDEXES) for (const ix of indexes) await db.exec(`drop index ${ix.name}`);

    const maxId = async (table: string) => Number((await db.q(`select coalesce(max(id), 0) as m from ${table}`))[0].m);
    const span = 730 * DAY;
    const start = now - span;
    /** created_at of row i of n: rising with the id over two years, a little jitter. */
    const createdAt = (i: number, n: number) => Math.min(now - 60_000, start + (i / n) * span + r.int(6 * 3600_000));
    const userPick = cumulative(responsibles.map((_, i) => 1 + (i % 7))); // some managers carry more
    const responsible = () => responsibles[r.weighted(userPick)]!;

    // ---- companies
    const companyBase = await maxId('crm_company');
    const COMPANY: Cols = [
      ['id', 'int'],
      ['portal_id', 'int'],
      ['title', 'text'],
      ['industry', 'text'],
      ['revenue', 'bigint'],
      ['revenue_currency', 'text'],
      ['address', 'text'],
      ['inn', 'text'],
      ['kpp', 'text'],
      ['ogrn', 'text'],
      ['phones', 'text'],
      ['emails', 'text'],
      ['websites', 'text'],
      ['messengers', 'text'],
      ['responsible_id', 'int'],
      ['source', 'text'],
      ['utm_source', 'text'],
      ['utm_medium', 'text'],
      ['comments', 'text'],
      ['custom', 'text'],
      ['search_text', 'text'],
      ['created_by', 'int'],
      ['created_at', 'ts'],
      ['updated_at', 'ts'],
      ['version', 'int'],
    ];
    for (let i = 0; i < o.companies; i++) {
      const id = companyBase + 1 + i;
      const title = companyTitle(i);
      const [city, region, code] = r.pick(CITIES);
      const inn = innOf(`${region}${String(10 + r.int(90))}${String(i).padStart(5, '0').slice(-5)}`);
      const domain = `${translit(title.replace(/^\S+ /, '')).slice(0, 20) || 'firm'}${i}.ru`;
      const phones = [{ type: 'work', value: `+7${code}${r.digits(7)}` }];
      const emails = [{ type: 'work', value: `info@${domain}` }];
      const c = createdAt(i, o.companies);
      const resp = responsible();
      await db.add('crm_company', COMPANY, [
        id,
        portalId,
        title,
        r.pick(INDUSTRIES),
        r.chance(0.7) ? (1 + r.int(5000)) * 100_000_00 : null,
        'RUB',
        `${city}, ${r.pick(STREETS)}, д. ${1 + r.int(150)}`,
        inn,
        `${inn.slice(0, 4)}01001`,
        `1${region}${r.digits(10)}`,
        JSON.stringify(phones),
        JSON.stringify(emails),
        JSON.stringify([{ type: 'work', value: domain }]),
        '[]',
        resp,
        r.pick(SOURCES),
        null,
        null,
        '',
        '{}',
        searchText([title, inn], [phones, emails]),
        resp,
        iso(c),
        iso(Math.min(now, c + r.int(60) * DAY)),
        1,
      ]);
    }
    await db.flush();
    phase(`${o.companies.toLocaleString('en-US')} companies`);

    // ---- contacts and their companies
    const contactBase = await maxId('crm_contact');
    const CONTACT: Cols = [
      ['id', 'int'],
      ['portal_id', 'int'],
      ['last_name', 'text'],
      ['first_name', 'text'],
      ['middle_name', 'text'],
      ['position', 'text'],
      ['birthday', 'text'],
      ['phones', 'text'],
      ['emails', 'text'],
      ['websites', 'text'],
      ['messengers', 'text'],
      ['responsible_id', 'int'],
      ['source', 'text'],
      ['comments', 'text'],
      ['custom', 'text'],
      ['search_text', 'text'],
      ['created_by', 'int'],
      ['created_at', 'ts'],
      ['updated_at', 'ts'],
      ['version', 'int'],
    ];
    const LINK: Cols = [
      ['portal_id', 'int'],
      ['contact_id', 'int'],
      ['company_id', 'int'],
    ];
    let links = 0;
    for (let i = 0; i < o.contacts; i++) {
      const id = contactBase + 1 + i;
      const p = person(r);
      const phones = [{ type: 'mobile', value: mobilePhone(r) }];
      if (r.chance(0.2)) phones.push({ type: 'work', value: `+7${r.pick(CITIES)[2]}${r.digits(7)}` });
      const emails = r.chance(0.8) ? [{ type: 'work', value: `${translit(p.first)}.${translit(p.last)}${id}@${r.pick(MAIL_DOMAINS)}` }] : [];
      const c = createdAt(i, o.contacts);
      const resp = responsible();
      await db.add('crm_contact', CONTACT, [
        id,
        portalId,
        p.last,
        p.first,
        p.middle,
        r.chance(0.7) ? r.pick(POSITIONS) : '',
        r.chance(0.3) ? `${1955 + r.int(50)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}` : null,
        JSON.stringify(phones),
        JSON.stringify(emails),
        '[]',
        '[]',
        resp,
        r.pick(SOURCES),
        '',
        '{}',
        searchText([p.last, p.first, p.middle], [phones, emails]),
        resp,
        iso(c),
        iso(Math.min(now, c + r.int(30) * DAY)),
        1,
      ]);
      if (r.chance(0.6)) {
        await db.add('crm_contact_company', LINK, [portalId, id, companyBase + 1 + r.int(o.companies)]);
        links++;
      }
    }
    await db.flush();
    phase(`${o.contacts.toLocaleString('en-US')} contacts, ${links.toLocaleString('en-US')} company links`);

    // ---- deals, their primary contact, history and comments
    const dealBase = await maxId('crm_deal');
    const DEAL: Cols = [
      ['id', 'int'],
      ['portal_id', 'int'],
      ['title', 'text'],
      ['pipeline_id', 'int'],
      ['stage_id', 'int'],
      ['stage_kind', 'text'],
      ['amount', 'bigint'],
      ['currency', 'text'],
      ['company_id', 'int'],
      ['begin_date', 'text'],
      ['close_date', 'text'],
      ['stage_changed_at', 'ts'],
      ['phones', 'text'],
      ['emails', 'text'],
      ['websites', 'text'],
      ['messengers', 'text'],
      ['responsible_id', 'int'],
      ['source', 'text'],
      ['utm_source', 'text'],
      ['utm_medium', 'text'],
      ['utm_campaign', 'text'],
      ['comments', 'text'],
      ['custom', 'text'],
      ['search_text', 'text'],
      ['created_by', 'int'],
      ['created_at', 'ts'],
      ['updated_at', 'ts'],
      ['version', 'int'],
    ];
    const DEAL_CONTACT: Cols = [
      ['portal_id', 'int'],
      ['deal_id', 'int'],
      ['contact_id', 'int'],
      ['is_primary', 'int'],
    ];
    const HISTORY: Cols = [
      ['portal_id', 'int'],
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['event_id', 'bigint'],
      ['actor_id', 'int'],
      ['action', 'text'],
      ['field', 'text'],
      ['old_value', 'text'],
      ['new_value', 'text'],
      ['created_at', 'ts'],
    ];
    const COMMENT: Cols = [
      ['portal_id', 'int'],
      ['entity_type', 'text'],
      ['entity_id', 'int'],
      ['author_id', 'int'],
      ['html', 'text'],
      ['files', 'text'],
      ['mentions', 'text'],
      ['created_at', 'ts'],
      ['updated_at', 'ts'],
    ];
    const stageWeights = [cumulative([20, 12, 8, 12, 6, 25, 17]), cumulative([20, 15, 10, 8, 27, 20])];
    let dealContacts = 0;
    let history = 0;
    let comments = 0;
    for (let i = 0; i < o.deals; i++) {
      const id = dealBase + 1 + i;
      const pi = r.chance(0.65) ? 0 : 1;
      const pipeline = pipelines[pi]!;
      const si = Math.min(r.weighted(stageWeights[pi]!), pipeline.stages.length - 1);
      const stage = pipeline.stages[si]!;
      const companyIdx = r.chance(0.85) ? r.int(o.companies) : -1;
      const company = companyIdx >= 0 ? companyTitle(companyIdx) : null;
      const service = r.pick(SERVICES);
      const title = company ? `${service} — ${company}` : `${service} №${id}`;
      const amount = Math.round(Math.exp(Math.log(10_000) + r.next() * Math.log(1000)) / 100) * 100 * 100; // 10 тыс. – 10 млн ₽, kopecks
      const c = createdAt(i, o.deals);
      const changed = Math.min(now, c + r.int(45) * DAY + r.int(DAY));
      const updated = Math.min(now, changed + r.int(5) * DAY);
      const resp = responsible();
      const begin = c;
      await db.add('crm_deal', DEAL, [
        id,
        portalId,
        title,
        pipeline.id,
        stage.id,
        stage.kind,
        amount,
        'RUB',
        company ? companyBase + 1 + companyIdx : null,
        day(begin),
        day(begin + (7 + r.int(120)) * DAY),
        iso(changed),
        '[]',
        '[]',
        '[]',
        '[]',
        resp,
        r.pick(SOURCES),
        r.chance(0.2) ? 'yandex' : null,
        r.chance(0.2) ? 'cpc' : null,
        null,
        '',
        '{}',
        searchText([title, company]),
        resp,
        iso(c),
        iso(updated),
        1,
      ]);
      if (r.chance(0.8)) {
        await db.add('crm_deal_contact', DEAL_CONTACT, [portalId, id, contactBase + 1 + r.int(o.contacts), 1]);
        dealContacts++;
      }
      await db.add('history', HISTORY, [portalId, 'deal', String(id), 0, resp, 'crm.deal.created', null, null, null, iso(c)]);
      history++;
      if (si > 0 && r.chance(0.6)) {
        await db.add('history', HISTORY, [portalId, 'deal', String(id), 0, resp, 'crm.deal.updated', 'stage_id', String(pipeline.stages[0]!.id), String(stage.id), iso(changed)]);
        history++;
      }
      if (r.chance(0.1)) {
        await db.add('comment', COMMENT, [portalId, 'deal', id, resp, `<p>${r.pick(COMMENTS)}</p>`, '[]', '[]', iso(changed), iso(changed)]);
        comments++;
      }
    }
    await db.flush();
    phase(`${o.deals.toLocaleString('en-US')} deals, ${dealContacts.toLocaleString('en-US')} contacts, ${history.toLocaleString('en-US')} history, ${comments.toLocaleString('en-US')} comments`);

    if (!process.env.BENCH_GEN_KEEP_INDEXES) {
      for (const ix of indexes) await db.exec(ix.sql);
      phase(`${indexes.length} secondary indexes rebuilt`);
    }

    // ---- Kanban totals, once, from the deals
    await db.q(`delete from crm_deal_totals where portal_id = ?`, [portalId]);
    await db.q(
      `insert into crm_deal_totals (portal_id, stage_id, responsible_id, currency, deal_count, amount_sum)
       select portal_id, stage_id, coalesce(responsible_id, 0), currency, count(*), sum(amount) from crm_deal where portal_id = ? group by portal_id, stage_id, coalesce(responsible_id, 0), currency`,
      [portalId],
    );
    if (db.dialect === 'postgres') {
      for (const tbl of ['crm_company', 'crm_contact', 'crm_deal']) await db.exec(`select setval(pg_get_serial_sequence('${tbl}', 'id'), (select max(id) from ${tbl}))`);
    }
    phase('Kanban totals');
    if (db.dialect === 'postgres') await db.exec('vacuum (analyze)');
    else await db.exec('analyze');
    phase(db.dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');

    const counts: Record<string, number> = {};
    for (const tbl of ['app_user', ...BULK_TABLES, 'crm_deal_totals']) counts[tbl] = Number((await db.q(`select count(*) as n from ${tbl}`))[0].n);
    return {
      ms: performance.now() - started,
      phases,
      portalId,
      admin: { userId: Number(admin.id), accountId: Number(admin.account_id) },
      benchUsers,
      ownUser: { ...ownUser, accountId: Number(ownRow.account_id), departmentId: ownRow.department_id === null ? null : Number(ownRow.department_id) },
      ownRoleId: Number(role.id),
      responsibles,
      pipelines,
      counts,
      dealIds: { first: dealBase + 1, last: dealBase + o.deals },
      companyIds: { first: companyBase + 1, last: companyBase + o.companies },
    };
  } finally {
    await db.close();
  }
}
