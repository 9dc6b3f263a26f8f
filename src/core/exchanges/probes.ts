import { buildSignedRequest } from '../build-request.js';
import type { ResponseVerdict } from '../kb/lookup.js';
import type { VectorApi } from '../signers/vectors.js';
import type { SignedRequest } from '../signers/types.js';
import type { ApiId, ExchangeId } from './types.js';

// What diagnose sends to each exchange, as pure request builders, and how it
// reads the answers. Adding an exchange means adding one entry here (plus its
// registry facts and knowledge-base file).

export interface ProbeCredentials {
  apiKey: string;
  secret: string;
}

export interface PublicProbe {
  description: string;
  method: 'GET';
  url: string;
  /** Keep only this much body: the probe needs the status and headers. */
  maxBodyBytes: number;
}

export interface ClockJudgement {
  status: 'pass' | 'warn' | 'fail';
  rule: string;
}

export type TradeReading = 'can-trade' | 'no-trade' | 'unclear';

export interface ExchangeProbes {
  exchange: ExchangeId;
  api: ApiId;
  vectorsApi: VectorApi;
  publicProbe(baseUrl: string): PublicProbe;
  /** Server time (ms) from the public probe's answer, with its resolution. */
  serverTime(res: { headers: Record<string, string>; body: string }): { ms: number; resolutionMs: number; source: string } | null;
  /** offsetMs = server clock - local clock (negative: the local clock is ahead). */
  judgeClock(offsetMs: number): ClockJudgement;
  readProbe(creds: ProbeCredentials, baseUrl: string, now: number): { description: string; request: SignedRequest };
  tradeProbe(creds: ProbeCredentials, baseUrl: string, now: number): { description: string; request: SignedRequest } | { skip: string };
  readTrade(verdict: ResponseVerdict, readOk: boolean): TradeReading;
}

function dateHeaderTime(headers: Record<string, string>) {
  const ms = Date.parse(headers.date ?? '');
  // The Date header has 1 s resolution: its true value is up to 1 s later.
  return Number.isFinite(ms) ? { ms: ms + 500, resolutionMs: 1000, source: 'HTTP Date header' } : null;
}

function jsonField(body: string, read: (o: Record<string, unknown>) => unknown): number | null {
  try {
    const v = read(JSON.parse(body) as Record<string, unknown>);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

export const MEXC_SPOT_PROBES: ExchangeProbes = {
  exchange: 'mexc',
  api: 'mexc-spot',
  vectorsApi: 'mexc-spot',
  publicProbe: (baseUrl) => ({ description: 'GET /api/v3/time', method: 'GET', url: `${baseUrl}/api/v3/time`, maxBodyBytes: 4096 }),
  serverTime: ({ body }) => {
    const t = jsonField(body, (o) => o.serverTime);
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
    request: buildSignedRequest({ exchange: 'mexc', ...c, baseUrl, method: 'GET', path: '/api/v3/account', time: now }),
  }),
  tradeProbe: (c, baseUrl, now) => ({
    description: 'POST /api/v3/order/test (validated, never sent to the matching engine)',
    request: buildSignedRequest({
      exchange: 'mexc',
      ...c,
      baseUrl,
      method: 'POST',
      path: '/api/v3/order/test',
      params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '0.0001'], ['price', '10000']],
      time: now,
    }),
  }),
  // Any answer past authentication (success or an order-validation error) proves the scope.
  readTrade: (v) => (v.ok || v.category === 'request' ? 'can-trade' : v.category === 'permission' ? 'no-trade' : 'unclear'),
};

export const MEXC_FUTURES_PROBES: ExchangeProbes = {
  exchange: 'mexc-futures',
  api: 'mexc-futures',
  vectorsApi: 'mexc-futures',
  publicProbe: (baseUrl) => ({ description: 'GET /api/v1/contract/ping', method: 'GET', url: `${baseUrl}/api/v1/contract/ping`, maxBodyBytes: 4096 }),
  serverTime: ({ body }) => {
    const t = jsonField(body, (o) => o.data);
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
    request: buildSignedRequest({ exchange: 'mexc-futures', ...c, baseUrl, method: 'GET', path: '/api/v1/private/account/assets', time: now }),
  }),
  tradeProbe: () => ({
    skip: 'MEXC closed futures order placement to API users in July 2022 (every key gets 1002): no probe can show a trade permission, and no key change would help',
  }),
  readTrade: () => 'unclear',
};

function cryptocomProbes(version: 'v1' | 'v2'): ExchangeProbes {
  const readMethod = version === 'v1' ? 'private/user-balance' : 'private/get-account-summary';
  return {
    exchange: 'cryptocom',
    api: version === 'v1' ? 'cryptocom-v1' : 'cryptocom-v2',
    vectorsApi: 'cryptocom',
    publicProbe: (baseUrl) => ({ description: 'GET public/get-instruments', method: 'GET', url: `${baseUrl}/public/get-instruments`, maxBodyBytes: 16_384 }),
    serverTime: ({ headers }) => dateHeaderTime(headers),
    judgeClock: (offset) => {
      if (version === 'v2') {
        const rule = 'Crypto.com v2 rejects a nonce more than 30 s behind (and, per third-party copies of the docs, 1 s ahead) of its clock (10007)';
        if (offset > 30_000) return { status: 'fail', rule };
        if (-offset > 1_500 || offset > 15_000) return { status: 'warn', rule };
        return { status: 'pass', rule };
      }
      const rule = 'Crypto.com rejects a nonce more than 60 s away from its clock (40102)';
      if (Math.abs(offset) > 60_000) return { status: 'fail', rule };
      if (Math.abs(offset) > 30_000) return { status: 'warn', rule };
      return { status: 'pass', rule };
    },
    readProbe: (c, baseUrl, now) => ({
      description: readMethod,
      request: buildSignedRequest({ exchange: 'cryptocom', ...c, baseUrl, path: readMethod, time: now, id: 1 }),
    }),
    tradeProbe: (c, baseUrl, now) => ({
      description: 'private/cancel-order for order id "0", which cannot exist',
      request: buildSignedRequest({ exchange: 'cryptocom', ...c, baseUrl, path: 'private/cancel-order', cryptocomParams: { order_id: '0' }, time: now, id: 2 }),
    }),
    // Undocumented: user reports say a key without Trade gets 40101 on trading
    // calls while reads work. Any non-auth answer means the key passed.
    readTrade: (v, readOk) => {
      if (v.ok || v.category === 'request') return 'can-trade';
      if (readOk && (v.category === 'signature' || v.category === 'permission')) return 'no-trade';
      return 'unclear';
    },
  };
}

export const CRYPTOCOM_V1_PROBES = cryptocomProbes('v1');
export const CRYPTOCOM_V2_PROBES = cryptocomProbes('v2');

export function probesFor(exchange: ExchangeId, apiVersion: 'v1' | 'v2' = 'v1'): ExchangeProbes {
  if (exchange === 'mexc') return MEXC_SPOT_PROBES;
  if (exchange === 'mexc-futures') return MEXC_FUTURES_PROBES;
  return apiVersion === 'v2' ? CRYPTOCOM_V2_PROBES : CRYPTOCOM_V1_PROBES;
}

