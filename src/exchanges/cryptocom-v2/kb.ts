import { full, issue, templated } from '../../core/kb/build.js';
import type { HttpMeaning, KbEntry } from '../../core/kb/schema.js';
import { CRYPTOCOM_COMMON_HTTP } from '../cryptocom-v1/kb.js';

// Crypto.com Exchange legacy v2. Every code of the official table (CDC2, a
// copy of the v2 docs: csc530/crypto.com-exhcange-API api-doc.md, "Response
// Codes and Reason"), with its NAME and text, and the threads users opened.

const DOCS = 'https://exchange-docs.crypto.com/spot/index.html#response-and-reason-codes';
const CDC2 = 'https://github.com/csc530/crypto.com-exhcange-API/blob/main/api-doc.md (copy of the v2 docs table)';
const f = (e: Parameters<typeof full>[1]) => full(DOCS, e);

const rich = (): KbEntry[] => [
  f({
    code: 9010001,
    name: 'SYSTEM_MAINTENANCE',
    message: 'System maintenance',
    httpStatus: [503, 500],
    category: 'exchange-unavailable',
    liveMessages: ['Crypto.com Exchange is currently under maintenance. Please refer to https://status.crypto.com for more details.'],
    meaning: 'Crypto.com is under maintenance: the code is not in the v2 table, but ccxt maps it for every Crypto.com API (its exceptions are shared by v1 and v2), and the emulator sends it for v2 too.',
    sources: ['npm ccxt@4.5.84 js/src/cryptocom.js (exceptions.exact)'],
    causes: [{ cause: 'Planned maintenance', likelihood: 'high', confirm: 'Crypto.com status page (https://status.crypto.com)', category: 'exchange-unavailable' }],
    fixes: ['Retry after the maintenance window: this says nothing about your key'],
    retryable: true,
    uncertain: 'Whether the legacy v2 API answers with this code during maintenance is not documented; v1 does (ccxt).',
  }),
  f({
    code: 10002,
    name: 'UNAUTHORIZED',
    message: 'Not authenticated, or key/signature incorrect',
    httpStatus: [401],
    category: 'signature',
    meaning: 'The legacy v2 API could not authenticate the request (unknown key or wrong signature).',
    causes: [
      { cause: 'The secret does not belong to the key', likelihood: 'high', confirm: 'The signer check passes in `xcred diagnose cryptocom --api-version v2`', category: 'signature' },
      { cause: 'The signed string differs from the body sent', likelihood: 'high', confirm: '`xcred sign cryptocom --api-version v2 --dry-run`', category: 'signature' },
      { cause: 'WebSocket: private calls before public/auth', likelihood: 'low', confirm: 'Only on WebSocket', category: 'signature', sources: [issue('maxpowel/crypto_com_client#4')] },
    ],
    sources: [DOCS, issue('hummingbot/hummingbot#2461'), issue('maxpowel/crypto_com_client#4')],
    fixes: ['Check the secret; recreate the key if the signer is proven right', 'Consider moving to Exchange v1 (/exchange/v1)'],
    related: ['xcred diagnose cryptocom --api-version v2', 'xcred proxy cryptocom --api-version v2'],
  }),
  f({
    code: 10003,
    name: 'IP_ILLEGAL',
    message: 'IP address not whitelisted',
    httpStatus: [401],
    category: 'ip-whitelist',
    meaning: 'The key has an IP whitelist and this request came from another address. (The docs table misprints this row as "IP_ILLEGAL IP | address not whitelisted".)',
    sources: [DOCS, CDC2],
    causes: [{ cause: 'Egress IP not on the whitelist', likelihood: 'high', confirm: '`xcred check-ip`, with the key whitelist in `--whitelist`', category: 'ip-whitelist' }],
    fixes: ['Add the egress IP to the key whitelist'],
    related: ['xcred check-ip'],
  }),
  f({
    code: 10005,
    name: 'USER_TIER_INVALID',
    message: 'Disallowed based on user tier',
    httpStatus: [401],
    category: 'account',
    meaning: "The account tier does not allow this method.",
    causes: [{ cause: 'Account tier', likelihood: 'high', confirm: 'Account settings', category: 'account' }],
    fixes: ['Upgrade the tier or use another method'],
  }),
  f({
    code: 10006,
    name: 'TOO_MANY_REQUESTS',
    message: 'Requests have exceeded rate limits',
    httpStatus: [429],
    category: 'rate-limit',
    meaning: 'Rate limit hit; says nothing about the key.',
    causes: [{ cause: 'Too many requests', likelihood: 'high', confirm: 'Count requests per second', category: 'rate-limit' }],
    fixes: ['Back off and retry'],
    retryable: true,
  }),
  f({
    code: 10007,
    name: 'INVALID_NONCE',
    message: 'Nonce value differs by more than 30 seconds from server',
    httpStatus: [400],
    category: 'clock-skew',
    meaning: 'The nonce is too far from server time (v2: more than 1 s in the future or 30 s in the past, per third-party copies of the docs).',
    causes: [
      { cause: 'The clock is off (one user found NTP off by 5 s), or the nonce generator is wrong (seconds, microseconds)', likelihood: 'high', confirm: '`xcred diagnose cryptocom --api-version v2` measures it', category: 'clock-skew', sources: [issue('goincrypto/cryptocom-exchange#11'), issue('hummingbot/hummingbot#2315'), issue('ccxt/ccxt#15403'), issue('goincrypto/cryptocom-exchange#20'), issue('goincrypto/cryptocom-exchange#21')] },
    ],
    sources: [DOCS, issue('hummingbot/hummingbot#2315')],
    fixes: ['Sync the clock with NTP', 'Send the nonce in milliseconds'],
    uncertain: 'The exact v2 window (1 s ahead / 30 s behind) is only quoted by third parties.',
  }),
  f({
    code: 10001,
    name: 'SYS_ERROR',
    message: 'Malformed request, (E.g. not using application/json for REST)',
    httpStatus: [500],
    category: 'permission',
    meaning: 'The docs say malformed request; users hit it when a sub-account key calls a master-only method (private/get-currency-networks), or as a transient server failure.',
    causes: [
      {
        cause: 'A sub-account key called a method only the master account may use (private/get-currency-networks; ccxt calls it while loading markets)',
        likelihood: 'high',
        confirm: 'Other private calls work with the same key; the key belongs to a sub-account',
        category: 'permission',
        sources: [issue('ccxt/ccxt#28840'), issue('ccxt/ccxt#28849')],
      },
      { cause: 'A transient server-side failure of the same endpoint', likelihood: 'medium', confirm: 'It passes a little later, with the master key too', category: 'exchange-unavailable', sources: [issue('ccxt/ccxt#17156'), issue('ccxt/ccxt#16610')] },
      { cause: 'The body is not JSON or Content-Type is not application/json (the table text)', likelihood: 'low', confirm: 'Check the request', category: 'request' },
    ],
    fixes: ['Call this method with a master-account key, or skip it (ccxt: `options.fetchCurrencies = false`)', 'Send a JSON body with Content-Type: application/json', 'Retry later if the master key fails too'],
    sources: [DOCS, issue('ccxt/ccxt#17156')],
  }),
];

type Row = [number, string, number, 'request' | 'account' | 'exchange-unavailable', string];
// The rest of the table: [code, NAME, HTTP status, category, description], verbatim.
const rows = (): Row[] => [
  [10000, 'PARTIAL_SUCCESS', 200, 'request', 'Batch request processed successfully and some requests succeeded (E.g. Some orders created when creating a list of orders)'],
  [10004, 'BAD_REQUEST', 400, 'request', 'Missing required fields'],
  [10008, 'METHOD_NOT_FOUND', 400, 'request', 'Invalid method specified'],
  [10009, 'INVALID_DATE_RANGE', 400, 'request', 'Invalid date range'],
  [10010, 'FAIL', 200, 'request', 'Batch request processed successfully but all requests failed (E.g. No orders created when creating a list of orders)'],
  [20001, 'DUPLICATE_RECORD', 400, 'request', 'Duplicated record'],
  [20002, 'NEGATIVE_BALANCE', 400, 'request', 'Insufficient balance'],
  [30003, 'SYMBOL_NOT_FOUND', 400, 'request', 'Invalid instrument_name specified'],
  [30004, 'SIDE_NOT_SUPPORTED', 400, 'request', 'Invalid side specified'],
  [30005, 'ORDERTYPE_NOT_SUPPORTED', 400, 'request', 'Invalid type specified'],
  [30006, 'MIN_PRICE_VIOLATED', 400, 'request', 'Price is lower than the minimum'],
  [30007, 'MAX_PRICE_VIOLATED', 400, 'request', 'Price is higher than the maximum'],
  [30008, 'MIN_QUANTITY_VIOLATED', 400, 'request', 'Quantity is lower than the minimum'],
  [30009, 'MAX_QUANTITY_VIOLATED', 400, 'request', 'Quantity is higher than the maximum'],
  [30010, 'MISSING_ARGUMENT', 400, 'request', 'Required argument is blank or missing'],
  [30013, 'INVALID_PRICE_PRECISION', 400, 'request', 'Too many decimal places for Price'],
  [30014, 'INVALID_QUANTITY_PRECISION', 400, 'request', 'Too many decimal places for Quantity'],
  [30016, 'MIN_NOTIONAL_VIOLATED', 400, 'request', 'The notional amount is less than the minimum'],
  [30017, 'MAX_NOTIONAL_VIOLATED', 400, 'request', 'The notional amount exceeds the maximum'],
  [30023, 'MIN_AMOUNT_VIOLATED', 400, 'request', 'Amount is lower than the minimum'],
  [30024, 'MAX_AMOUNT_VIOLATED', 400, 'request', 'Amount is higher than the maximum'],
  [30025, 'AMOUNT_PRECISION_OVERFLOW', 400, 'request', 'Amount precision exceeds the maximum'],
  // Margin (MG_*): the same numbers mean something else in v1.
  [40001, 'MG_INVALID_ACCOUNT_STATUS', 400, 'account', "Operation has failed due to your account's status. Please try again later."],
  [40002, 'MG_TRANSFER_ACTIVE_LOAN', 400, 'account', 'Transfer has failed due to holding an active loan. Please repay your loan and try again later.'],
  [40003, 'MG_INVALID_LOAN_CURRENCY', 400, 'request', 'Currency is not same as loan currency of active loan'],
  [40004, 'MG_INVALID_REPAY_AMOUNT', 400, 'request', 'Only supporting full repayment of all margin loans'],
  [40005, 'MG_NO_ACTIVE_LOAN', 400, 'request', 'No active loan'],
  [40006, 'MG_BLOCKED_BORROW', 400, 'exchange-unavailable', 'Borrow has been suspended. Please try again later.'],
  [40007, 'MG_BLOCKED_NEW_ORDER', 400, 'exchange-unavailable', 'Placing new order has been suspended. Please try again later.'],
  [50001, 'DW_CREDIT_LINE_NOT_MAINTAINED', 400, 'account', 'Please ensure your credit line is maintained and try again later.'],
];

/** The whole table, built when first read (api.kb): most commands never read it. */
export const buildKb = (): KbEntry[] => [
  ...rich(),
  ...rows().map(([code, name, status, category, text]) => templated({ docs: DOCS, exchange: 'cryptocom --api-version v2' }, code, text, [status], category, `${name}: ${text}`, { name, sources: [DOCS, CDC2] })),
];

/** What an HTTP status means at Crypto.com v2 when the body carries no code. */
export const http: readonly HttpMeaning[] = [
  ...CRYPTOCOM_COMMON_HTTP,
  {
    status: [401],
    body: 'any',
    title: 'not authenticated',
    category: 'signature',
    meaning: 'v2 sends 401 with 10002 UNAUTHORIZED (key or signature), 10003 IP_ILLEGAL or 10005 USER_TIER_INVALID.',
    causes: [
      { cause: 'The secret does not belong to the key, or the signed string differs from the body (10002)', likelihood: 'high', confirm: '`xcred diagnose cryptocom --api-version v2`', category: 'signature', sources: [issue('hummingbot/hummingbot#2461')] },
      { cause: 'The calling IP is not on the key whitelist (10003)', likelihood: 'medium', confirm: '`xcred check-ip`', category: 'ip-whitelist' },
      { cause: 'The account tier does not allow the method (10005)', likelihood: 'low', confirm: 'Account settings', category: 'account' },
    ],
    fixes: ['Log the body: the code in it decides', 'Run `xcred diagnose cryptocom --api-version v2`'],
    retryable: false,
    saysNothingAboutKey: false,
    sources: [DOCS, CDC2],
  },
  {
    status: [500],
    body: 'any',
    title: 'SYS_ERROR or exchange-side failure',
    category: 'exchange-unavailable',
    meaning: 'v2 sends 500 with 10001 SYS_ERROR (malformed request, or a method the sub-account may not call); without a body code, the exchange side failed.',
    causes: [
      { cause: 'The exchange side failed', likelihood: 'high', confirm: 'https://status.crypto.com', category: 'exchange-unavailable' },
      { cause: 'A sub-account key on a master-only method (10001)', likelihood: 'medium', confirm: 'The same call with the master key', category: 'permission', sources: [issue('ccxt/ccxt#28840')] },
    ],
    fixes: ['Log the body', 'Retry later'],
    retryable: true,
    saysNothingAboutKey: true,
    sources: [DOCS, CDC2],
  },
  {
    status: ['5xx'],
    body: 'any',
    title: 'exchange-side failure',
    category: 'exchange-unavailable',
    meaning: 'Crypto.com failed on its side.',
    causes: [{ cause: 'Outage, maintenance or overload', likelihood: 'high', confirm: 'https://status.crypto.com', category: 'exchange-unavailable' }],
    fixes: ['Retry later; query orders before resending them'],
    retryable: true,
    saysNothingAboutKey: true,
    sources: [DOCS],
  },
  {
    status: ['4xx'],
    body: 'any',
    title: 'client error',
    category: 'request',
    meaning: 'v2 sends 400 with request codes and 10007 INVALID_NONCE (clock); without a body code, the request is malformed.',
    causes: [
      { cause: 'A malformed request', likelihood: 'high', confirm: 'Compare with `xcred sign cryptocom --api-version v2 --dry-run`', category: 'request' },
      { cause: 'The nonce is too far from server time (10007)', likelihood: 'medium', confirm: '`xcred diagnose cryptocom --api-version v2`', category: 'clock-skew', sources: [issue('hummingbot/hummingbot#2315')] },
    ],
    fixes: ['Log the response body: the code in it decides'],
    retryable: false,
    saysNothingAboutKey: false,
    sources: [DOCS, CDC2],
  },
];
