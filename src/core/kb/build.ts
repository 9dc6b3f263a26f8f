import type { Category, KbEntry } from './schema.js';

// Helpers that keep the data files short: a full entry where a code matters
// for credentials, a category template for the long tail of business codes.

export type EntryInput = Omit<KbEntry, 'liveMessages' | 'related' | 'retryable' | 'docs' | 'sources'> & {
  liveMessages?: string[];
  related?: string[];
  retryable?: boolean;
  docs?: string;
  /** Defaults to the docs page the entry's table is on. */
  sources?: string[];
};

export function full(docs: string, e: EntryInput): KbEntry {
  return {
    liveMessages: [],
    related: [],
    retryable: false,
    docs,
    sources: [docs],
    ...e,
  };
}

type TemplateCategory = 'request' | 'account' | 'exchange-unavailable' | 'rate-limit' | 'permission';

const TEMPLATES: Record<TemplateCategory, Pick<KbEntry, 'causes' | 'fixes' | 'retryable'>> = {
  request: {
    causes: [
      { cause: 'A parameter breaks a rule of this endpoint (value, precision, symbol, size or state)', likelihood: 'high', confirm: 'Compare each parameter with the endpoint documentation; the message names the rule', category: 'request' },
      { cause: 'The request is fine but the market or order state changed in between', likelihood: 'low', confirm: 'Query the order or market state and retry once', category: 'request' },
    ],
    fixes: ['Correct the parameter the message names and send again', 'Use `xcred sign {exchange} --dry-run` to see exactly what is sent'],
    retryable: false,
  },
  account: {
    causes: [
      { cause: 'A restriction on the account or sub-account (status, KYC tier, risk control, feature not enabled)', likelihood: 'high', confirm: "Log in to the exchange's website and look for notices on the account", category: 'account' },
    ],
    fixes: ["Resolve the restriction in the exchange's website or with its support; no API key change fixes it"],
    retryable: false,
  },
  'exchange-unavailable': {
    causes: [
      { cause: 'The exchange side failed or is under maintenance', likelihood: 'high', confirm: "Check the exchange's status page and announcements; try a public endpoint", category: 'exchange-unavailable' },
    ],
    fixes: ['Wait and retry with backoff; this says nothing about your key', 'For orders: query the order state before retrying (the outcome is unknown)'],
    retryable: true,
  },
  'rate-limit': {
    causes: [{ cause: 'Too many requests in the window for this key or IP', likelihood: 'high', confirm: 'Look for a Retry-After header; count your requests per second', category: 'rate-limit' }],
    fixes: ['Wait for Retry-After (or a few seconds) and slow down', 'Share one client and rate limiter across your processes'],
    retryable: true,
  },
  permission: {
    causes: [{ cause: 'The API key lacks the permission this endpoint needs', likelihood: 'high', confirm: "Open the key's settings in the exchange's API management page", category: 'permission' }],
    fixes: ["Enable the missing permission on the key in the exchange's API management page (or create a key with it)"],
    retryable: false,
  },
};

export interface TemplateExtras {
  /** Official name (Crypto.com's SYMBOL_NOT_FOUND...). */
  name?: string | undefined;
  liveMessages?: string[];
  /** Defaults to the docs page. */
  sources?: string[];
  uncertain?: string;
}

/** An entry from a compact table row: code, message, category, meaning. */
export function templated(
  api: { docs: string; /** The <exchange> argument, for the commands the entry suggests. */ exchange: string },
  code: number,
  message: string,
  httpStatus: number[],
  category: TemplateCategory,
  meaning: string,
  extras: TemplateExtras | string = {},
): KbEntry {
  const x: TemplateExtras = typeof extras === 'string' ? { name: extras } : extras;
  const { docs } = api;
  const template = TEMPLATES[category];
  return {
    code,
    ...(x.name ? { name: x.name } : {}),
    message,
    liveMessages: x.liveMessages ?? [],
    httpStatus,
    category: category as Category,
    meaning,
    ...template,
    fixes: template.fixes.map((f) => f.replace('{exchange}', api.exchange)),
    docs,
    sources: x.sources ?? [docs],
    related: [],
    ...(x.uncertain ? { uncertain: x.uncertain } : {}),
  };
}

/** A public GitHub issue or pull request ("owner/repo#123") as a URL; GitHub redirects between the two. */
export function issue(ref: string): string {
  const m = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(ref);
  if (!m) throw new Error(`not an issue reference: ${ref}`);
  return `https://github.com/${m[1]}/issues/${m[2]}`;
}
