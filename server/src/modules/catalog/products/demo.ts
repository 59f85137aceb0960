import type { ProductInput } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { DemoSeed } from '../../../platform/registry/registry.js';
import { createSection } from './sections.js';
import { createProduct } from './service.js';

type Item = [name: string, sku: string, unit: string, price: string, vat: 0 | 10 | 20 | null, kind?: 'service'];

/** The demo design bureau's catalogue: its services, print and materials, in sections with subsections. */
const CATALOGUE: { section: string; children: { section: string; items: Item[] }[] }[] = [
  {
    section: 'Услуги дизайна',
    children: [
      {
        section: 'Фирменный стиль',
        items: [
          ['Разработка логотипа', 'DS-LOGO', 'усл', '45000', 20, 'service'],
          ['Фирменный стиль (брендбук)', 'DS-BRAND', 'усл', '180000', 20, 'service'],
          ['Дизайн визитки', 'DS-CARD', 'усл', '3500', 20, 'service'],
          ['Дизайн фирменного бланка', 'DS-BLANK', 'усл', '4500', 20, 'service'],
          ['Разработка нейминга', 'DS-NAME', 'усл', '60000', 20, 'service'],
        ],
      },
      {
        section: 'Полиграфический дизайн',
        items: [
          ['Дизайн буклета', 'DS-BOOKLET', 'усл', '12000', 20, 'service'],
          ['Дизайн каталога (за разворот)', 'DS-CATALOG', 'усл', '6000', 20, 'service'],
          ['Дизайн плаката', 'DS-POSTER', 'усл', '9000', 20, 'service'],
          ['Дизайн упаковки', 'DS-PACK', 'усл', '55000', 20, 'service'],
        ],
      },
      {
        section: 'Цифровой дизайн',
        items: [
          ['Дизайн лендинга', 'DS-LAND', 'усл', '85000', 20, 'service'],
          ['Дизайн баннера для сайта', 'DS-WEBBN', 'усл', '4000', 20, 'service'],
          ['Оформление соцсетей', 'DS-SMM', 'усл', '25000', 20, 'service'],
          ['Работа дизайнера', 'DS-HOUR', 'ч', '2500', 20, 'service'],
          ['Арт-директор: консультация', 'DS-ART', 'ч', '6000', 20, 'service'],
        ],
      },
    ],
  },
  {
    section: 'Печать',
    children: [
      {
        section: 'Визитки и листовки',
        items: [
          ['Визитки 90×50, 4+4, 100 шт', 'PR-CARD-100', 'упак', '1200', 20],
          ['Визитки 90×50, 4+4, 1000 шт', 'PR-CARD-1000', 'упак', '4800', 20],
          ['Листовка A5, 4+0, 1000 шт', 'PR-FLY-A5', 'упак', '6500', 20],
          ['Листовка A4, 4+4, 500 шт', 'PR-FLY-A4', 'упак', '7900', 20],
        ],
      },
      {
        section: 'Широкоформатная печать',
        items: [
          ['Печать баннера, винил 440 г', 'PR-BANNER', 'м²', '650', 20],
          ['Печать на самоклеящейся плёнке', 'PR-FILM', 'м²', '900', 20],
          ['Печать плаката A1', 'PR-POST-A1', 'шт', '1100', 20],
          ['Печать на холсте', 'PR-CANVAS', 'м²', '2400', 20],
          ['Ролл-ап 85×200 с печатью', 'PR-ROLLUP', 'шт', '5900', 20],
        ],
      },
      {
        section: 'Постпечатная обработка',
        items: [
          ['Ламинирование A4', 'PP-LAM-A4', 'шт', '40', 20, 'service'],
          ['Люверсы на баннер', 'PP-EYELET', 'шт', '25', 20, 'service'],
          ['Резка по контуру', 'PP-CUT', 'м²', '300', 20, 'service'],
          ['Брошюровка на пружину', 'PP-SPRING', 'шт', '120', 20, 'service'],
          ['Тиснение фольгой', 'PP-FOIL', 'шт', '35', 20, 'service'],
        ],
      },
    ],
  },
  {
    section: 'Материалы',
    children: [
      {
        section: 'Бумага',
        items: [
          ['Бумага офисная A4, 80 г/м², 500 л', 'MT-A4-80', 'упак', '420', 20],
          ['Бумага мелованная A3, 150 г/м², 250 л', 'MT-A3-150', 'упак', '1850', 20],
          ['Дизайнерский картон 300 г/м²', 'MT-CARD-300', 'л', '95', 20],
          ['Крафт-бумага в рулоне', 'MT-KRAFT', 'м', '60', 20],
        ],
      },
      {
        section: 'Плёнки и баннерная ткань',
        items: [
          ['Баннерная ткань литая 440 г', 'MT-BANNER', 'м²', '180', 20],
          ['Самоклеящаяся плёнка белая', 'MT-FILM-W', 'м²', '210', 20],
          ['Плёнка для ламинирования 125 мкм', 'MT-LAMFILM', 'упак', '1400', 20],
        ],
      },
      {
        section: 'Расходники',
        items: [
          ['Чернила сольвентные, 1 л', 'MT-INK-1L', 'л', '3200', 20],
          ['Пружины для переплёта 10 мм, 100 шт', 'MT-SPRING10', 'упак', '650', 20],
          ['Люверсы 10 мм, 1000 шт', 'MT-EYELET', 'упак', '890', 20],
          ['Фольга для тиснения золотая', 'MT-FOIL-G', 'м', '45', 20],
          ['Книга «Основы типографики»', 'MT-BOOK', 'шт', '1290', 10],
        ],
      },
    ],
  },
];

/** The demo catalogue: about fifty products and services of a design bureau. */
export async function seedDemoCatalogue(ctx: Ctx, _seed: DemoSeed): Promise<void> {
  let sort = 100;
  for (const top of CATALOGUE) {
    const parent = await createSection(ctx, { name: top.section, sort: (sort += 100) });
    for (const child of top.children) {
      const section = await createSection(ctx, { name: child.section, parentId: parent.id, sort: (sort += 100) });
      for (const [name, sku, unit, price, vatRate, kind] of child.items) {
        const input: ProductInput = { kind: kind ?? 'product', name, sku, description: '', sectionId: section.id, unit, price, currency: 'RUB', vatRate, vatIncluded: true, active: true };
        await createProduct(ctx, input);
      }
    }
  }
}
