/**
 * The column values a new lead, contact or company starts from: the card's create (items/skeleton)
 * and the import's multi-row insert (transfer/writers) both build their rows on them.
 */
export const CLIENT_DEFAULTS = {
  phones: '[]',
  emails: '[]',
  websites: '[]',
  messengers: '[]',
  source: null,
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  utm_content: null,
  utm_term: null,
  comments: '',
} as const;

export const COMPANY_DEFAULTS = { industry: null, revenue: null, revenue_currency: 'RUB', address: '', inn: null, kpp: null, ogrn: null } as const;

export const CONTACT_DEFAULTS = { last_name: '', first_name: '', middle_name: '', position: '', photo_url: null, birthday: null } as const;

export const LEAD_DEFAULTS = {
  status_kind: 'progress',
  last_name: '',
  first_name: '',
  middle_name: '',
  position: '',
  company_title: '',
  amount: 0,
  currency: 'RUB',
  converted_at: null,
  contact_id: null,
  company_id: null,
  deal_id: null,
} as const;
