import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../apis.js';
import { send } from './send.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import type { ScenarioName } from '../../src/emulator/state.js';

// Requests are signed here, by hand, from the exchange docs: nothing from
// src/core/signers, so the emulator is tested independently of the client.

const hmac = (secret: string, s: string) => createHmac('sha256', secret).update(s).digest('hex');

let emu: RunningEmulator | null = null;
afterEach(async () => {
  await emu?.close();
  emu = null;
});
async function start(scenario: ScenarioName, tls = false) {
  emu = await startEmulator({ scenario, tls });
  return emu;
}

const M = DEMO_KEYS.mexc;
const C = DEMO_KEYS.cryptocom;

function mexcSpot(e: RunningEmulator, method: string, path: string, params = '', opts: { offset?: number; secret?: string; headers?: Record<string, string> } = {}) {
  const query = `${params ? params + '&' : ''}recvWindow=5000&timestamp=${Date.now() + (opts.offset ?? 0)}`;
  const sig = hmac(opts.secret ?? M.secret, query);
  return send(`${e.urls.apis['mexc-spot']!}${path}?${query}&signature=${sig}`, {
    method,
    headers: opts.headers ?? { 'X-MEXC-APIKEY': M.apiKey, 'Content-Type': 'application/json' },
  });
}

function futures(e: RunningEmulator, method: 'GET' | 'POST', path: string, opts: { body?: string; offset?: number } = {}) {
  const time = String(Date.now() + (opts.offset ?? 0));
  const paramString = method === 'POST' ? (opts.body ?? '') : '';
  return send(`${e.urls.apis['mexc-futures']!}${path}`, {
    method,
    headers: { ApiKey: M.apiKey, 'Request-Time': time, Signature: hmac(M.secret, M.apiKey + time + paramString), 'Content-Type': 'application/json' },
    ...(opts.body ? { body: opts.body } : {}),
  });
}

function cdc(e: RunningEmulator, method: string, params: Record<string, string> = {}, opts: { v2?: boolean; offset?: number } = {}) {
  const nonce = Date.now() + (opts.offset ?? 0);
  const paramString = Object.keys(params).sort().map((k) => k + params[k]).join('');
  const sig = hmac(C.secret, `${method}1${C.apiKey}${paramString}${nonce}`);
  const base = opts.v2 ? e.urls.apis['cryptocom-v2']! : e.urls.apis['cryptocom-v1']!;
  return send(`${base}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 1, method, api_key: C.apiKey, params, nonce, sig }),
  });
}

describe('emulator: scenario ok', () => {
  it('serves public endpoints and the IP echo', async () => {
    const e = await start('ok');
    expect((await send(`${e.urls.apis['mexc-spot']!}/api/v3/ping`)).json).toEqual({});
    const time = await send(`${e.urls.apis['mexc-spot']!}/api/v3/time`);
    expect(Math.abs(time.json.serverTime - Date.now())).toBeLessThan(2000);
    expect((await send(`${e.urls.apis['mexc-futures']!}/api/v1/contract/ping`)).json).toMatchObject({ success: true, code: 0 });
    const inst = await send(`${e.urls.apis['cryptocom-v1']!}/public/get-instruments`);
    expect(inst.json.code).toBe(0);
    expect(Math.abs(Date.parse(inst.headers.date as string) - Date.now())).toBeLessThan(2000);
    expect((await send(e.urls.ipEcho)).body.trim()).toBe('203.0.113.10');
  });

  it('accepts correctly signed MEXC spot calls', async () => {
    const e = await start('ok');
    const account = await mexcSpot(e, 'GET', '/api/v3/account');
    expect(account.status).toBe(200);
    expect(account.json).toMatchObject({ accountType: 'SPOT', canTrade: true });
    expect((await mexcSpot(e, 'GET', '/api/v3/openOrders', 'symbol=BTCUSDT')).json).toEqual([]);
    expect((await mexcSpot(e, 'POST', '/api/v3/order/test', 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1')).json).toEqual({});
    const cancel = await mexcSpot(e, 'DELETE', '/api/v3/order', 'symbol=BTCUSDT&orderId=1');
    expect([cancel.status, cancel.json]).toEqual([400, { code: -2011, msg: 'Unknown order sent.' }]);
  });

  it('verifies encoded values exactly as sent', async () => {
    const e = await start('ok');
    const r = await mexcSpot(e, 'GET', '/api/v3/openOrders', 'network=BEP20%28BSC%29');
    expect(r.status).toBe(200);
  });

  it('answers MEXC spot request errors with the live codes and messages', async () => {
    const e = await start('ok');
    // Content-Type is required on writes only (ccxt sends none on GET, and that works live).
    const getNoType = await mexcSpot(e, 'GET', '/api/v3/account', '', { headers: { 'X-MEXC-APIKEY': M.apiKey } });
    expect(getNoType.status).toBe(200);
    const noType = await mexcSpot(e, 'POST', '/api/v3/order/test', 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1', { headers: { 'X-MEXC-APIKEY': M.apiKey } });
    expect([noType.status, noType.json]).toEqual([400, { code: 700013, msg: 'Invalid content Type.' }]);
    const noKey = await mexcSpot(e, 'GET', '/api/v3/account', '', { headers: { 'X-MBX-APIKEY': M.apiKey, 'Content-Type': 'application/json' } });
    expect([noKey.status, noKey.json]).toEqual([400, { code: 400, msg: 'api key required' }]);
    const noSig = await send(`${e.urls.apis['mexc-spot']!}/api/v3/account?timestamp=${Date.now()}`, { headers: { 'X-MEXC-APIKEY': M.apiKey, 'Content-Type': 'application/json' } });
    expect(noSig.json).toEqual({ code: 700004, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." });
    const q = `recvWindow=60001&timestamp=${Date.now()}`;
    const wide = await send(`${e.urls.apis['mexc-spot']!}/api/v3/account?${q}&signature=${hmac(M.secret, q)}`, { headers: { 'X-MEXC-APIKEY': M.apiKey, 'Content-Type': 'application/json' } });
    expect(wide.json).toEqual({ code: 700005, msg: 'recvWindow must less than 60000' });
  });

  it('applies the real MEXC time rule: 1 s ahead fails, recvWindow behind fails', async () => {
    const e = await start('ok');
    expect((await mexcSpot(e, 'GET', '/api/v3/account', '', { offset: 1500 })).json.code).toBe(700003);
    expect((await mexcSpot(e, 'GET', '/api/v3/account', '', { offset: 500 })).status).toBe(200);
    expect((await mexcSpot(e, 'GET', '/api/v3/account', '', { offset: -6000 })).json.code).toBe(700003);
    expect((await mexcSpot(e, 'GET', '/api/v3/account', '', { offset: -4000 })).status).toBe(200);
  });

  it('accepts futures reads and answers order submit with 1002', async () => {
    const e = await start('ok');
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json).toMatchObject({ success: true, code: 0 });
    const submit = await futures(e, 'POST', '/api/v1/private/order/submit', { body: '{"symbol":"BTC_USDT","price":1,"vol":1,"side":1,"type":1,"openType":1}' });
    expect(submit.json).toEqual({ success: false, code: 1002, message: 'Contract not allow place order!' });
    expect((await futures(e, 'GET', '/api/v1/private/account/assets', { offset: 11_000 })).json.code).toBe(513);
  });

  it('accepts Crypto.com v1 and v2 calls and answers cancel of an unknown order with 40401', async () => {
    const e = await start('ok');
    expect((await cdc(e, 'private/user-balance')).json).toMatchObject({ code: 0, method: 'private/user-balance', id: 1 });
    expect((await cdc(e, 'private/get-open-orders')).json.code).toBe(0);
    const cancel = await cdc(e, 'private/cancel-order', { order_id: '0' });
    expect([cancel.status, cancel.json.code, cancel.json.message]).toEqual([200, 40401, 'NOT_FOUND']);
    expect((await cdc(e, 'private/get-account-summary', {}, { v2: true })).json.code).toBe(0);
    expect((await cdc(e, 'private/get-account-summary')).json.code).toBe(40002);
  });
});

describe('emulator: failure scenarios', () => {
  it('wrong-secret', async () => {
    const e = await start('wrong-secret');
    const spot = await mexcSpot(e, 'GET', '/api/v3/account');
    expect([spot.status, spot.json]).toEqual([400, { code: 700002, msg: 'Signature for this request is not valid.' }]);
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json).toEqual({ success: false, code: 602, message: 'Signature verification failed!' });
    const v1 = await cdc(e, 'private/user-balance');
    expect([v1.status, v1.body]).toEqual([401, '{"code":40101,"message":"Authentication failure"}']);
    expect((await cdc(e, 'private/get-account-summary', {}, { v2: true })).json.code).toBe(10002);
  });

  it('ip-not-whitelisted reports the IP it sees', async () => {
    const e = await start('ip-not-whitelisted');
    expect((await mexcSpot(e, 'GET', '/api/v3/account')).json).toEqual({ code: 700006, msg: 'IP [203.0.113.10] not in the ip white list' });
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json.code).toBe(406);
    const v1 = await cdc(e, 'private/user-balance');
    expect([v1.status, v1.json.code]).toEqual([401, 40103]);
    expect((await cdc(e, 'private/get-account-summary', {}, { v2: true })).json.code).toBe(10003);
  });

  it.each(['clock-ahead', 'clock-behind'] as const)('%s', async (scenario) => {
    const e = await start(scenario);
    expect((await mexcSpot(e, 'GET', '/api/v3/account')).json.code).toBe(700003);
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json.code).toBe(513);
    const v1 = await cdc(e, 'private/user-balance');
    expect([v1.status, v1.json.code]).toEqual([400, 40102]);
    expect((await cdc(e, 'private/get-account-summary', {}, { v2: true })).json.code).toBe(10007);
    const serverTime = (await send(`${e.urls.apis['mexc-spot']!}/api/v3/time`)).json.serverTime;
    expect(Math.sign(serverTime - Date.now())).toBe(scenario === 'clock-ahead' ? -1 : 1);
  });

  it('no-trade-permission: read works, trade refused', async () => {
    const e = await start('no-trade-permission');
    expect((await mexcSpot(e, 'GET', '/api/v3/account')).status).toBe(200);
    expect((await mexcSpot(e, 'POST', '/api/v3/order/test', 'symbol=BTCUSDT')).json).toEqual({ code: 700007, msg: 'No permission to access the endpoint.' });
    expect((await cdc(e, 'private/user-balance')).json.code).toBe(0);
    expect((await cdc(e, 'private/cancel-order', { order_id: '0' })).json.code).toBe(40101);
  });

  it('no-read-permission', async () => {
    const e = await start('no-read-permission');
    expect((await mexcSpot(e, 'GET', '/api/v3/account')).json.code).toBe(700007);
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json).toEqual({ success: false, code: 701, message: 'Account read permission is required' });
    expect((await cdc(e, 'private/user-balance')).json.code).toBe(40101);
  });

  it('invalid-key', async () => {
    const e = await start('invalid-key');
    expect((await mexcSpot(e, 'GET', '/api/v3/account')).json).toEqual({ code: 10072, msg: 'Api key info invalid' });
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json).toEqual({ success: false, code: 401, message: 'Unauthorized' });
    expect((await cdc(e, 'private/user-balance')).json.code).toBe(40101);
  });

  it('expired-key', async () => {
    const e = await start('expired-key');
    // Undocumented for spot: 700002, after ccxt's note "same message for expired API keys".
    expect((await mexcSpot(e, 'GET', '/api/v3/account')).json).toEqual({ code: 700002, msg: 'Signature for this request is not valid.' });
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json).toEqual({ success: false, code: 402, message: 'API Key expired, please apply again' });
    expect((await cdc(e, 'private/user-balance')).json.code).toBe(40101);
  });

  it('rate-limited answers 429 with Retry-After', async () => {
    const e = await start('rate-limited');
    const spot = await mexcSpot(e, 'GET', '/api/v3/account');
    expect([spot.status, spot.headers['retry-after'], spot.json]).toEqual([429, '2', { code: 429, msg: 'Too Many Requests' }]);
    expect((await futures(e, 'GET', '/api/v1/private/account/assets')).json.code).toBe(510);
    const v1 = await cdc(e, 'private/user-balance');
    expect([v1.status, v1.json.code]).toEqual([429, 42901]);
  });

  it('outage answers what each exchange sends when down, everywhere', async () => {
    const e = await start('outage');
    const spot = await send(`${e.urls.apis['mexc-spot']!}/api/v3/ping`);
    expect([spot.status, spot.json]).toEqual([503, { code: 503, msg: 'service not available, please try again' }]);
    const fut = await send(`${e.urls.apis['mexc-futures']!}/api/v1/contract/detail`);
    expect([fut.status, fut.json]).toEqual([503, { success: false, code: 501, message: 'System busy' }]);
    for (const r of [await cdc(e, 'private/user-balance'), await send(`${e.urls.apis['cryptocom-v1']!}/public/get-instruments`), await cdc(e, 'private/get-account-summary', {}, { v2: true })]) {
      expect([r.status, r.json.code, r.json.message]).toEqual([503, 9010001, 'SYSTEM_MAINTENANCE']);
    }
  });

  it('slow adds latency', async () => {
    const e = await start('slow');
    const t0 = performance.now();
    await send(`${e.urls.apis['mexc-spot']!}/api/v3/ping`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2400);
  });
});

describe('emulator: TLS', () => {
  it('serves HTTPS with a fresh self-signed certificate that clients refuse unless trusted', async () => {
    const e = await start('ok', true);
    expect(e.urls.apis['mexc-spot']!.startsWith('https://')).toBe(true);
    expect(e.certificatePem).toMatch(/BEGIN CERTIFICATE/);
    await expect(send(`${e.urls.apis['mexc-spot']!}/api/v3/ping`)).rejects.toThrow(/self-signed|self signed/i);
    expect((await send(`${e.urls.apis['mexc-spot']!}/api/v3/ping`, { ca: e.certificatePem! })).json).toEqual({});
  });
});
