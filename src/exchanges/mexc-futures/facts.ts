import type { ApiFacts } from '../contract.js';
import { MEXC_ENV, MEXC_KEY_FACTS } from '../mexc-spot/facts.js';

// MEXC futures (contract API): the same key as spot, its own base URL and
// envelope (shared/reference/mexc-api.md §4).

export const facts = {
  ...MEXC_KEY_FACTS,
  id: 'mexc-futures',
  exchange: 'mexc-futures' as const,
  apiVersion: null,
  isDefaultVersion: true,
  exchangeTitle: 'MEXC futures (contract API)',
  title: 'MEXC futures (contract API)',
  helpLine: 'mexc-futures (contract API)',
  defaultBaseUrl: 'https://contract.mexc.com',
  env: { ...MEXC_ENV, baseUrl: ['MEXC_FUTURES_BASE_URL'] },
  // {"success":true,"code":0,"data":...}
  isSuccess: (status, parsed) => status >= 200 && status < 300 && (parsed.success === true || parsed.code === 0),
} satisfies ApiFacts;
