import { full, templated } from '../../core/kb/build.js';
import type { KbEntry } from '../../core/kb/schema.js';

const DOCS = 'https://exchange-docs.crypto.com/spot/index.html#response-and-reason-codes';
const f = (e: Parameters<typeof full>[1]) => full(DOCS, e);

const rich: KbEntry[] = [
  f({
    code: 10002,
    name: 'UNAUTHORIZED',
    message: 'Not authenticated, or key/signature incorrect',
    httpStatus: [401],
    category: 'signature',
    meaning: 'The legacy v2 API could not authenticate the request (unknown key or wrong signature).',
    causes: [
      { cause: 'The secret does not belong to the key', likelihood: 'high', confirm: 'The signer check passes in `xcred diagnose cryptocom --api-version v2`' },
      { cause: 'The signed string differs from the body sent', likelihood: 'high', confirm: '`xcred sign cryptocom --api-version v2 --dry-run`' },
      { cause: 'WebSocket: private calls before public/auth', likelihood: 'low', confirm: 'Only on WebSocket' },
    ],
    fixes: ['Check the secret; recreate the key if the signer is proven right', 'Consider moving to Exchange v1 (/exchange/v1)'],
    related: ['xcred diagnose cryptocom --api-version v2'],
  }),
  f({
    code: 10003,
    name: 'IP_ILLEGAL',
    message: 'IP address not whitelisted',
    httpStatus: [401],
    category: 'ip-whitelist',
    meaning: 'The key has an IP whitelist and this request came from another address.',
    causes: [{ cause: 'Egress IP not on the whitelist', likelihood: 'high', confirm: '`xcred check-ip --whitelist <list>`' }],
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
    causes: [{ cause: 'Account tier', likelihood: 'high', confirm: 'Account settings' }],
    fixes: ['Upgrade the tier or use another method'],
  }),
  f({
    code: 10006,
    name: 'TOO_MANY_REQUESTS',
    message: 'Requests have exceeded rate limits',
    httpStatus: [429],
    category: 'rate-limit',
    meaning: 'Rate limit hit; says nothing about the key.',
    causes: [{ cause: 'Too many requests', likelihood: 'high', confirm: 'Count requests per second' }],
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
    causes: [{ cause: 'Clock skew', likelihood: 'high', confirm: '`xcred diagnose cryptocom --api-version v2` measures it' }],
    fixes: ['Sync the clock with NTP', 'Send the nonce in milliseconds'],
    uncertain: 'The exact v2 window (1 s ahead / 30 s behind) is only quoted by third parties.',
  }),
  f({
    code: 10001,
    name: 'SYS_ERROR',
    message: 'Malformed request, or internal error',
    httpStatus: [500],
    category: 'request',
    meaning: 'The request could not be processed, e.g. not application/json.',
    causes: [{ cause: 'The body is not JSON or Content-Type is wrong', likelihood: 'high', confirm: 'Check the request' }],
    fixes: ['Send a JSON body with Content-Type: application/json'],
  }),
];

type Row = [number, string, number, 'request' | 'account' | 'exchange-unavailable', string];
const rows: Row[] = [
  [10000, 'PARTIAL_SUCCESS', 200, 'request', 'Batch request partially succeeded'],
  [10004, 'BAD_REQUEST', 400, 'request', 'Missing required fields'],
  [10008, 'METHOD_NOT_FOUND', 400, 'request', 'Method not found'],
  [10009, 'INVALID_DATE_RANGE', 400, 'request', 'Invalid date range'],
  [10010, 'FAIL', 200, 'request', 'Operation failed'],
  [20001, 'DUPLICATE_RECORD', 400, 'request', 'Duplicate record'],
  [20002, 'NEGATIVE_BALANCE', 400, 'request', 'Insufficient balance'],
  ...Array.from({ length: 23 }, (_, i): Row => [30003 + i, 'ORDER_VALIDATION', 400, 'request', 'Order validation failed (SYMBOL_NOT_FOUND ... AMOUNT_PRECISION_OVERFLOW)']),
  ...Array.from({ length: 7 }, (_, i): Row => [40001 + i, 'MARGIN_ERROR', 400, 'request', 'Margin trading error (MG_*); not the v1 meaning of 4000x']),
  [50001, 'DW_CREDIT_LINE_NOT_MAINTAINED', 400, 'account', 'Withdrawal breaches the credit line check'],
];

export const kb: readonly KbEntry[] = [
  ...rich,
  ...rows.map(([code, name, status, category, text]) => templated(DOCS, code, text, [status], category, `${name}: ${text}.`, name)),
];
