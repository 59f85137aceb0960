import type { Ctx } from '../../../platform/context.js';
import type { CompanyIn } from './companies.js';
import { leadStatuses } from './leads.js';
import { insertItem } from '../items/service.js';
import { activeUserIds, people } from '../../users/api.js';

/** A 10-digit ИНН of an organisation: nine digits and the check digit computed from them. */
export function innOf(first9: string): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = w.reduce((s, k, i) => s + k * Number(first9[i]), 0);
  return first9 + String((sum % 11) % 10);
}

type DemoCompany = Omit<CompanyIn, 'inn' | 'responsibleId'> & { innBase: string };

const COMPANIES: DemoCompany[] = [
  {
    title: 'ООО «Северный ветер»',
    industry: 'Строительство',
    revenue: '185000000.00',
    innBase: '770412345',
    kpp: '770401001',
    address: 'Москва, ул. Бутырская, д. 46, стр. 2',
    phones: [{ type: 'work', value: '+7 495 212-34-56' }],
    emails: [{ type: 'work', value: 'info@severveter-stroy.ru' }],
    websites: [{ type: 'work', value: 'severveter-stroy.ru' }],
    source: 'Сайт',
    utmSource: 'yandex',
    utmMedium: 'cpc',
    utmCampaign: 'proekt_ofisa',
  },
  {
    title: 'АО «Технопарк Заречье»',
    industry: 'Информационные технологии',
    revenue: '420500000.00',
    innBase: '502401234',
    kpp: '502401001',
    address: 'Московская обл., Одинцово, Заречная ул., д. 12',
    phones: [{ type: 'work', value: '+7 495 640-11-22' }],
    emails: [{ type: 'work', value: 'office@technopark-zarechye.ru' }],
    source: 'Рекомендация',
  },
  {
    title: 'ООО «Гастроном на Покровке»',
    industry: 'Торговля',
    revenue: '64300000.00',
    innBase: '770998765',
    kpp: '770901001',
    address: 'Москва, ул. Покровка, д. 17',
    phones: [
      { type: 'work', value: '+7 495 625-78-90' },
      { type: 'mobile', value: '+7 916 123-45-67' },
    ],
    emails: [{ type: 'work', value: 'zakaz@gastronom-pokrovka.ru' }],
    source: 'Звонок',
  },
  {
    title: 'ООО «Клиника Здоровье»',
    industry: 'Медицина',
    revenue: '97800000.00',
    innBase: '781055667',
    kpp: '781001001',
    address: 'Санкт-Петербург, Московский пр., д. 143',
    phones: [{ type: 'work', value: '+7 812 334-56-78' }],
    emails: [{ type: 'work', value: 'admin@klinika-zdorovie.ru' }],
    source: 'Сайт',
    utmSource: 'yandex',
    utmMedium: 'organic',
  },
  {
    title: 'ООО «Уральский металл»',
    industry: 'Производство',
    revenue: '1250000000.00',
    innBase: '667011223',
    kpp: '667001001',
    address: 'Екатеринбург, ул. Машиностроителей, д. 19',
    phones: [{ type: 'work', value: '+7 343 287-65-43' }],
    emails: [{ type: 'work', value: 'sales@uralmetall-ek.ru' }],
    source: 'Выставка',
  },
  {
    title: 'АНО «Школа будущего»',
    industry: 'Образование',
    revenue: '18400000.00',
    innBase: '165544332',
    kpp: '165501001',
    address: 'Казань, ул. Баумана, д. 58',
    phones: [{ type: 'work', value: '+7 843 210-30-40' }],
    emails: [{ type: 'work', value: 'hello@shkola-budushego.ru' }],
    source: 'Сайт',
    utmSource: 'yandex',
    utmMedium: 'cpc',
    utmCampaign: 'interer_shkoly',
  },
  {
    title: 'ООО «Финансовый дом Капитал»',
    industry: 'Финансы',
    revenue: '310000000.00',
    innBase: '770377889',
    kpp: '770301001',
    address: 'Москва, Пресненская наб., д. 8, стр. 1',
    phones: [{ type: 'work', value: '+7 495 988-12-12' }],
    emails: [{ type: 'work', value: 'office@fdkapital.ru' }],
    source: 'Рекомендация',
  },
  {
    title: 'ООО «Студия интерьера Лофт»',
    industry: 'Дизайн и архитектура',
    revenue: '12600000.00',
    innBase: '780299001',
    kpp: '780201001',
    address: 'Санкт-Петербург, наб. Обводного канала, д. 74',
    phones: [{ type: 'mobile', value: '+7 921 555-44-33' }],
    emails: [{ type: 'work', value: 'studio@loft-interior.ru' }],
    source: 'Звонок',
  },
];

/** [last, first, middle, position, company index, phone, e-mail] */
const CONTACTS: [string, string, string, string, number, string, string][] = [
  ['Орлов', 'Сергей', 'Викторович', 'Генеральный директор', 0, '+7 916 201-11-01', 's.orlov@severveter-stroy.ru'],
  ['Белова', 'Наталья', 'Андреевна', 'Главный инженер проекта', 0, '+7 916 201-11-02', 'n.belova@severveter-stroy.ru'],
  ['Захаров', 'Алексей', 'Игоревич', 'Директор по развитию', 1, '+7 925 310-22-01', 'zakharov@technopark-zarechye.ru'],
  ['Никитина', 'Екатерина', 'Сергеевна', 'Офис-менеджер', 1, '+7 925 310-22-02', 'nikitina@technopark-zarechye.ru'],
  ['Гусев', 'Павел', 'Олегович', 'Владелец', 2, '+7 903 445-33-01', 'gusev@gastronom-pokrovka.ru'],
  ['Лебедева', 'Ирина', 'Михайловна', 'Главный врач', 3, '+7 911 123-44-01', 'lebedeva@klinika-zdorovie.ru'],
  ['Ковалёв', 'Дмитрий', 'Петрович', 'Заместитель главного врача по АХЧ', 3, '+7 911 123-44-02', 'kovalev@klinika-zdorovie.ru'],
  ['Семёнов', 'Андрей', 'Николаевич', 'Технический директор', 4, '+7 912 600-55-01', 'semenov@uralmetall-ek.ru'],
  ['Фёдорова', 'Ольга', 'Владимировна', 'Директор', 5, '+7 917 250-66-01', 'fedorova@shkola-budushego.ru'],
  ['Мартынов', 'Кирилл', 'Александрович', 'Руководитель административного департамента', 6, '+7 926 777-88-01', 'martynov@fdkapital.ru'],
  ['Егорова', 'Светлана', 'Юрьевна', 'Менеджер по закупкам', 6, '+7 926 777-88-02', 'egorova@fdkapital.ru'],
  ['Тихонов', 'Максим', 'Евгеньевич', 'Арт-директор', 7, '+7 921 555-44-34', 'max@loft-interior.ru'],
];

/** [title, last, first, position, company, amount, phone, e-mail, source, status index] */
const LEADS: [string, string, string, string, string, string, string, string, string, number][] = [
  ['Дизайн офиса 600 м²', 'Крылов', 'Артём', 'Управляющий', 'ООО «Вектор Логистик»', '2400000.00', '+7 916 840-10-01', 'krylov@vector-logistic.ru', 'Сайт', 0],
  ['Интерьер кофейни', 'Полякова', 'Дарья', 'Владелец', 'ИП Полякова Д. С.', '650000.00', '+7 905 321-10-02', 'dasha.polyakova@mail.ru', 'Звонок', 1],
  ['Проект загородного дома', 'Воробьёв', 'Николай', '', '', '1800000.00', '+7 903 111-10-03', 'n.vorobyov@yandex.ru', 'Рекомендация', 2],
  ['Реконструкция шоурума', 'Киселёва', 'Марина', 'Директор по маркетингу', 'ООО «АвтоМир Север»', '3200000.00', '+7 921 700-10-04', 'kiseleva@avtomir-sever.ru', 'Сайт', 1],
  ['Навигация для бизнес-центра', 'Романов', 'Игорь', 'Главный инженер', 'АО «БЦ Меридиан»', '480000.00', '+7 495 777-10-05', 'romanov@bc-meridian.ru', 'Выставка', 3],
];

/**
 * The demo portal's clients: companies with valid ИНН, their contacts and a few leads in
 * different statuses, spread over the portal's employees. Runs in the caller's transaction.
 */
export async function seedDemoClients(ctx: Ctx): Promise<{ companyIds: number[]; contactIds: number[] }> {
  const users = [...(await people(ctx, await activeUserIds(ctx))).values()].sort((a, b) => a.id - b.id);
  const staff = users.filter((u) => u.role !== 'admin').map((u) => u.id);
  const pool = staff.length ? staff : users.map((u) => u.id);
  const who = (i: number) => pool[i % pool.length] ?? null;
  const companyIds: number[] = [];
  for (const [i, { innBase, ...c }] of COMPANIES.entries()) {
    companyIds.push(await insertItem(ctx, 'company', { ...c, inn: innOf(innBase), responsibleId: who(i) }));
  }
  const contactIds: number[] = [];
  for (const [i, [lastName, firstName, middleName, position, company, phone, email]] of CONTACTS.entries()) {
    contactIds.push(
      await insertItem(ctx, 'contact', {
        lastName,
        firstName,
        middleName,
        position,
        companyIds: [companyIds[company]!],
        phones: [{ type: 'mobile', value: phone }],
        emails: [{ type: 'work', value: email }],
        responsibleId: who(company),
        source: COMPANIES[company]!.source ?? null,
        ...(i % 4 === 0 ? { messengers: [{ type: 'work', value: `telegram: @${email.split('@')[0]!.replace(/\W/g, '_')}` }] } : {}),
      }),
    );
  }
  // Leads spread over the statuses in progress; the last one was refused («failure»).
  const statuses = await leadStatuses(ctx);
  const open = statuses.filter((s) => s.kind === 'progress');
  const lost = statuses.find((s) => s.kind === 'failure');
  const statusFor = (n: number) => (n >= 3 && lost ? lost : (open[n % Math.max(open.length, 1)] ?? statuses[0]!));
  if (statuses.length) {
    for (const [i, [title, lastName, firstName, position, companyTitle, amount, phone, email, source, statusIndex]] of LEADS.entries()) {
      await insertItem(ctx, 'lead', {
        title,
        lastName,
        firstName,
        position,
        companyTitle,
        amount,
        statusId: statusFor(statusIndex).id,
        phones: [{ type: 'mobile', value: phone }],
        emails: [{ type: 'work', value: email }],
        responsibleId: who(i + 1),
        source,
        ...(source === 'Сайт' ? { utmSource: 'yandex', utmMedium: 'cpc', utmCampaign: 'design_bureau' } : {}),
      });
    }
  }
  return { companyIds, contactIds };
}
