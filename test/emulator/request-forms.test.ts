import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';
import { send } from './send.js';

// Every documented request form, shaped like the clients that send it: the
// exchanges' official SDKs and demos, their documentation's own examples,
// ccxt. Requests are built and signed by hand here, from the research note on
// each client (mexcdevelop/mexc-api-demo @ 9b767f9, mexc-api-sdk, the
// Crypto.com docs' JS/Python/Java samples, cdcx-cli), never with xcred's signers.

const M = DEMO_KEYS.mexc;
const C = DEMO_KEYS.cryptocom;
const hmac = (secret: string, s: string) => createHmac('sha256', secret).update(s).digest('hex');

let ok: RunningEmulator;
let ahead: RunningEmulator;
beforeAll(async () => {
  ok = await startEmulator({ scenario: 'ok' });
  ahead = await startEmulator({ scenario: 'clock-ahead' });
});
afterAll(async () => {
  await ok.close();
  await ahead.close();
});

const spot = (e: RunningEmulator) => e.urls.apis['mexc-spot']!;
const futures = (e: RunningEmulator) => e.urls.apis['mexc-futures']!;
const v1 = (e: RunningEmulator) => e.urls.apis['cryptocom-v1']!;
const v2 = (e: RunningEmulator) => e.urls.apis['cryptocom-v2']!;

/** The official demos' encoding: encodeURIComponent, then "(" and ")" as %28 and %29. */
const demoEncode = (v: string) => encodeURIComponent(v).replace(/\(/g, '%28').replace(/\)/g, '%29');

describe('MEXC spot: the request forms real clients send', () => {
  it('official Node demo (axios): Content-Type and X-MEXC-APIKEY on every request, public included; no recvWindow; ( ) as %28 %29', async () => {
    const headers = { 'Content-Type': 'application/json', 'X-MEXC-APIKEY': M.apiKey };
    const info = await send(`${spot(ok)}/api/v3/exchangeInfo?symbols=BTCUSDT,ETHUSDT`, { headers });
    expect(info.json.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const query = `coin=USDT&network=${demoEncode('BNB Smart Chain(BEP20)')}&timestamp=${Date.now()}`;
    expect(query).toContain('BNB%20Smart%20Chain%28BEP20%29');
    const r = await send(`${spot(ok)}/api/v3/capital/deposit/address?${query}&signature=${hmac(M.secret, query)}`, { headers });
    expect([r.status, r.json]).toEqual([200, [{ coin: 'USDT', network: 'BNB Smart Chain(BEP20)', address: expect.any(String), memo: null }]]);
  });

  it('official Python demo: lower-case x-mexc-apikey, the server clock from /api/v3/time, signature before timestamp', async () => {
    // The demo signs with MEXC's clock, so it works even with the local clock 90 s ahead.
    const serverTime = (await send(`${spot(ahead)}/api/v3/time`)).json.serverTime as number;
    expect(Date.now() - serverTime).toBeGreaterThan(80_000);
    const signed = `symbol=BTCUSDT&timestamp=${serverTime}`;
    const url = `${spot(ahead)}/api/v3/openOrders?symbol=BTCUSDT&signature=${hmac(M.secret, signed)}&timestamp=${serverTime}`;
    const r = await send(url, { headers: { 'x-mexc-apikey': M.apiKey, 'Content-Type': 'application/json' } });
    expect([r.status, r.json]).toEqual([200, []]);
  });

  it('official Python demo, post_order_test_via_body: a form-encoded body with the signature last, no query', async () => {
    const params = `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&price=20000&timestamp=${Date.now()}`;
    const r = await send(`${spot(ok)}/api/v3/order/test`, {
      method: 'POST',
      headers: { 'X-MEXC-APIKEY': M.apiKey, 'Content-Type': 'application/json' },
      body: `${params}&signature=${hmac(M.secret, params)}`,
    });
    expect([r.status, r.json]).toEqual([200, {}]);
  });

  it('official Go demo (resty): the canonicalised X-Mexc-Apikey, Content-Type on GET and DELETE', async () => {
    const headers = { 'X-Mexc-Apikey': M.apiKey, 'Content-Type': 'application/json' };
    const q = `timestamp=${Date.now()}`;
    expect((await send(`${spot(ok)}/api/v3/account?${q}&signature=${hmac(M.secret, q)}`, { headers })).status).toBe(200);
    const d = `symbol=BTCUSDT&orderId=C02__1&timestamp=${Date.now()}`;
    const r = await send(`${spot(ok)}/api/v3/order?${d}&signature=${hmac(M.secret, d)}`, { method: 'DELETE', headers });
    expect([r.status, r.json]).toEqual([400, { code: -2011, msg: 'Unknown order sent.' }]);
  });

  it('SPOTDOC Example 3: parameters split between query and body, signed as query + body with no "&" between', async () => {
    const e = await startEmulator({ scenario: 'ok' });
    try {
      const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT';
      const body = `quantity=0.001&price=20000&recvWindow=5000&timestamp=${Date.now()}`;
      const r = await send(`${spot(e)}/api/v3/order?${query}`, {
        method: 'POST',
        headers: { 'X-MEXC-APIKEY': M.apiKey, 'Content-Type': 'application/json' },
        body: `${body}&signature=${hmac(M.secret, query + body)}`,
      });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ symbol: 'BTCUSDT', orderId: expect.stringMatching(/^C02__\d+$/), price: '20000', origQty: '0.001', type: 'LIMIT', side: 'BUY' });
      const q = `symbol=BTCUSDT&timestamp=${Date.now()}`;
      const open = await send(`${spot(e)}/api/v3/openOrders?${q}&signature=${hmac(M.secret, q)}`, { headers: { 'X-MEXC-APIKEY': M.apiKey } });
      expect(open.json).toEqual([expect.objectContaining({ orderId: r.json.orderId, status: 'NEW' })]);
    } finally {
      await e.close();
    }
  });

  it('a parameter in both the query and the body: the query wins (SPOTDOC)', async () => {
    const post = (query: string, body: string) =>
      send(`${spot(ok)}/api/v3/order/test?${query}`, {
        method: 'POST',
        headers: { 'X-MEXC-APIKEY': M.apiKey, 'Content-Type': 'application/json' },
        body: `${body}&signature=${hmac(M.secret, query + body)}`,
      });
    const rest = `side=BUY&type=LIMIT&quantity=1&price=1&timestamp=${Date.now()}`;
    expect((await post('symbol=BTCUSDT', `symbol=NOPEUSDT&${rest}`)).json).toEqual({});
    expect((await post('symbol=NOPEUSDT', `symbol=BTCUSDT&${rest}`)).json).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('Content-Type: not needed on GET (ccxt), required on writes, compared as a media type', async () => {
    const q = () => `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1&timestamp=${Date.now()}`;
    const write = (contentType: string | null) => {
      const query = q();
      return send(`${spot(ok)}/api/v3/order/test?${query}&signature=${hmac(M.secret, query)}`, {
        method: 'POST',
        headers: { 'X-MEXC-APIKEY': M.apiKey, ...(contentType ? { 'Content-Type': contentType } : {}) },
      });
    };
    const g = `timestamp=${Date.now()}`;
    expect((await send(`${spot(ok)}/api/v3/account?${g}&signature=${hmac(M.secret, g)}`, { headers: { 'X-MEXC-APIKEY': M.apiKey } })).status).toBe(200);
    const refused = { code: 700013, msg: 'Invalid content Type.' };
    expect((await write(null)).json).toEqual(refused);
    expect((await write('application/x-www-form-urlencoded')).json).toEqual(refused);
    expect((await write('application/json; charset=UTF-8')).json).toEqual({});
    expect((await write('Application/JSON')).json).toEqual({});
  });

  it('signatures are lower-case hex only (SPOTDOC "SIGNED")', async () => {
    const q = `timestamp=${Date.now()}`;
    const r = await send(`${spot(ok)}/api/v3/account?${q}&signature=${hmac(M.secret, q).toUpperCase()}`, { headers: { 'X-MEXC-APIKEY': M.apiKey } });
    expect(r.json).toEqual({ code: 700002, msg: 'Signature for this request is not valid.' });
  });

  it('recvWindow: absent means 5000; present widens the window up to 60000', async () => {
    const at = (extra: string, age: number) => {
      const q = `${extra}timestamp=${Date.now() - age}`;
      return send(`${spot(ok)}/api/v3/account?${q}&signature=${hmac(M.secret, q)}`, { headers: { 'X-MEXC-APIKEY': M.apiKey } });
    };
    expect((await at('', 6000)).json.code).toBe(700003);
    expect((await at('recvWindow=10000&', 6000)).status).toBe(200);
    expect((await at('recvWindow=60000&', 50_000)).status).toBe(200);
    expect((await at('recvWindow=60001&', 0)).json).toEqual({ code: 700005, msg: 'recvWindow must less than 60000' });
  });

  it('an unknown path or method answers a JSON 404 (a guess)', async () => {
    for (const [method, path] of [['GET', '/api/v3/nope'], ['PUT', '/api/v3/order']] as const) {
      const r = await send(`${spot(ok)}${path}`, { method });
      expect([r.status, r.json]).toEqual([404, { code: 404, msg: 'Not Found' }]);
    }
  });
});

describe('MEXC futures: the request forms real clients send', () => {
  const signedGet = (e: RunningEmulator, path: string, sentQuery: string, signedParams: string, headers: (t: string, sig: string) => Record<string, string>, offset = 0) => {
    const t = String(Date.now() + offset);
    return send(`${futures(e)}${path}${sentQuery ? '?' + sentQuery : ''}`, { headers: headers(t, hmac(M.secret, M.apiKey + t + signedParams)) });
  };

  it('official Node demo: sorted params, Recv-Window in milliseconds', async () => {
    const h = (t: string, sig: string) => ({ 'Content-Type': 'application/json', ApiKey: M.apiKey, 'Request-Time': t, Signature: sig, 'Recv-Window': '10000' });
    const r = await signedGet(ok, '/api/v1/private/order/list/open_orders/BTC_USDT', 'page_num=1&page_size=20', 'page_num=1&page_size=20', h);
    expect([r.status, r.json]).toEqual([200, { success: true, code: 0, data: [] }]);
  });

  it('official Python demo: the query sent in caller order, the signature over the sorted params', async () => {
    const h = (t: string, sig: string) => ({ Accept: 'application/json', 'Content-Type': 'application/json', ApiKey: M.apiKey, 'Request-Time': t, Signature: sig });
    const r = await signedGet(ok, '/api/v1/private/order/list/open_orders', 'page_size=20&page_num=1', 'page_num=1&page_size=20', h);
    expect(r.json).toEqual({ success: true, code: 0, data: [] });
  });

  it('official Go demo: canonical header case (Apikey), and ccxt: no Recv-Window', async () => {
    const go = (t: string, sig: string) => ({ 'Content-Type': 'application/json', Apikey: M.apiKey, 'Request-Time': t, Signature: sig });
    expect((await signedGet(ok, '/api/v1/private/account/assets', '', '', go)).json).toMatchObject({ success: true, code: 0 });
    const lower = (t: string, sig: string) => ({ apikey: M.apiKey, 'request-time': t, signature: sig });
    expect((await signedGet(ok, '/api/v1/private/account/assets', '', '', lower)).json).toMatchObject({ success: true, code: 0 });
  });

  it('FUTDOC Java sample: values URL-encoded before signing; the demos sign them raw: both accepted', async () => {
    const h = (t: string, sig: string) => ({ ApiKey: M.apiKey, 'Request-Time': t, Signature: sig });
    const sent = 'page_num=1&page_size=20&states=1%2C2&symbol=BTC_USDT';
    expect((await signedGet(ok, '/api/v1/private/order/list/open_orders', sent, sent, h)).json.code).toBe(0);
    expect((await signedGet(ok, '/api/v1/private/order/list/open_orders', sent, 'page_num=1&page_size=20&states=1,2&symbol=BTC_USDT', h)).json.code).toBe(0);
  });

  it('Recv-Window: 10 s by default; up to 60 read as seconds (FUTDOC), above as milliseconds (the demos)', async () => {
    const withWindow = (w: string | null) => (t: string, sig: string) => ({ ApiKey: M.apiKey, 'Request-Time': t, Signature: sig, ...(w ? { 'Recv-Window': w } : {}) });
    const late = -15_000;
    expect((await signedGet(ok, '/api/v1/private/account/assets', '', '', withWindow(null), late)).json.code).toBe(513);
    expect((await signedGet(ok, '/api/v1/private/account/assets', '', '', withWindow('30'), late)).json.code).toBe(0);
    expect((await signedGet(ok, '/api/v1/private/account/assets', '', '', withWindow('20000'), late)).json.code).toBe(0);
    expect((await signedGet(ok, '/api/v1/private/account/assets', '', '', withWindow('10000'), late)).json.code).toBe(513);
  });

  it('public contract detail, and an unknown path (a guess: a JSON 404 in the futures envelope)', async () => {
    const detail = await send(`${futures(ok)}/api/v1/contract/detail?symbol=BTC_USDT`);
    expect(detail.json).toMatchObject({ success: true, code: 0, data: { symbol: 'BTC_USDT', priceUnit: 0.1, state: 0 } });
    const r = await send(`${futures(ok)}/api/v1/private/nope`);
    expect([r.status, r.json]).toEqual([404, { success: false, code: 404, message: 'Not Found' }]);
  });
});

describe('Crypto.com: the request forms real clients send', () => {
  /** A body written field by field, in the order given, with id and nonce as given (numbers or strings). */
  function cdcBody(fields: Array<[string, unknown]>, opts: { idText: string; nonceText: string; method: string; params?: Record<string, string>; upper?: boolean }) {
    const paramString = Object.keys(opts.params ?? {})
      .sort()
      .map((k) => k + opts.params![k])
      .join('');
    let sig = hmac(C.secret, `${opts.method}${opts.idText}${C.apiKey}${paramString}${opts.nonceText}`);
    if (opts.upper) sig = sig.toUpperCase();
    const parts = fields.map(([k, raw]) => `${JSON.stringify(k)}:${raw === 'SIG' ? JSON.stringify(sig) : (raw as string)}`);
    return `{${parts.join(',')}}`;
  }
  const post = (base: string, method: string, body: string, contentType: string | null = 'application/json') =>
    send(`${base}/${method}`, { method: 'POST', headers: contentType ? { 'Content-Type': contentType } : {}, body });

  it('the older docs and the Java sample: id and nonce as JSON numbers, nonce before method; the id echoed as a number', async () => {
    const n = String(Date.now());
    const body = cdcBody(
      [
        ['id', '1'],
        ['nonce', n],
        ['method', '"private/user-balance"'],
        ['api_key', JSON.stringify(C.apiKey)],
        ['params', '{}'],
        ['sig', 'SIG'],
      ],
      { idText: '1', nonceText: n, method: 'private/user-balance' },
    );
    const r = await post(v1(ok), 'private/user-balance', body);
    expect(r.status).toBe(200);
    expect(r.body.startsWith('{"id":1,')).toBe(true);
    expect(r.json.result.data[0].position_balances).toContainEqual(expect.objectContaining({ instrument_name: 'USD', quantity: '1000.00' }));
  });

  it('the JS and Python samples, ccxt: id and nonce as strings, the id echoed as a string', async () => {
    const n = String(Date.now());
    const body = cdcBody(
      [
        ['id', '"11"'],
        ['method', '"private/get-open-orders"'],
        ['params', '{"instrument_name":"BTC_USD"}'],
        ['api_key', JSON.stringify(C.apiKey)],
        ['sig', 'SIG'],
        ['nonce', JSON.stringify(n)],
      ],
      { idText: '11', nonceText: n, method: 'private/get-open-orders', params: { instrument_name: 'BTC_USD' } },
    );
    const r = await post(v1(ok), 'private/get-open-orders', body);
    expect(r.json).toEqual({ id: '11', method: 'private/get-open-orders', code: 0, result: { data: [] } });
  });

  it('an id past 2^53 (a long, CDCDOC "Request Format") signs and echoes exactly as sent', async () => {
    const n = String(Date.now());
    const id = '9223372036854775807';
    const body = cdcBody(
      [
        ['id', id],
        ['method', '"private/user-balance"'],
        ['api_key', JSON.stringify(C.apiKey)],
        ['params', '{}'],
        ['nonce', n],
        ['sig', 'SIG'],
      ],
      { idText: id, nonceText: n, method: 'private/user-balance' },
    );
    const r = await post(v1(ok), 'private/user-balance', body);
    expect(r.status).toBe(200);
    expect(r.body.startsWith(`{"id":${id},`)).toBe(true);
  });

  it('the Java sample: no params at all (signed as ""), upper-case hex accepted (it verifies with equalsIgnoreCase)', async () => {
    const n = String(Date.now());
    const fields: Array<[string, unknown]> = [
      ['id', '7'],
      ['method', '"private/user-balance"'],
      ['api_key', JSON.stringify(C.apiKey)],
      ['sig', 'SIG'],
      ['nonce', n],
    ];
    expect((await post(v1(ok), 'private/user-balance', cdcBody(fields, { idText: '7', nonceText: n, method: 'private/user-balance', upper: true }))).json.code).toBe(0);
    const withNull: Array<[string, unknown]> = [...fields, ['params', 'null']];
    expect((await post(v1(ok), 'private/user-balance', cdcBody(withNull, { idText: '7', nonceText: n, method: 'private/user-balance' }))).json.code).toBe(0);
    // v2: params are optional by the docs.
    expect((await post(v2(ok), 'private/get-account-summary', cdcBody(fields.map(([k, v]) => [k, k === 'method' ? '"private/get-account-summary"' : v]), { idText: '7', nonceText: n, method: 'private/get-account-summary' }))).json.code).toBe(0);
  });

  it('an order placed, then cancelled with order_id as a JSON number ("number or string of number")', async () => {
    const e = await startEmulator({ scenario: 'ok' });
    try {
      const call = (method: string, params: Record<string, string>, rawParams?: string) => {
        const n = String(Date.now());
        return post(
          v1(e),
          method,
          cdcBody(
            [
              ['id', '2'],
              ['method', JSON.stringify(method)],
              ['api_key', JSON.stringify(C.apiKey)],
              ['params', rawParams ?? JSON.stringify(params)],
              ['nonce', n],
              ['sig', 'SIG'],
            ],
            { idText: '2', nonceText: n, method, params },
          ),
        );
      };
      const created = await call('private/create-order', { instrument_name: 'BTC_USD', side: 'BUY', type: 'LIMIT', quantity: '0.0001', price: '20000' });
      const id = created.json.result.order_id as string;
      expect(BigInt(id) > 2n ** 53n).toBe(true); // real order ids are longs past 2^53
      const cancelled = await call('private/cancel-order', { order_id: id }, `{"order_id":${id}}`);
      expect(cancelled.json).toMatchObject({ code: 0, message: 'NO_ERROR', result: { order_id: id } });
      expect((await call('private/get-order-detail', { order_id: id })).json.result).toMatchObject({ order_id: id, status: 'CANCELED' });
      const again = await call('private/cancel-order', { order_id: id });
      expect([again.status, again.json.code, again.json.message]).toEqual([200, 40401, 'NOT_FOUND']);
    } finally {
      await e.close();
    }
  });

  it('Content-Type: needed on private calls (v1 40001 a guess, v2 10001 documented), not on public GETs', async () => {
    const n = String(Date.now());
    const body = cdcBody(
      [
        ['id', '1'],
        ['method', '"private/user-balance"'],
        ['api_key', JSON.stringify(C.apiKey)],
        ['params', '{}'],
        ['nonce', n],
        ['sig', 'SIG'],
      ],
      { idText: '1', nonceText: n, method: 'private/user-balance' },
    );
    const r1 = await post(v1(ok), 'private/user-balance', body, null);
    expect([r1.status, r1.json.code]).toEqual([400, 40001]);
    const r2 = await post(v2(ok), 'private/get-account-summary', body.replace('private/user-balance', 'private/get-account-summary'), 'text/plain');
    expect([r2.status, r2.json.code, r2.json.message]).toEqual([500, 10001, 'SYS_ERROR']);
    expect((await post(v1(ok), 'private/user-balance', body, 'application/json; charset=utf-8')).json.code).toBe(0);
    const pub = await send(`${v1(ok)}/public/get-instruments`);
    expect(pub.json.result.data.find((i: { symbol: string }) => i.symbol === 'BTC_USD')).toMatchObject({ price_tick_size: '0.01', qty_tick_size: '0.00001' });
  });

  it('an unknown method answers METHOD_NOT_FOUND (v1 40002, v2 10008, HTTP 400) with id -1', async () => {
    const r1 = await send(`${v1(ok)}/private/nope`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect([r1.status, r1.json]).toEqual([400, { id: -1, method: 'private/nope', code: 40002, message: 'METHOD_NOT_FOUND' }]);
    const r2 = await send(`${v2(ok)}/public/nope`);
    expect([r2.status, r2.json.code]).toEqual([400, 10008]);
  });
});
