import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { SCENARIOS, type ScenarioName } from '../../src/emulator/state.js';
import { API, DEMO_KEYS } from '../apis.js';

// A scenario is a fact about the key or the exchange, so it holds on every
// endpoint: a no-trade key reads everywhere and trades nowhere, an IP-bound
// key is refused on every private endpoint, a rate limit or an outage hits
// public endpoints too. Each endpoint here is called correctly signed (by
// hand, from the docs) and classified by the test, not by the emulator; the
// list must match what each API says it serves.

const hmac = (secret: string, s: string) => createHmac('sha256', secret).update(s).digest('hex');
const M = DEMO_KEYS.mexc;
const C = DEMO_KEYS.cryptocom;

type Kind = 'public' | 'read' | 'trade' | 'closed';
interface Endpoint {
  route: string;
  kind: Kind;
  call(e: RunningEmulator): Promise<{ status: number; headers: Headers; json: any }>;
}

async function fetchJson(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, json };
}

function spot(route: string, kind: Kind, params = ''): Endpoint {
  const [method, path] = route.split(' ') as [string, string];
  return {
    route,
    kind,
    call: (e) => {
      const base = e.urls.apis['mexc-spot']!;
      if (kind === 'public') return fetchJson(`${base}${path}${params ? '?' + params : ''}`);
      const q = `${params ? params + '&' : ''}timestamp=${Date.now()}`;
      return fetchJson(`${base}${path}?${q}&signature=${hmac(M.secret, q)}`, {
        method,
        headers: { 'X-MEXC-APIKEY': M.apiKey, ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) },
      });
    },
  };
}

function futures(route: string, kind: Kind, path = route.split(' ')[1]!, query = ''): Endpoint {
  const method = route.split(' ')[0]!;
  return {
    route,
    kind,
    call: (e) => {
      const base = e.urls.apis['mexc-futures']!;
      const url = `${base}${path}${query ? '?' + query : ''}`;
      if (kind === 'public') return fetchJson(url);
      const t = String(Date.now());
      const body = method === 'POST' ? '{"symbol":"BTC_USDT","price":1,"vol":1,"side":1,"type":1,"openType":1}' : undefined;
      const signed = body ?? query.split('&').filter(Boolean).sort().join('&');
      return fetchJson(url, {
        method,
        headers: { ApiKey: M.apiKey, 'Request-Time': t, Signature: hmac(M.secret, M.apiKey + t + signed), 'Content-Type': 'application/json' },
        ...(body ? { body } : {}),
      });
    },
  };
}

function cdc(api: 'cryptocom-v1' | 'cryptocom-v2', method: string, kind: Kind, params: Record<string, string> = {}): Endpoint {
  const mount = API[api].emulator.mount;
  return {
    route: `${kind === 'public' ? 'GET' : 'POST'} ${mount}${method}`,
    kind,
    call: (e) => {
      const url = `${e.urls.apis[api]!}/${method}`;
      if (kind === 'public') return fetchJson(url);
      const nonce = String(Date.now());
      const paramString = Object.keys(params).sort().map((k) => k + params[k]).join('');
      const sig = hmac(C.secret, `${method}1${C.apiKey}${paramString}${nonce}`);
      return fetchJson(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 1, method, api_key: C.apiKey, params, nonce, sig }) });
    },
  };
}

const ORDER = 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&price=20000';
const CDC_ORDER = { instrument_name: 'BTC_USD', side: 'BUY', type: 'LIMIT', quantity: '0.0001', price: '20000' };

interface ApiCase {
  id: keyof typeof API;
  endpoints: Endpoint[];
  /** The code of each refusal, as the API documents it (or as the README lists the guess). */
  refusal: Record<'wrong-secret' | 'ip' | 'clock' | 'no-trade' | 'no-read' | 'invalid-key' | 'expired-key', (e: Endpoint) => number>;
  rate: { status: number; code: number; retryAfter: boolean };
  outage: { status: number; code: number };
}

const CASES: ApiCase[] = [
  {
    id: 'mexc-spot',
    endpoints: [
      spot('GET /api/v3/ping', 'public'),
      spot('GET /api/v3/time', 'public'),
      spot('GET /api/v3/defaultSymbols', 'public'),
      spot('GET /api/v3/exchangeInfo', 'public', 'symbol=BTCUSDT'),
      spot('GET /api/v3/account', 'read'),
      spot('GET /api/v3/openOrders', 'read', 'symbol=BTCUSDT'),
      spot('GET /api/v3/order', 'read', 'symbol=BTCUSDT&orderId=C02__1'),
      spot('POST /api/v3/order/test', 'trade', ORDER),
      spot('POST /api/v3/order', 'trade', ORDER),
      spot('DELETE /api/v3/order', 'trade', 'symbol=BTCUSDT&orderId=C02__1'),
      spot('GET /api/v3/capital/config/getall', 'read'),
      spot('GET /api/v3/capital/deposit/address', 'read', 'coin=USDT'),
    ],
    refusal: { 'wrong-secret': () => 700002, ip: () => 700006, clock: () => 700003, 'no-trade': () => 700007, 'no-read': () => 700007, 'invalid-key': () => 10072, 'expired-key': () => 700002 },
    rate: { status: 429, code: 429, retryAfter: true },
    outage: { status: 503, code: 503 },
  },
  {
    id: 'mexc-futures',
    endpoints: [
      futures('GET /api/v1/contract/ping', 'public'),
      futures('GET /api/v1/contract/detail', 'public'),
      futures('GET /api/v1/private/account/assets', 'read'),
      futures('GET /api/v1/private/order/list/open_orders', 'read', undefined, 'page_num=1&page_size=20'),
      futures('GET /api/v1/private/order/list/open_orders/{symbol}', 'read', '/api/v1/private/order/list/open_orders/BTC_USDT', 'page_num=1&page_size=20'),
      futures('POST /api/v1/private/order/submit', 'closed'),
    ],
    refusal: {
      'wrong-secret': () => 602,
      ip: () => 406,
      clock: () => 513,
      'no-trade': () => NaN, // futures trading is closed to every key: no trade permission can show
      'no-read': (e) => (e.route.includes('open_orders') ? 703 : 701),
      'invalid-key': () => 401,
      'expired-key': () => 402,
    },
    rate: { status: 429, code: 510, retryAfter: false },
    outage: { status: 503, code: 501 },
  },
  {
    id: 'cryptocom-v1',
    endpoints: [
      cdc('cryptocom-v1', 'public/get-instruments', 'public'),
      cdc('cryptocom-v1', 'private/get-currency-networks', 'read'),
      cdc('cryptocom-v1', 'private/user-balance', 'read'),
      cdc('cryptocom-v1', 'private/get-open-orders', 'read'),
      cdc('cryptocom-v1', 'private/get-order-detail', 'read', { order_id: '0' }),
      cdc('cryptocom-v1', 'private/create-order', 'trade', CDC_ORDER),
      cdc('cryptocom-v1', 'private/cancel-order', 'trade', { order_id: '0' }),
    ],
    refusal: { 'wrong-secret': () => 40101, ip: () => 40103, clock: () => 40102, 'no-trade': () => 40101, 'no-read': () => 40101, 'invalid-key': () => 40101, 'expired-key': () => 40101 },
    rate: { status: 429, code: 42901, retryAfter: false },
    outage: { status: 503, code: 9010001 },
  },
  {
    id: 'cryptocom-v2',
    endpoints: [
      cdc('cryptocom-v2', 'public/get-instruments', 'public'),
      cdc('cryptocom-v2', 'private/get-account-summary', 'read'),
      cdc('cryptocom-v2', 'private/get-open-orders', 'read'),
      cdc('cryptocom-v2', 'private/get-order-detail', 'read', { order_id: '0' }),
      cdc('cryptocom-v2', 'private/create-order', 'trade', CDC_ORDER),
      cdc('cryptocom-v2', 'private/cancel-order', 'trade', { instrument_name: 'BTC_USD', order_id: '0' }),
    ],
    refusal: { 'wrong-secret': () => 10002, ip: () => 10003, clock: () => 10007, 'no-trade': () => 10002, 'no-read': () => 10002, 'invalid-key': () => 10002, 'expired-key': () => 10002 },
    rate: { status: 429, code: 10006, retryAfter: false },
    outage: { status: 503, code: 9010001 },
  },
];

const emulators = new Map<ScenarioName, RunningEmulator>();
beforeAll(async () => {
  for (const s of SCENARIOS) emulators.set(s, await startEmulator({ scenario: s, ...(s === 'slow' ? { latencyMs: 50 } : {}) }));
});
afterAll(async () => {
  await Promise.all([...emulators.values()].map((e) => e.close()));
});

/** Every code that means "refused before the endpoint did its work". */
function refusalCodes(c: ApiCase): Set<number> {
  return new Set(Object.values(c.refusal).flatMap((f) => c.endpoints.map(f)));
}

const codeOf = (json: any): number | null => (json && typeof json === 'object' && !Array.isArray(json) && json.code !== undefined ? Number(json.code) : null);

describe.each(CASES)('$id: one scenario, the same answer on every endpoint', (c) => {
  it('the endpoints tested are the endpoints the API serves', () => {
    expect(c.endpoints.map((e) => e.route).sort()).toEqual([...API[c.id].emulator.endpoints].sort());
  });

  it.each(SCENARIOS)('%s', async (scenario) => {
    const e = emulators.get(scenario)!;
    const refused = refusalCodes(c);
    const rows = await Promise.all(
      c.endpoints.map(async (ep) => {
        const r = await ep.call(e);
        return { ep, r, code: codeOf(r.json) };
      }),
    );
    for (const { ep, r, code } of rows) {
      const where = `${scenario}: ${ep.route} answered ${r.status} ${JSON.stringify(r.json)?.slice(0, 160)}`;
      const passesAuth = () => {
        expect(r.status, where).toBeLessThan(500);
        expect([404, 429], where).not.toContain(r.status);
        if (code !== null) expect(refused.has(code), where).toBe(false);
      };
      const refusedWith = (want: number) => expect(code, where).toBe(want);
      switch (scenario) {
        case 'ok':
        case 'slow':
          passesAuth();
          break;
        case 'rate-limited':
          expect([r.status, code], where).toEqual([c.rate.status, c.rate.code]);
          expect(r.headers.has('retry-after'), where).toBe(c.rate.retryAfter);
          break;
        case 'outage':
          expect([r.status, code], where).toEqual([c.outage.status, c.outage.code]);
          break;
        default: {
          if (ep.kind === 'public') {
            expect(r.status, where).toBe(200);
            break;
          }
          const refusalOf: Record<string, keyof ApiCase['refusal']> = {
            'wrong-secret': 'wrong-secret',
            'ip-not-whitelisted': 'ip',
            'clock-ahead': 'clock',
            'clock-behind': 'clock',
            'no-trade-permission': 'no-trade',
            'no-read-permission': 'no-read',
            'invalid-key': 'invalid-key',
            'expired-key': 'expired-key',
          };
          const which = refusalOf[scenario]!;
          if (which === 'no-trade') {
            if (ep.kind === 'trade') refusedWith(c.refusal['no-trade'](ep));
            else passesAuth();
          } else if (which === 'no-read') {
            if (ep.kind === 'read') refusedWith(c.refusal['no-read'](ep));
            else passesAuth();
          } else {
            refusedWith(c.refusal[which](ep));
          }
        }
      }
    }
  });
});
