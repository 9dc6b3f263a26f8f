import type { ApiFacts, KeyShape } from '../contract.js';

// MEXC spot v3: what any command may need without loading the rest.
// Sources: shared/reference/mexc-api.md §1 (signing), §5 (key lifetime).

export const MEXC_ENV = {
  apiKey: ['MEXC_API_KEY'],
  secret: ['MEXC_SECRET_KEY', 'MEXC_API_SECRET'],
} as const;

/** Heuristic, from the docs' examples and real logs. */
export const MEXC_KEY: KeyShape = { pattern: /^mx0[A-Za-z0-9]{15}$/, description: '"mx0" + 15 letters or digits (18 characters)' };
export const MEXC_SECRET: KeyShape = { pattern: /^[0-9a-f]{32}$/, description: '32 lowercase hex characters' };

/** ccxt's ids for MEXC (mexc3 was its spot v3 id in 2022-2023); one key, so spot and futures share them. */
export const MEXC_PASTE_NAMES = ['mexc', 'mexc3'] as const;

export const MEXC_OFFICIAL_HOSTS = ['api.mexc.com', 'contract.mexc.com', 'futures.mexc.com', 'www.mexc.com', 'api.mexc.co'] as const;

export const MEXC_KEY_LIFETIME: ApiFacts['keyLifetime'] = {
  kind: 'expires-unless-ip-bound',
  validDays: 90,
  renewWindowDays: 5,
  console: 'MEXC > API Management',
  createPlace: 'MEXC API Management',
  renewAction: 'My API Key > Action > Renew',
  boundNote: 'IP-bound MEXC keys do not expire by rule',
  expiredConsequence: 'Every call with this key fails (MEXC spot answers 10072/700002, futures 402) until you create a new key.',
};

export const MEXC_IP_WHITELIST_NOTE = 'MEXC: at most 10 IPs per key (newer docs say 20); a key with no IP bound expires after 90 days.';

export const MEXC_WEB_TOKEN = /^WEB[0-9a-f]{64}$/;
export const MEXC_WEB_JWT = /^WEB[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export const MEXC_BROWSER_TOKEN: ApiFacts['browserSessionToken'] = {
  patterns: [MEXC_WEB_TOKEN, MEXC_WEB_JWT],
  envVar: 'MEXC_WEB_TOKEN',
  lint: {
    message: 'the API key is a MEXC browser session token ("WEB..."), not an API key',
    fix: "create an API key in MEXC API Management; a WEB token is a full browser session, expires with it, and using it may break MEXC's terms",
  },
};

/** What spot and futures share: one MEXC key serves both. */
export const MEXC_KEY_FACTS = {
  pasteNames: MEXC_PASTE_NAMES,
  officialHosts: MEXC_OFFICIAL_HOSTS,
  keyShape: MEXC_KEY,
  secretShape: MEXC_SECRET,
  secretLength: 32,
  credentialGroup: 'mexc',
  ipWhitelistNote: MEXC_IP_WHITELIST_NOTE,
  keyManagementUrl: 'https://www.mexc.com/user/openapi',
  keyLifetime: MEXC_KEY_LIFETIME,
  browserSessionToken: MEXC_BROWSER_TOKEN,
} satisfies Partial<ApiFacts>;

export const facts = {
  ...MEXC_KEY_FACTS,
  id: 'mexc-spot',
  exchange: 'mexc' as const,
  apiVersion: null,
  isDefaultVersion: true,
  exchangeTitle: 'MEXC spot v3',
  title: 'MEXC spot v3',
  helpLine: 'mexc (spot v3)',
  defaultBaseUrl: 'https://api.mexc.com',
  env: { ...MEXC_ENV, baseUrl: ['MEXC_BASE_URL'] },
  // Success bodies carry no error code ({} for ping, an object for account).
  isSuccess: (status, parsed, json) =>
    status >= 200 && status < 300 && json !== null && typeof json === 'object' && (parsed.code === null || parsed.code === 0 || parsed.code === 200),
} satisfies ApiFacts;
