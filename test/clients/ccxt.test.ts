import { createRequire } from 'node:module';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { SCENARIOS, type ScenarioName } from '../../src/emulator/state.js';
import { cryptocom, guard, mexc, outcome, refused, repoint } from './ccxt-harness.js';

// ccxt 4.5.84, a client our users run, against the emulator in every
// scenario: each call must end as it ends against the real exchange, i.e.
// success, or the exception class ccxt's own error tables give for the
// answer the real exchange sends in that situation.
//
// How to read the table: one row per scenario, one outcome per call, and the
// source of the row: the real answer (with the document or public report that
// shows it) -> the ccxt class (ccxt 4.5.84 js/src/{mexc,cryptocom}.js,
// `exceptions.exact`, unless said otherwise). "guess" marks a real answer no
// source shows; the README's emulator section lists those.
//
// Calls: loadMarkets from scratch (its first request is the signed currency
// call, so auth failures surface there); the others on an instance whose
// markets came from the ok emulator, so each cell is one call. cancelOrder
// cancels the order createOrder placed, or, when none was placed (MEXC's test
// order places nothing), an order id that does not exist.

type Outcome = 'OK' | string;
type Row = [scenario: ScenarioName, outcomes: Outcome[], source: string];

const MEXC_SPOT_CALLS = ['loadMarkets', 'fetchBalance', 'fetchOpenOrders', 'createOrder {test:true}', 'cancelOrder'];
const MEXC_SPOT: Row[] = [
  ['ok', ['OK', 'OK', 'OK', 'OK', 'BadRequest'], 'cancel of an order that does not exist: 400 -2011 "Unknown order sent." (SPOTDOC Error Code) -> BadRequest'],
  ['wrong-secret', ['AuthenticationError', 'AuthenticationError', 'AuthenticationError', 'AuthenticationError', 'AuthenticationError'], '700002 "Signature for this request is not valid." (SPOTDOC) -> AuthenticationError'],
  ['ip-not-whitelisted', ['BadRequest', 'BadRequest', 'BadRequest', 'BadRequest', 'BadRequest'], '700006 "IP [..] not in the ip white list" (mxcdevelop/APIDoc#62) -> BadRequest (ccxt does not read it as an auth error)'],
  ['clock-ahead', ['InvalidNonce', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce'], '700003 outside recvWindow (SPOTDOC Timing security; ccxt#22619) -> InvalidNonce'],
  ['clock-behind', ['InvalidNonce', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce'], '700003 (as above) -> InvalidNonce'],
  ['no-trade-permission', ['OK', 'OK', 'OK', 'AuthenticationError', 'AuthenticationError'], 'reads work; SPOT_DEAL_WRITE calls: 700007 (SPOTDOC; ccxt PR #15622 CI log) -> AuthenticationError'],
  ['no-read-permission', ['AuthenticationError', 'AuthenticationError', 'AuthenticationError', 'OK', 'BadRequest'], 'getall/account/openOrders: 700007 -> AuthenticationError (guess: getall\'s SPOT_WITHDRAW_READ follows read); trading works, unknown order -2011 -> BadRequest'],
  ['invalid-key', ['BadRequest', 'BadRequest', 'BadRequest', 'BadRequest', 'BadRequest'], '10072 "Api key info invalid" (SPOTDOC 10072; REF-MEXC §3) -> BadRequest'],
  ['expired-key', ['AuthenticationError', 'AuthenticationError', 'AuthenticationError', 'AuthenticationError', 'AuthenticationError'], 'guess: 700002, after ccxt mexc.js "same message for expired API keys" -> AuthenticationError'],
  ['rate-limited', ['RateLimitExceeded', 'RateLimitExceeded', 'RateLimitExceeded', 'RateLimitExceeded', 'RateLimitExceeded'], 'HTTP 429 + Retry-After (SPOTDOC LIMITS), body code 429 (guess) -> RateLimitExceeded'],
  ['outage', ['ExchangeNotAvailable', 'ExchangeNotAvailable', 'ExchangeNotAvailable', 'ExchangeNotAvailable', 'ExchangeNotAvailable'], '503 "service not available, please try again" (SPOTDOC Error Code) -> ExchangeNotAvailable'],
  ['slow', ['OK', 'OK', 'OK', 'OK', 'BadRequest'], 'as ok, 2.5 s late: inside ccxt\'s default 10 s timeout'],
];

const MEXC_FUTURES_CALLS = ['loadMarkets', 'fetchBalance {type:swap}', 'fetchOpenOrders BTC/USDT:USDT'];
// loadMarkets fetches spot and swap markets and starts with the signed spot
// currency call, so its column follows the spot API; the other two are futures calls.
const MEXC_FUTURES: Row[] = [
  ['ok', ['OK', 'OK', 'OK'], 'FUTDOC success envelope'],
  ['wrong-secret', ['AuthenticationError', 'AuthenticationError', 'AuthenticationError'], '602 "Signature verification failed!" (FUTDOC; pybotters#173) -> AuthenticationError'],
  ['ip-not-whitelisted', ['BadRequest', 'PermissionDenied', 'PermissionDenied'], 'spot 700006 -> BadRequest; futures 406 (FUTDOC) -> PermissionDenied'],
  ['clock-ahead', ['InvalidNonce', 'BadRequest', 'BadRequest'], 'spot 700003 -> InvalidNonce; futures 513 (FUTDOC Time security) -> BadRequest'],
  ['clock-behind', ['InvalidNonce', 'BadRequest', 'BadRequest'], 'as clock-ahead'],
  ['no-trade-permission', ['OK', 'OK', 'OK'], 'reads only'],
  ['no-read-permission', ['AuthenticationError', 'PermissionDenied', 'PermissionDenied'], 'spot getall 700007 -> AuthenticationError; futures 701 / 703 (FUTDOC; which of the two is a guess) -> PermissionDenied'],
  ['invalid-key', ['BadRequest', 'AuthenticationError', 'AuthenticationError'], 'spot 10072 -> BadRequest; futures 401 "Unauthorized" (FUTDOC 401; message a guess) -> AuthenticationError'],
  ['expired-key', ['AuthenticationError', 'AuthenticationError', 'AuthenticationError'], 'spot 700002 (guess) -> AuthenticationError; futures 402 "API Key expired" (FUTDOC) -> AuthenticationError'],
  ['rate-limited', ['RateLimitExceeded', 'RateLimitExceeded', 'RateLimitExceeded'], 'spot 429; futures 510 (FUTDOC; HTTP 429 a guess) -> RateLimitExceeded'],
  ['outage', ['ExchangeNotAvailable', 'ExchangeNotAvailable', 'ExchangeNotAvailable'], 'spot 503; futures 501 "System busy" (FUTDOC; HTTP 503 a guess) -> ExchangeNotAvailable'],
  ['slow', ['OK', 'OK', 'OK'], 'as ok, late'],
];

const CRYPTOCOM_V1_CALLS = ['loadMarkets', 'fetchBalance', 'fetchOpenOrders', 'createOrder', 'cancelOrder'];
const CRYPTOCOM_V1: Row[] = [
  ['ok', ['OK', 'OK', 'OK', 'OK', 'OK'], 'CDCDOC success bodies; the order placed is then cancelled'],
  ['wrong-secret', Array(5).fill('AuthenticationError'), '401 {"code":40101,"message":"Authentication failure"} (CDCDOC table; rotki#10468) -> AuthenticationError'],
  ['ip-not-whitelisted', Array(5).fill('AuthenticationError'), '401 40103 IP_ILLEGAL (CDCDOC table) -> AuthenticationError'],
  ['clock-ahead', Array(5).fill('InvalidNonce'), '400 40102 INVALID_NONCE, more than 60 s (CDCDOC table) -> InvalidNonce'],
  ['clock-behind', Array(5).fill('InvalidNonce'), 'as clock-ahead'],
  ['no-trade-permission', ['OK', 'OK', 'OK', 'AuthenticationError', 'AuthenticationError'], 'guess: trading 401 40101 (goincrypto/cryptocom-exchange#23: reads work, buy_limit 401) -> AuthenticationError'],
  ['no-read-permission', ['AuthenticationError', 'AuthenticationError', 'AuthenticationError', 'OK', 'OK'], 'guess: reads 401 40101 -> AuthenticationError; trading works, the order placed is cancelled'],
  ['invalid-key', Array(5).fill('AuthenticationError'), '401 40101 (CDCDOC table) -> AuthenticationError'],
  ['expired-key', Array(5).fill('AuthenticationError'), 'guess: 401 40101 (no key expiry is documented) -> AuthenticationError'],
  ['rate-limited', Array(5).fill('RateLimitExceeded'), '429 42901 TOO_MANY_REQUESTS (CDCDOC table), no Retry-After -> RateLimitExceeded'],
  ['outage', Array(5).fill('OnMaintenance'), '{"code":9010001,"message":"SYSTEM_MAINTENANCE"} (the live body in ccxt cryptocom.js; HTTP 503 a guess) -> OnMaintenance'],
  ['slow', ['OK', 'OK', 'OK', 'OK', 'OK'], 'as ok, late'],
];

// v2: no unified ccxt method uses it; its implicit methods do (v2PublicGet..., v2PrivatePost...).
const CRYPTOCOM_V2_CALLS = ['public/get-instruments', 'private/get-account-summary', 'private/get-open-orders', 'private/create-order', 'private/cancel-order'];
const CRYPTOCOM_V2: Row[] = [
  ['ok', ['OK', 'OK', 'OK', 'OK', 'OK'], 'v2 success bodies (REF-CDC §2)'],
  ['wrong-secret', ['OK', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied'], '401 10002 UNAUTHORIZED (v2 table, REF-CDC §4) -> PermissionDenied'],
  ['ip-not-whitelisted', ['OK', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied'], '401 10003 IP_ILLEGAL -> PermissionDenied'],
  ['clock-ahead', ['OK', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce'], '400 10007 INVALID_NONCE -> InvalidNonce'],
  ['clock-behind', ['OK', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce', 'InvalidNonce'], 'as clock-ahead'],
  ['no-trade-permission', ['OK', 'OK', 'OK', 'PermissionDenied', 'PermissionDenied'], 'guess: trading 401 10002 -> PermissionDenied'],
  ['no-read-permission', ['OK', 'PermissionDenied', 'PermissionDenied', 'OK', 'OK'], 'guess: reads 401 10002 -> PermissionDenied'],
  ['invalid-key', ['OK', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied'], '401 10002 -> PermissionDenied'],
  ['expired-key', ['OK', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied', 'PermissionDenied'], 'guess: 401 10002 -> PermissionDenied'],
  ['rate-limited', Array(5).fill('DDoSProtection'), '429 10006 TOO_MANY_REQUESTS -> DDoSProtection (ccxt maps v2\'s code so)'],
  ['outage', Array(5).fill('OnMaintenance'), 'guess: the v1 maintenance body 9010001 on v2 too (one gateway) -> OnMaintenance'],
  ['slow', ['OK', 'OK', 'OK', 'OK', 'OK'], 'as ok, late'],
];

const emulators = new Map<ScenarioName, RunningEmulator>();
let okEmu: RunningEmulator;
// Markets loaded once from the ok emulator, handed to each row's instance.
let mexcMarkets: { markets: unknown; currencies: unknown };
let cdcMarkets: { markets: unknown; currencies: unknown };

beforeAll(async () => {
  for (const s of SCENARIOS) emulators.set(s, await startEmulator({ scenario: s }));
  okEmu = await startEmulator({ scenario: 'ok' });
  const m = mexc(okEmu);
  await m.loadMarkets();
  mexcMarkets = { markets: m.markets, currencies: m.currencies };
  const c = cryptocom(okEmu);
  await c.loadMarkets();
  cdcMarkets = { markets: c.markets, currencies: c.currencies };
});

afterAll(async () => {
  await Promise.all([...emulators.values(), okEmu].map((e) => e.close()));
  expect(refused, 'no request may leave 127.0.0.1').toEqual([]);
});

function preloaded(kind: 'mexc' | 'cryptocom', e: RunningEmulator, options?: Record<string, unknown>) {
  const ex = kind === 'mexc' ? mexc(okEmu, options) : cryptocom(okEmu);
  const m = kind === 'mexc' ? mexcMarkets : cdcMarkets;
  ex.setMarkets(m.markets as never, m.currencies as never);
  return repoint(ex, e);
}

describe('the loopback guard', () => {
  it('refuses a real exchange host, in ccxt and below it', async () => {
    const before = refused.length;
    const real = guard(new ccxt.mexc({ enableRateLimit: false }));
    await expect(real.fetchTime()).rejects.toThrow(/test guard: ccxt tried to reach https:\/\/api\.mexc\.com/);
    const net = createRequire(import.meta.url)('node:net') as typeof import('node:net');
    expect(() => net.connect({ host: '203.0.113.1', port: 443 })).toThrow(/test guard: refused a connection to 203\.0\.113\.1/);
    expect(refused.splice(before)).toEqual(['https://api.mexc.com/api/v3/time', 'net.connect 203.0.113.1']);
  });
});

describe('the table covers every scenario', () => {
  it.each([MEXC_SPOT, MEXC_FUTURES, CRYPTOCOM_V1, CRYPTOCOM_V2].map((t, i) => [i, t] as const))('table %i', (_i, table) => {
    expect(table.map((r) => r[0])).toEqual([...SCENARIOS]);
  });
});

describe.concurrent('ccxt mexc (spot) against the emulator', () => {
  it.each(MEXC_SPOT)('%s', async (scenario, expected, _source) => {
    const e = emulators.get(scenario)!;
    const got: string[] = [];
    got.push(
      await outcome(async () => {
        const markets = await mexc(e).loadMarkets();
        expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT']));
      }),
    );
    const ex = preloaded('mexc', e);
    got.push(
      await outcome(async () => {
        const b = await ex.fetchBalance();
        expect((b.total as unknown as Record<string, number>)['USDT']).toBe(1000);
      }),
    );
    got.push(await outcome(() => ex.fetchOpenOrders('BTC/USDT')));
    got.push(await outcome(() => ex.createOrder('BTC/USDT', 'limit', 'buy', 0.0001, 20000, { test: true })));
    got.push(await outcome(() => ex.cancelOrder('C02__100000000000000000', 'BTC/USDT')));
    expect(Object.fromEntries(MEXC_SPOT_CALLS.map((c, i) => [c, got[i]]))).toEqual(Object.fromEntries(MEXC_SPOT_CALLS.map((c, i) => [c, expected[i]])));
  });
});

describe.concurrent('ccxt mexc (futures reads) against the emulator', () => {
  it.each(MEXC_FUTURES)('%s', async (scenario, expected, _source) => {
    const e = emulators.get(scenario)!;
    const got: string[] = [];
    got.push(
      await outcome(async () => {
        const markets = await mexc(e, { defaultType: 'swap' }).loadMarkets();
        expect(markets['BTC/USDT:USDT']).toMatchObject({ swap: true, contractSize: 0.0001, precision: { price: 0.1 } });
      }),
    );
    const ex = preloaded('mexc', e, { defaultType: 'swap' });
    got.push(
      await outcome(async () => {
        const b = await ex.fetchBalance({ type: 'swap' });
        expect((b.total as unknown as Record<string, number>)['USDT']).toBe(1000);
      }),
    );
    got.push(await outcome(() => ex.fetchOpenOrders('BTC/USDT:USDT')));
    expect(Object.fromEntries(MEXC_FUTURES_CALLS.map((c, i) => [c, got[i]]))).toEqual(Object.fromEntries(MEXC_FUTURES_CALLS.map((c, i) => [c, expected[i]])));
  });
});

describe.concurrent('ccxt cryptocom (v1) against the emulator', () => {
  it.each(CRYPTOCOM_V1)('%s', async (scenario, expected, _source) => {
    const e = emulators.get(scenario)!;
    const got: string[] = [];
    got.push(
      await outcome(async () => {
        const markets = await cryptocom(e).loadMarkets();
        expect(markets['BTC/USD']).toMatchObject({ spot: true, precision: { price: 0.01, amount: 0.00001 } });
      }),
    );
    const ex = preloaded('cryptocom', e);
    got.push(
      await outcome(async () => {
        const b = await ex.fetchBalance();
        expect((b.total as unknown as Record<string, number>)['USD']).toBe(1000);
      }),
    );
    got.push(await outcome(() => ex.fetchOpenOrders('BTC/USD')));
    let placed: string | undefined;
    got.push(
      await outcome(async () => {
        placed = (await ex.createOrder('BTC/USD', 'limit', 'buy', 0.0001, 20000)).id;
      }),
    );
    got.push(await outcome(() => ex.cancelOrder(placed ?? '0', 'BTC/USD')));
    expect(Object.fromEntries(CRYPTOCOM_V1_CALLS.map((c, i) => [c, got[i]]))).toEqual(Object.fromEntries(CRYPTOCOM_V1_CALLS.map((c, i) => [c, expected[i]])));
  });
});

describe.concurrent('ccxt cryptocom (v2, implicit methods) against the emulator', () => {
  it.each(CRYPTOCOM_V2)('%s', async (scenario, expected, _source) => {
    const e = emulators.get(scenario)!;
    const ex = cryptocom(e) as unknown as Record<string, (p?: Record<string, unknown>) => Promise<any>>;
    const got: string[] = [];
    got.push(
      await outcome(async () => {
        const r = await ex.v2PublicGetPublicGetInstruments!();
        expect(r.result.instruments.map((i: { instrument_name: string }) => i.instrument_name)).toContain('BTC_USD');
      }),
    );
    got.push(
      await outcome(async () => {
        const r = await ex.v2PrivatePostPrivateGetAccountSummary!({});
        expect(r.result.accounts).toContainEqual(expect.objectContaining({ currency: 'USD', balance: 1000 }));
      }),
    );
    got.push(await outcome(() => ex.v2PrivatePostPrivateGetOpenOrders!({ instrument_name: 'BTC_USD' })));
    let placed: string | undefined;
    got.push(
      await outcome(async () => {
        placed = (await ex.v2PrivatePostPrivateCreateOrder!({ instrument_name: 'BTC_USD', side: 'BUY', type: 'LIMIT', quantity: '0.0001', price: '20000' })).result.order_id;
      }),
    );
    got.push(await outcome(() => ex.v2PrivatePostPrivateCancelOrder!({ instrument_name: 'BTC_USD', order_id: placed ?? '0' })));
    expect(Object.fromEntries(CRYPTOCOM_V2_CALLS.map((c, i) => [c, got[i]]))).toEqual(Object.fromEntries(CRYPTOCOM_V2_CALLS.map((c, i) => [c, expected[i]])));
  });
});

describe('ccxt order flow against one emulator: placed, listed, fetched, cancelled, gone', () => {
  it('MEXC spot', async () => {
    const e = await startEmulator({ scenario: 'ok' });
    try {
      const ex = preloaded('mexc', e);
      const order = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 20000.5);
      const id = order.id!;
      expect(id).toMatch(/^C02__\d+$/);
      const open = await ex.fetchOpenOrders('BTC/USDT');
      expect(open.map((o) => [o.id, o.status, o.price, o.amount])).toEqual([[id, 'open', 20000.5, 0.001]]);
      expect(await ex.fetchOpenOrders()).toHaveLength(1); // no symbol: every symbol's orders
      expect((await ex.fetchOrder(id, 'BTC/USDT')).status).toBe('open');
      const cancelled = await ex.cancelOrder(id, 'BTC/USDT');
      expect(cancelled.status).toBe('canceled');
      expect(await ex.fetchOpenOrders('BTC/USDT')).toEqual([]);
      expect((await ex.fetchOrder(id, 'BTC/USDT')).status).toBe('canceled');
      // A second cancel: the order is no longer open (-2011).
      expect(await outcome(() => ex.cancelOrder(id, 'BTC/USDT'))).toBe('BadRequest');
      // An order that never existed (-2013, ccxt#21614).
      expect(await outcome(() => ex.fetchOrder('C02__1', 'BTC/USDT'))).toBe('ExchangeError');
    } finally {
      await e.close();
    }
  });

  it('Crypto.com v1', async () => {
    const e = await startEmulator({ scenario: 'ok' });
    try {
      const ex = preloaded('cryptocom', e);
      const order = await ex.createOrder('BTC/USD', 'limit', 'sell', 0.00012, 95000.01);
      const id = order.id!;
      expect(id).toMatch(/^\d+$/);
      const open = await ex.fetchOpenOrders('BTC/USD');
      expect(open.map((o) => [o.id, o.side, o.price, o.amount])).toEqual([[id, 'sell', 95000.01, 0.00012]]);
      expect((await ex.fetchOrder(id)).status).toBe('open');
      await ex.cancelOrder(id, 'BTC/USD');
      expect(await ex.fetchOpenOrders('BTC/USD')).toEqual([]);
      expect((await ex.fetchOrder(id)).status).toBe('canceled');
      // Cancelling it again, or an order that never existed: 40401 (a guess) -> OrderNotFound.
      expect(await outcome(() => ex.cancelOrder(id, 'BTC/USD'))).toBe('OrderNotFound');
      expect(await outcome(() => ex.cancelOrder('0', 'BTC/USD'))).toBe('OrderNotFound');
      // An unknown instrument is refused before any order exists: 209 INVALID_INSTRUMENT (ExchangeError in ccxt).
      const implicit = ex as unknown as { v1PrivatePostPrivateCreateOrder(p: Record<string, string>): Promise<unknown> };
      expect(await outcome(() => implicit.v1PrivatePostPrivateCreateOrder({ instrument_name: 'XYZ_USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '1' }))).toBe('ExchangeError');
      expect(await ex.fetchOpenOrders()).toEqual([]);
    } finally {
      await e.close();
    }
  });
});
