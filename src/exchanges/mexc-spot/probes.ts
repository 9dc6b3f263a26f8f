import { jsonNumber, type ProbeSet } from '../../core/diagnose/probe-types.js';
import { signer } from './signer.js';

// What diagnose sends to MEXC spot v3, and how it reads the answers.

export const probes: ProbeSet = {
  publicProbe: (baseUrl) => ({ description: 'GET /api/v3/time', method: 'GET', url: `${baseUrl}/api/v3/time`, maxBodyBytes: 4096 }),
  serverTime: ({ body }) => {
    const t = jsonNumber(body, (o) => o.serverTime);
    return t === null ? null : { ms: t, resolutionMs: 1, source: 'GET /api/v3/time' };
  },
  judgeClock: (offset) => {
    const ahead = -offset;
    const rule = 'MEXC rejects a timestamp 1000 ms or more ahead of its clock, or older than recvWindow (5000 ms by default)';
    if (ahead >= 1000 || offset > 5000) return { status: 'fail', rule };
    if (ahead >= 500 || offset > 2500) return { status: 'warn', rule };
    return { status: 'pass', rule };
  },
  readProbe: (c, baseUrl, now) => ({
    description: 'GET /api/v3/account',
    request: signer.sign({ ...c, baseUrl, method: 'GET', path: '/api/v3/account', time: now }),
  }),
  tradeProbe: (c, baseUrl, now) => ({
    description: 'POST /api/v3/order/test (validated, never sent to the matching engine)',
    request: signer.sign({
      ...c,
      baseUrl,
      method: 'POST',
      path: '/api/v3/order/test',
      params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '0.0001'], ['price', '10000']],
      time: now,
    }),
  }),
  // Any answer past authentication (success or an order-validation error) proves the scope.
  readTrade: (v) => (v.ok ? 'can-trade' : v.indeterminate ? 'unclear' : v.category === 'request' ? 'can-trade' : v.category === 'permission' ? 'no-trade' : 'unclear'),
};
