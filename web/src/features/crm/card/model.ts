import type { Company, Contact, CrmItem, Deal, DealProduct, DealProductInput, EntityType, FieldDef, Lead, TypedValue, UserRef } from '../types';
import type { ProductBrief } from '@vavilon/contracts';
import { productLineSums, productTotals, type ProductLine, type ProductSums } from '@vavilon/contracts';
import { fromMinor, moneyInputValue, parseMoneyInput, toMinor } from '../format';

/** A linked item; `hidden`: the viewer may not read it (its title reads «Скрыто»; shown without a link). */
export type Ref = { id: number; title: string; hidden?: boolean };
export type MoneyDraft = { value: string; currency: string };
export type PathDraft = { source: string; utmSource: string; utmMedium: string; utmCampaign: string; utmContent: string; utmTerm: string };
/** A product row being edited; `discountSum` is off each unit (with `discountType: 'sum'`). */
export type ProductDraft = {
  key: string;
  productId?: number | null;
  name: string;
  price: string;
  quantity: string;
  unit: string;
  discountType: 'percent' | 'sum';
  discountPercent: string;
  discountSum: string;
  taxPercent: string;
  taxIncluded: boolean;
};

/** The card's editable state: canonical field keys → editor values. */
export interface Draft {
  title: string;
  industry: string | null;
  revenue: MoneyDraft;
  address: string;
  inn: string;
  kpp: string;
  ogrn: string;
  responsible: UserRef | null;
  phones: TypedValue[];
  emails: TypedValue[];
  websites: TypedValue[];
  messengers: TypedValue[];
  comments: string;
  clientPath: PathDraft;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  photoUrl: string;
  birthday: string;
  companies: Ref[];
  company: Ref | null;
  contacts: Ref[];
  observers: UserRef[];
  pipeline: number | null;
  stage: number | null;
  status: number | null;
  amount: MoneyDraft;
  beginDate: string;
  closeDate: string;
  products: ProductDraft[];
  /** The amount was set by hand and does not follow the product rows. */
  amountManual: boolean;
  companyTitle: string;
  custom: Record<string, unknown>;
}

export type DraftKey = keyof Draft;

const PATH_KEYS: (keyof PathDraft)[] = ['source', 'utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'];

let productSeq = 0;
export function newProductKey(): string {
  productSeq += 1;
  return `p${Date.now().toString(36)}${productSeq}`;
}

export function emptyDraft(): Draft {
  return {
    title: '',
    industry: null,
    revenue: { value: '', currency: 'RUB' },
    address: '',
    inn: '',
    kpp: '',
    ogrn: '',
    responsible: null,
    phones: [],
    emails: [],
    websites: [],
    messengers: [],
    comments: '',
    clientPath: { source: '', utmSource: '', utmMedium: '', utmCampaign: '', utmContent: '', utmTerm: '' },
    lastName: '',
    firstName: '',
    middleName: '',
    position: '',
    photoUrl: '',
    birthday: '',
    companies: [],
    company: null,
    contacts: [],
    observers: [],
    pipeline: null,
    stage: null,
    status: null,
    amount: { value: '', currency: 'RUB' },
    beginDate: '',
    closeDate: '',
    products: [],
    amountManual: false,
    companyTitle: '',
    custom: {},
  };
}

const s = (v: string | null | undefined) => v ?? '';

/** A stored product row as the card edits it. */
function productDraftOf(p: DealProduct): ProductDraft {
  return {
    key: `id${p.id}`,
    productId: p.productId ?? null,
    name: p.name,
    price: moneyInputValue(p.price),
    quantity: String(p.quantity),
    unit: p.unit || 'шт',
    discountType: p.discountType === 'sum' ? 'sum' : 'percent',
    discountPercent: p.discountPercent ? String(p.discountPercent) : '',
    discountSum: p.discountType === 'sum' && Number(p.discountSum) ? moneyInputValue(p.discountSum) : '',
    taxPercent: p.taxPercent ? String(p.taxPercent) : '',
    taxIncluded: p.taxIncluded ?? true,
  };
}

/** A new row: a free one, or one of the catalogue with its name, price, unit and VAT. */
export function newProductDraft(from?: ProductBrief): ProductDraft {
  return {
    key: newProductKey(),
    productId: from?.id ?? null,
    name: from?.name ?? '',
    price: from ? moneyInputValue(from.price) : '',
    quantity: '1',
    unit: from?.unit || 'шт',
    discountType: 'percent',
    discountPercent: '',
    discountSum: '',
    taxPercent: from?.vatRate ? String(from.vatRate) : '',
    taxIncluded: from ? from.vatIncluded : false,
  };
}

export function draftFrom(entity: EntityType, item: CrmItem | null, defaults?: Partial<Draft>): Draft {
  const d = emptyDraft();
  if (item) {
    d.responsible = item.responsible;
    d.phones = item.phones ?? [];
    d.emails = item.emails ?? [];
    d.websites = item.websites ?? [];
    d.messengers = item.messengers ?? [];
    d.comments = item.comments ?? '';
    const p = (item.clientPath ?? {}) as Record<string, string | null | undefined>;
    for (const k of PATH_KEYS) d.clientPath[k] = s(p[k]);
    d.custom = { ...(item.custom ?? {}) };
    d.title = item.title ?? '';
  }
  if (item && entity === 'company') {
    const c = item as Company;
    d.industry = c.industry;
    d.revenue = { value: moneyInputValue(c.revenue), currency: c.revenueCurrency || 'RUB' };
    d.address = c.address ?? '';
    d.inn = s(c.inn);
    d.kpp = s(c.kpp);
    d.ogrn = s(c.ogrn);
  }
  if (item && entity === 'contact') {
    const c = item as Contact;
    d.lastName = c.lastName;
    d.firstName = c.firstName;
    d.middleName = c.middleName;
    d.position = c.position;
    d.photoUrl = s(c.photoUrl);
    d.birthday = s(c.birthday);
    d.companies = c.companies.map((x) => ({ id: x.id, title: x.title }));
  }
  if (item && entity === 'deal') {
    const c = item as Deal;
    d.pipeline = c.pipelineId;
    d.stage = c.stageId;
    d.amount = { value: moneyInputValue(c.amount), currency: c.currency || 'RUB' };
    d.company = c.company ? { id: c.company.id, title: c.company.title, hidden: c.company.hidden } : null;
    const contacts = [...c.contacts].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
    d.contacts = contacts.map((x) => ({ id: x.id, title: x.title, hidden: x.hidden }));
    d.observers = c.observers;
    d.beginDate = s(c.beginDate);
    d.closeDate = s(c.closeDate);
    d.products = c.products.map(productDraftOf);
    d.amountManual = c.amountManual ?? false;
  }
  if (item && entity === 'lead') {
    const c = item as Lead;
    d.status = c.statusId;
    d.lastName = c.lastName;
    d.firstName = c.firstName;
    d.middleName = c.middleName;
    d.position = c.position;
    d.companyTitle = c.companyTitle;
    d.amount = { value: moneyInputValue(c.amount), currency: c.currency || 'RUB' };
    d.products = (c.products ?? []).map(productDraftOf);
    d.amountManual = c.amountManual ?? false;
  }
  return { ...d, ...(defaults ?? {}) };
}

const num = (v: string): number => Number(v.replace(',', '.').replace(/\s/g, ''));

type SumFields = Pick<ProductDraft, 'price' | 'quantity' | 'discountPercent' | 'taxPercent' | 'taxIncluded'> & Partial<Pick<ProductDraft, 'discountType' | 'discountSum'>>;

/** A row being edited as the shared computation reads it; what does not parse counts as nothing. */
function lineOfDraft(p: SumFields): ProductLine {
  const qty = num(p.quantity || '0');
  const disc = num(p.discountPercent || '0');
  const tax = num(p.taxPercent || '0');
  const ok = Number.isFinite(qty) && Number.isFinite(disc) && Number.isFinite(tax);
  const sumType = p.discountType === 'sum';
  return {
    priceMinor: toMinor(parseMoneyInput(p.price) || '0'),
    quantity: ok ? qty : 0,
    discountType: sumType ? 'sum' : 'percent',
    discountPercent: ok && !sumType ? disc : 0,
    discountSumMinor: sumType ? toMinor(parseMoneyInput(p.discountSum ?? '') || '0') : 0,
    taxPercent: ok ? tax : 0,
    taxIncluded: p.taxIncluded,
  };
}

/** One row's net, tax and total in kopecks: the very numbers the server stores (contracts/deal-sums.ts). */
export function productSums(p: SumFields): ProductSums {
  return productLineSums(lineOfDraft(p));
}

/** One product row's «Итого» in kopecks, the tax included. */
export function productSumMinor(p: SumFields): number {
  return productSums(p).total;
}

/** «Сумма без налога», «Налог (НДС)», «Итого» and the discount of the rows, in kopecks. */
export function productsSums(products: SumFields[]): ProductSums {
  return productTotals(products.map(lineOfDraft));
}

export function productsTotal(products: ProductDraft[]): string {
  return fromMinor(productsSums(products).total);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const trimTyped = (list: TypedValue[]) => list.filter((v) => v.value.trim()).map((v) => ({ type: v.type, value: v.value.trim() }));

export type LocalErrors = Record<string, string>;

/**
 * The request body: only what changed since `base` (everything on create), converted to the API's shape.
 * Money the user typed wrongly becomes a field error here, before anything is sent.
 */
export function bodyFrom(entity: EntityType, draft: Draft, base: Draft | null, messages: { money: string; required: string; number: string }): { body: Record<string, unknown>; errors: LocalErrors } {
  const body: Record<string, unknown> = {};
  const errors: LocalErrors = {};
  const changed = (k: DraftKey) => !base || !same(draft[k], base[k]);
  const str = (k: 'title' | 'address' | 'comments' | 'lastName' | 'firstName' | 'middleName' | 'position' | 'companyTitle') => {
    if (changed(k)) body[k] = draft[k].trim();
  };
  const nullable = (k: 'inn' | 'kpp' | 'ogrn' | 'photoUrl' | 'birthday' | 'beginDate' | 'closeDate') => {
    if (changed(k)) body[k] = draft[k].trim() || null;
  };
  const money = (k: 'revenue' | 'amount', valueKey: string, currencyKey: string, nullableValue: boolean) => {
    if (!changed(k)) return;
    const v = parseMoneyInput(draft[k].value);
    if (v === null) errors[k] = messages.money;
    else body[valueKey] = v === '' ? (nullableValue ? null : '0') : v;
    if (!base || draft[k].currency !== base[k].currency) body[currencyKey] = draft[k].currency;
  };

  if (entity !== 'contact') {
    str('title');
    if (!draft.title.trim()) errors.title = messages.required;
  }
  if (changed('responsible')) body.responsibleId = draft.responsible?.id ?? null;
  for (const k of ['phones', 'emails', 'websites', 'messengers'] as const) {
    if (entity === 'deal') continue;
    if (changed(k)) body[k] = trimTyped(draft[k]);
  }
  str('comments');
  if (changed('clientPath')) for (const k of PATH_KEYS) if (!base || draft.clientPath[k] !== base.clientPath[k]) body[k] = draft.clientPath[k].trim() || null;

  if (entity === 'company') {
    if (changed('industry')) body.industry = draft.industry || null;
    money('revenue', 'revenue', 'revenueCurrency', true);
    str('address');
    nullable('inn');
    nullable('kpp');
    nullable('ogrn');
  }
  if (entity === 'contact' || entity === 'lead') {
    str('lastName');
    str('firstName');
    str('middleName');
    str('position');
  }
  if (entity === 'contact') {
    nullable('photoUrl');
    nullable('birthday');
    if (changed('companies')) body.companyIds = draft.companies.map((c) => c.id);
    if (!draft.lastName.trim() && !draft.firstName.trim()) errors.firstName = messages.required;
  }
  if (entity === 'lead') {
    str('companyTitle');
    if (changed('status') && draft.status) body.statusId = draft.status;
  }
  if (entity === 'deal' || entity === 'lead') rowsBody(draft, base, body, errors, messages, changed, money);
  if (entity === 'deal') {
    if (changed('pipeline') && draft.pipeline) body.pipelineId = draft.pipeline;
    if (changed('stage') && draft.stage) body.stageId = draft.stage;
    if (changed('company')) body.companyId = draft.company?.id ?? null;
    if (changed('contacts')) {
      body.contactIds = draft.contacts.map((c) => c.id);
      body.primaryContactId = draft.contacts[0]?.id ?? null;
    }
    if (changed('observers')) body.observerIds = draft.observers.map((u) => u.id);
    nullable('beginDate');
    nullable('closeDate');
  }
  if (changed('custom')) {
    const custom: Record<string, unknown> = {};
    const before = base?.custom ?? {};
    for (const k of new Set([...Object.keys(draft.custom), ...Object.keys(before)])) {
      if (!same(draft.custom[k], before[k])) custom[k] = draft.custom[k] ?? null;
    }
    if (Object.keys(custom).length) body.custom = custom;
  }
  return { body, errors };
}

/**
 * The product rows, the amount and whether it was set by hand: with rows the amount goes only
 * when set by hand (the server makes it the rows' total otherwise); without rows it is free.
 */
function rowsBody(
  draft: Draft,
  base: Draft | null,
  body: Record<string, unknown>,
  errors: LocalErrors,
  messages: { money: string; required: string; number: string },
  changed: (k: DraftKey) => boolean,
  money: (k: 'amount', valueKey: string, currencyKey: string, nullableValue: boolean) => void,
) {
  if (changed('products')) {
    const products: DealProductInput[] = [];
    draft.products.forEach((p, i) => {
      const price = parseMoneyInput(p.price);
      const qty = num(p.quantity);
      const sumType = p.discountType === 'sum';
      const disc = !sumType && p.discountPercent ? num(p.discountPercent) : 0;
      const discSum = sumType ? parseMoneyInput(p.discountSum) : '';
      const tax = p.taxPercent ? num(p.taxPercent) : 0;
      if (!p.name.trim()) errors[`products.${i}.name`] = messages.required;
      if (price === null || price === '') errors[`products.${i}.price`] = messages.money;
      if (!Number.isFinite(qty) || qty <= 0) errors[`products.${i}.quantity`] = messages.number;
      if (!Number.isFinite(disc) || disc < 0 || disc > 100) errors[`products.${i}.discountPercent`] = messages.number;
      if (discSum === null) errors[`products.${i}.discountSum`] = messages.money;
      if (!Number.isFinite(tax) || tax < 0 || tax > 100) errors[`products.${i}.taxPercent`] = messages.number;
      products.push({
        productId: p.productId ?? null,
        name: p.name.trim(),
        price: price || '0',
        quantity: qty,
        unit: p.unit.trim() || 'шт',
        discountType: p.discountType,
        ...(sumType ? { discountSum: discSum || '0' } : { discountPercent: disc }),
        taxPercent: tax,
        taxIncluded: p.taxIncluded,
      });
    });
    body.products = products;
  }
  if (!draft.products.length) {
    money('amount', 'amount', 'currency', false);
    return;
  }
  if (base ? changed('amountManual') : draft.amountManual) body.amountManual = draft.amountManual;
  if (draft.amountManual) money('amount', 'amount', 'currency', false);
  else if (changed('amount') && (!base || draft.amount.currency !== base.amount.currency)) body.currency = draft.amount.currency;
}

/** The server's field path as the card's: `companyIds` → `companies`, `utmSource` → `clientPath.utmSource`. */
export function canonicalPath(path: string): string {
  const [head, ...rest] = path.split('.');
  const tail = rest.length ? `.${rest.join('.')}` : '';
  const map: Record<string, string> = {
    responsibleId: 'responsible',
    companyIds: 'companies',
    companyId: 'company',
    contactIds: 'contacts',
    primaryContactId: 'contacts',
    observerIds: 'observers',
    stageId: 'stage',
    statusId: 'status',
    pipelineId: 'pipeline',
    revenueCurrency: 'revenue',
    currency: 'amount',
  };
  if (head && (PATH_KEYS as string[]).includes(head)) return `clientPath.${head}`;
  if (head && map[head]) return map[head] + tail;
  return path;
}

/** The field (layout key) an error path belongs to. */
export function fieldOfPath(path: string): string {
  const c = canonicalPath(path);
  if (c.startsWith('custom.')) return c.split('.')[1] ?? c;
  return c.split('.')[0] ?? c;
}

export function customFieldsOf(defs: FieldDef[] | undefined): FieldDef[] {
  return (defs ?? []).filter((d) => d.canRead);
}
