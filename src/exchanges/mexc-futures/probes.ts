import { jsonNumber, type ProbeSet } from '../../core/diagnose/probe-types.js';
import { signer } from './signer.js';

// What diagnose sends to the MEXC futures (contract) API.

export const probes: ProbeSet = {
  publicProbe: (baseUrl) => ({ description: 'GET /api/v1/contract/ping', method: 'GET', url: `${baseUrl}/api/v1/contract/ping`, maxBodyBytes: 4096 }),
  serverTime: ({ body }) => {
    const t = jsonNumber(body, (o) => o.data);
    return t === null ? null : { ms: t, resolutionMs: 1, source: 'GET /api/v1/contract/ping' };
  },
  judgeClock: (offset) => {
    const rule = 'MEXC futures rejects Request-Time more than 10 s away from its clock (513)';
    if (Math.abs(offset) > 10_000) return { status: 'fail', rule };
    if (Math.abs(offset) > 5_000) return { status: 'warn', rule };
    return { status: 'pass', rule };
  },
  readProbe: (c, baseUrl, now) => ({
    description: 'GET /api/v1/private/account/assets',
    request: signer.sign({ ...c, baseUrl, method: 'GET', path: '/api/v1/private/account/assets', time: now }),
  }),
  tradeProbe: () => ({
    skip: 'MEXC closed futures order placement to API users in July 2022 (every key gets 1002): no probe can show a trade permission, and no key change would help',
  }),
  readTrade: () => 'unclear',
};
