import type { Ctx } from '../../../platform/context.js';
import { innOf } from '../clients/demo.js';
import { insertItem } from '../items/service.js';

/**
 * Duplicates the demo portal's «Дубликаты» page finds: «ООО «Ромашка»» and «Ромашка» with one
 * ИНН, and two «Иван Петров» with one phone written two ways (one of them at the «Ромашка»).
 */
export async function seedDemoDuplicates(ctx: Ctx, responsibleId: number | null): Promise<void> {
  const inn = innOf('770512345');
  const first = await insertItem(ctx, 'company', { title: 'ООО «Ромашка»', inn, industry: null, phones: [{ type: 'work', value: '+7 495 120-30-40' }], responsibleId });
  await insertItem(ctx, 'company', { title: 'Ромашка', inn, phones: [{ type: 'work', value: '8 495 120 30 40' }], responsibleId });
  await insertItem(ctx, 'contact', {
    lastName: 'Петров',
    firstName: 'Иван',
    position: 'Директор по закупкам',
    companyIds: [first],
    phones: [{ type: 'mobile', value: '+7 916 700-11-22' }],
    emails: [{ type: 'work', value: 'petrov@romashka.ru' }],
    responsibleId,
  });
  await insertItem(ctx, 'contact', { lastName: 'Петров', firstName: 'Иван', phones: [{ type: 'mobile', value: '8 (916) 700-11-22' }], responsibleId });
}
