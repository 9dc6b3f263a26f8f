import type { ApiFacts } from '../contract.js';

// Crypto.com Exchange v1 (shared/reference/cryptocom-api.md §1, §2, §5).

export const CRYPTOCOM_ENV = {
  apiKey: ['CRYPTOCOM_API_KEY', 'CRYPTO_API_KEY', 'EXCHANGE_CUSTOM_API_KEY'],
  secret: ['CRYPTOCOM_API_SECRET', 'CRYPTO_API_SECRET', 'EXCHANGE_CUSTOM_API_SECRET'],
  baseUrl: ['CRYPTOCOM_BASE_URL', 'EXCHANGE_CUSTOM_BASE_URL'],
} as const;

const common = {
  exchange: 'cryptocom' as const,
  // ccxt's id, hummingbot's connector name, and the brand as users write it.
  pasteNames: ['cryptocom', 'crypto_com', 'crypto.com'],
  exchangeTitle: 'Crypto.com Exchange',
  officialHosts: ['api.crypto.com', 'uat-api.3ona.co', 'deriv-api.crypto.com'],
  env: CRYPTOCOM_ENV,
  keyShape: { pattern: /^[A-Za-z0-9]{22}$/, description: '22 letters or digits' },
  secretShape: { pattern: /^cxakp_[A-Za-z0-9]{22}$/, description: '"cxakp_" + 22 letters or digits (28 characters)' },
  secretLength: 28,
  credentialGroup: 'cryptocom',
  ipWhitelistNote: 'Crypto.com: the maximum is not documented (an older guide said 6); changes can take a few minutes.',
  keyManagementUrl: 'https://crypto.com/exchange/user/settings/api-management',
  keyLifetime: { kind: 'no-documented-expiry', note: 'Crypto.com documents no key expiry' },
  browserSessionToken: null,
  // {"id":..,"code":0,"result":...}; the code may arrive as a string.
  isSuccess: (status: number, parsed: { code: number | null }) => status >= 200 && status < 300 && parsed.code === 0,
} satisfies Omit<ApiFacts, 'id' | 'apiVersion' | 'isDefaultVersion' | 'title' | 'defaultBaseUrl'>;

export const CRYPTOCOM_COMMON = common;

export const facts = {
  ...common,
  id: 'cryptocom-v1',
  apiVersion: 'v1',
  isDefaultVersion: true,
  title: 'Crypto.com Exchange v1',
  helpLine: 'cryptocom (Exchange v1; --api-version v2 for legacy)',
  defaultBaseUrl: 'https://api.crypto.com/exchange/v1',
} satisfies ApiFacts;
