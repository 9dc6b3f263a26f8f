import type { ApiFacts } from '../contract.js';
import { MEXC_BROWSER_TOKEN, MEXC_ENV, MEXC_IP_WHITELIST_NOTE, MEXC_KEY, MEXC_KEY_LIFETIME, MEXC_OFFICIAL_HOSTS, MEXC_PASTE_NAMES, MEXC_SECRET } from '../mexc-spot/facts.js';

// MEXC futures (contract API): the same key as spot, its own base URL and
// envelope (shared/reference/mexc-api.md §4).

export const facts = {
  id: 'mexc-futures',
  exchange: 'mexc-futures' as const,
  pasteNames: MEXC_PASTE_NAMES,
  apiVersion: null,
  isDefaultVersion: true,
  exchangeTitle: 'MEXC futures (contract API)',
  title: 'MEXC futures (contract API)',
  helpLine: 'mexc-futures (contract API)',
  defaultBaseUrl: 'https://contract.mexc.com',
  officialHosts: MEXC_OFFICIAL_HOSTS,
  env: { ...MEXC_ENV, baseUrl: ['MEXC_FUTURES_BASE_URL'] },
  keyShape: MEXC_KEY,
  secretShape: MEXC_SECRET,
  secretLength: 32,
  credentialGroup: 'mexc',
  ipWhitelistNote: MEXC_IP_WHITELIST_NOTE,
  keyManagementUrl: 'https://www.mexc.com/user/openapi',
  keyLifetime: MEXC_KEY_LIFETIME,
  browserSessionToken: MEXC_BROWSER_TOKEN,
  // {"success":true,"code":0,"data":...}
  isSuccess: (status, parsed) => status >= 200 && status < 300 && (parsed.success === true || parsed.code === 0),
} satisfies ApiFacts;
