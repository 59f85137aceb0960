import type { RealtimeAudience } from '../../../platform/realtime/audience.js';

export { currencyMessages } from './messages.js';
export { currencyRoutes } from './routes.js';
export { provisionCurrencies } from './service.js';
export { CurrencySums, Rates, ratesOn } from './rates.js';

/** A rate or the base changing reshapes every sum of the portal: everyone hears it. */
export const currencyRealtime: Record<string, RealtimeAudience> = { 'crm.currency': 'portal' };
