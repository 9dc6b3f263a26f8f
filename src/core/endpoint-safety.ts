import type { ExchangeId } from './exchanges/types.js';
import type { HttpMethod } from './signers/types.js';

// Whether a request can change the account (place or cancel orders, withdraw,
// transfer, change settings). Conservative on purpose: only what is known to
// be read-only counts as read-only; everything else asks before it is sent.

export interface EndpointSafety {
  readOnly: boolean;
  /** In plain words, why it is (or is not) safe to send. */
  reason: string;
}

const KINDS: Array<[RegExp, string]> = [
  [/withdraw/i, 'withdraws funds'],
  [/transfer/i, 'moves funds between accounts'],
  [/cancel/i, 'cancels orders'],
  [/order|position|leverage|margin/i, 'places or changes orders or positions'],
];

function whatItChanges(path: string): string {
  return KINDS.find(([re]) => re.test(path))?.[1] ?? 'is not known to be read-only';
}

/**
 * MEXC spot v3 and futures: GET endpoints only read; POST /api/v3/order/test is
 * validated and never reaches the matching engine. Every other POST, PUT and
 * DELETE (orders, cancels, withdrawals, transfers, listen keys, settings) can
 * change the account.
 * Crypto.com: public/* and private/get-* methods and private/user-balance(-history)
 * only read; any other private method (create-order, cancel-order,
 * create-withdrawal, transfers, leverage) can change the account.
 */
export function endpointSafety(exchange: ExchangeId, method: HttpMethod, path: string): EndpointSafety {
  if (exchange === 'cryptocom') {
    const name = path.replace(/^\/+/, '');
    if (name.startsWith('public/')) return { readOnly: true, reason: `${name} is a public read` };
    const last = name.split('/').pop() ?? '';
    if (name.startsWith('private/') && (last.startsWith('get-') || /^user-balance(-history)?$/.test(last))) {
      return { readOnly: true, reason: `${name} only reads` };
    }
    return { readOnly: false, reason: `${name} ${whatItChanges(name)}` };
  }
  const bare = path.split('?')[0]!;
  if (method === 'GET') return { readOnly: true, reason: `GET ${bare} only reads` };
  if (exchange === 'mexc' && method === 'POST' && bare === '/api/v3/order/test') {
    return { readOnly: true, reason: 'POST /api/v3/order/test is validated and never sent to the matching engine' };
  }
  return { readOnly: false, reason: `${method} ${bare} ${whatItChanges(bare)}` };
}
