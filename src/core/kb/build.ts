import type { Category, KbEntry } from './schema.js';

// Helpers that keep the data files short: a full entry where a code matters
// for credentials, a category template for the long tail of business codes.

export type EntryInput = Omit<KbEntry, 'liveMessages' | 'related' | 'retryable' | 'docs'> & {
  liveMessages?: string[];
  related?: string[];
  retryable?: boolean;
  docs?: string;
};

export function full(docs: string, e: EntryInput): KbEntry {
  return {
    liveMessages: [],
    related: [],
    retryable: false,
    docs,
    ...e,
  };
}

const TEMPLATES: Record<'request' | 'account' | 'exchange-unavailable' | 'rate-limit' | 'permission', Pick<KbEntry, 'causes' | 'fixes' | 'retryable'>> = {
  request: {
    causes: [
      { cause: 'A parameter breaks a rule of this endpoint (value, precision, symbol, size or state)', likelihood: 'high', confirm: 'Compare each parameter with the endpoint documentation; the message names the rule' },
      { cause: 'The request is fine but the market or order state changed in between', likelihood: 'low', confirm: 'Query the order or market state and retry once' },
    ],
    fixes: ['Correct the parameter the message names and send again', 'Use `xcred sign <exchange> --dry-run` to see exactly what is sent'],
    retryable: false,
  },
  account: {
    causes: [
      { cause: 'A restriction on the account or sub-account (status, KYC tier, risk control, feature not enabled)', likelihood: 'high', confirm: "Log in to the exchange's website and look for notices on the account" },
    ],
    fixes: ["Resolve the restriction in the exchange's website or with its support; no API key change fixes it"],
    retryable: false,
  },
  'exchange-unavailable': {
    causes: [
      { cause: 'The exchange side failed or is under maintenance', likelihood: 'high', confirm: "Check the exchange's status page and announcements; try a public endpoint" },
    ],
    fixes: ['Wait and retry with backoff; this says nothing about your key', 'For orders: query the order state before retrying (the outcome is unknown)'],
    retryable: true,
  },
  'rate-limit': {
    causes: [{ cause: 'Too many requests in the window for this key or IP', likelihood: 'high', confirm: 'Look for a Retry-After header; count your requests per second' }],
    fixes: ['Wait for Retry-After (or a few seconds) and slow down', 'Share one client and rate limiter across your processes'],
    retryable: true,
  },
  permission: {
    causes: [{ cause: 'The API key lacks the permission this endpoint needs', likelihood: 'high', confirm: "Open the key's settings in the exchange's API management page" }],
    fixes: ["Enable the missing permission on the key in the exchange's API management page (or create a key with it)"],
    retryable: false,
  },
};

/** An entry from a compact table row: code, message, category, meaning. */
export function templated(
  docs: string,
  code: number,
  message: string,
  httpStatus: number[],
  category: keyof typeof TEMPLATES,
  meaning: string,
  name?: string,
): KbEntry {
  return {
    code,
    ...(name ? { name } : {}),
    message,
    liveMessages: [],
    httpStatus,
    category: category as Category,
    meaning,
    ...TEMPLATES[category],
    docs,
    related: [],
  };
}
