/** One enum shared by the knowledge base, the checks and the diagnose verdict. */
export const CATEGORIES = [
  'credentials-missing',
  'credentials-format',
  'network',
  'tls',
  'exchange-unavailable',
  'clock-skew',
  'ip-whitelist',
  'invalid-key',
  'signature',
  'expired-key',
  'permission',
  'rate-limit',
  // The answer came from something other than the exchange's API: a captive
  // portal, a proxy's error page, a wrong base URL.
  'not-the-exchange',
  // Beyond credentials: the request itself (parameters, symbol, balance) and
  // account-level restrictions. Without these, order errors would be "unknown".
  'request',
  'account',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories where the answer says nothing about the key: "could not tell". */
export const INDETERMINATE_CATEGORIES: ReadonlySet<Category> = new Set(['network', 'tls', 'exchange-unavailable', 'rate-limit', 'not-the-exchange']);
