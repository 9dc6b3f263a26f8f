import type { ApiId, ExchangeId, ExchangeInfo } from './types.js';

// Static facts per exchange. Small on purpose: start-up imports this for
// every command, heavier per-exchange code (probes, knowledge base) loads lazily.

const MEXC_ENV = {
  apiKey: ['MEXC_API_KEY'],
  secret: ['MEXC_SECRET_KEY', 'MEXC_API_SECRET'],
};

const MEXC_KEY = { pattern: /^mx0[A-Za-z0-9]{15}$/, description: '"mx0" + 15 letters or digits (18 characters)' };
const MEXC_SECRET = { pattern: /^[0-9a-f]{32}$/, description: '32 lowercase hex characters' };

export const EXCHANGES: Record<ExchangeId, ExchangeInfo> = {
  mexc: {
    id: 'mexc',
    title: 'MEXC spot v3',
    defaultBaseUrl: 'https://api.mexc.com',
    env: { ...MEXC_ENV, baseUrl: ['MEXC_BASE_URL'] },
    keyShape: MEXC_KEY,
    secretShape: MEXC_SECRET,
  },
  'mexc-futures': {
    id: 'mexc-futures',
    title: 'MEXC futures (contract API)',
    defaultBaseUrl: 'https://contract.mexc.com',
    env: { ...MEXC_ENV, baseUrl: ['MEXC_FUTURES_BASE_URL'] },
    keyShape: MEXC_KEY,
    secretShape: MEXC_SECRET,
  },
  cryptocom: {
    id: 'cryptocom',
    title: 'Crypto.com Exchange',
    defaultBaseUrl: 'https://api.crypto.com/exchange/v1',
    env: {
      apiKey: ['CRYPTOCOM_API_KEY', 'CRYPTO_API_KEY', 'EXCHANGE_CUSTOM_API_KEY'],
      secret: ['CRYPTOCOM_API_SECRET', 'CRYPTO_API_SECRET', 'EXCHANGE_CUSTOM_API_SECRET'],
      baseUrl: ['CRYPTOCOM_BASE_URL', 'EXCHANGE_CUSTOM_BASE_URL'],
    },
    keyShape: { pattern: /^[A-Za-z0-9]{22}$/, description: '22 letters or digits' },
    secretShape: { pattern: /^cxakp_[A-Za-z0-9]{22}$/, description: '"cxakp_" + 22 letters or digits (28 characters)' },
  },
};

export const CRYPTOCOM_V2_BASE_URL = 'https://api.crypto.com/v2';

export function apiIdFor(exchange: ExchangeId, apiVersion: 'v1' | 'v2' = 'v1'): ApiId {
  if (exchange === 'mexc') return 'mexc-spot';
  if (exchange === 'mexc-futures') return 'mexc-futures';
  return apiVersion === 'v2' ? 'cryptocom-v2' : 'cryptocom-v1';
}

export function isExchangeId(value: string): value is ExchangeId {
  return Object.hasOwn(EXCHANGES, value);
}
