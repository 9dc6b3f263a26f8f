import type { EmulatedKey, EmulatorState } from '../../emulator/state.js';
import { findKey, ipAllowed, isExpired, jsonResponse, refusing, type ApiRoutes, type EmuRequest, type EmuResponse } from '../../emulator/types.js';
import { hmacHex, sameHex } from '../../emulator/verify.js';
import { MEXC_DEMO_KEY } from '../mexc-spot/emulator.js';
import { facts } from './facts.js';

// MEXC futures (contract API), read side. FUTDOC = mexcdevelop/apidocs,
// branch contract_v1_en, source/index.html.md @ 84922b1, by section title.
// Every answer is the {"success","code","message"|"data"} envelope (FUTDOC
// "Error code"). GUESS: errors come with HTTP 200, the docs show only the
// envelope; ccxt reads the body code, not the status. The README lists the
// guesses.

const ok = (data: unknown) => jsonResponse(200, { success: true, code: 0, data }, 'ok');
const fail = (code: number, message: string, status = 200) => jsonResponse(status, { success: false, code, message }, String(code));

/**
 * The contracts served (FUTDOC "Get the contract information": the field set
 * of its example; values illustrative). state 0 is "enabled"; priceUnit is
 * the price tick, volUnit the volume step, contractSize the base amount of one contract.
 */
const CONTRACTS = [
  { symbol: 'BTC_USDT', baseCoin: 'BTC', contractSize: 0.0001, priceScale: 1, priceUnit: 0.1, maxLeverage: 125 },
  { symbol: 'ETH_USDT', baseCoin: 'ETH', contractSize: 0.01, priceScale: 2, priceUnit: 0.01, maxLeverage: 100 },
].map((c) => ({
  symbol: c.symbol,
  displayName: `${c.symbol}永续`,
  displayNameEn: `${c.symbol} SWAP`,
  positionOpenType: 3,
  baseCoin: c.baseCoin,
  quoteCoin: 'USDT',
  settleCoin: 'USDT',
  contractSize: c.contractSize,
  minLeverage: 1,
  maxLeverage: c.maxLeverage,
  priceScale: c.priceScale,
  volScale: 0,
  amountScale: 4,
  priceUnit: c.priceUnit,
  volUnit: 1,
  minVol: 1,
  maxVol: 1_000_000,
  bidLimitPriceRate: 0.03,
  askLimitPriceRate: 0.03,
  takerFeeRate: 0.0002,
  makerFeeRate: 0,
  maintenanceMarginRate: 0.004,
  initialMarginRate: 0.008,
  state: 0,
  isNew: false,
  isHot: true,
  isHidden: false,
  riskLimitType: 'BY_VOLUME',
  apiAllowed: false,
}));

/**
 * accessKey + Request-Time + paramString (FUTDOC "Authentication method"):
 * GET/DELETE parameters sorted by key as `k=v&...`, POST the JSON body as
 * sent. The docs disagree on whether values are URL-encoded before signing
 * (the Java sample encodes, the demos sign raw values and the Python demo
 * sends its query unsorted), so both forms are accepted, over the sorted
 * query. Written from the docs, not from xcred's signer.
 */
export function verifyMexcFuturesSignature(secret: string, apiKey: string, requestTime: string, req: EmuRequest, signature: string): boolean {
  if (req.method === 'POST' || req.method === 'PUT') return sameHex(hmacHex(secret, apiKey + requestTime + req.body), signature);
  const pairs = req.rawQuery
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
    }) as Array<[string, string]>;
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const encoded = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const decoded = pairs.map(([k, v]) => `${k}=${safeDecode(v)}`).join('&');
  return [encoded, decoded].some((ps) => sameHex(hmacHex(secret, apiKey + requestTime + ps), signature));
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/**
 * The time window. FUTDOC "Time security": 10 s by default, widened by an
 * optional header (spelled `recv-window`, `Recv-Window`, and `Revc-Window` on
 * the newer site) "with a maximum value of 60", i.e. seconds; the official
 * Node and Go demos send `Recv-Window: 10000`, i.e. milliseconds. Accept both:
 * up to 60 is seconds, above is milliseconds, capped at 60 s.
 */
function windowMs(req: EmuRequest): number {
  const header = req.headers['recv-window'] ?? req.headers['revc-window'];
  if (!header || !/^\d+$/.test(header)) return 10_000;
  const n = Number(header);
  return Math.min(n <= 60 ? n * 1000 : n, 60_000);
}

/** The read a route needs; null: none checked (order placement is refused whatever the key can do). */
type Need = 'read' | 'order-read' | null;

/**
 * The checks of every private route. FUTDOC "Authentication method": ApiKey,
 * Request-Time and Signature headers (any case: they are HTTP field names).
 * Content-Type "must be specified as application/json", but no answer to its
 * absence is recorded, so it is not enforced. The order of checks is a GUESS.
 */
function authenticate(state: EmulatorState, req: EmuRequest, need: Need): EmulatedKey | EmuResponse {
  const apiKey = req.headers['apikey'];
  const requestTime = req.headers['request-time'];
  const signature = req.headers['signature'];
  // GUESS: a missing header or unknown key answers 401 "Unauthorized" (FUTDOC "Error code" 401; message guessed).
  if (!apiKey || !requestTime || !signature) return fail(401, 'Unauthorized');
  const key = findKey(state, facts.credentialGroup, apiKey);
  if (!key || !key.enabled) return fail(401, 'Unauthorized');
  // FUTDOC "Error code" 402 "Api_key expired"; the live text is from a ccxt subclass comment (REF-MEXC §4).
  if (isExpired(key, req.now)) return fail(402, 'API Key expired, please apply again');
  // FUTDOC "Time security" and "Error code" 513.
  if (!/^\d+$/.test(requestTime) || Math.abs(req.now - Number(requestTime)) > windowMs(req)) {
    return refusing('timestamp', fail(513, 'Invalid request(for open api serves time more or less than 10s)'));
  }
  // FUTDOC "Error code" 602; the live text from pybotters#173 (REF-MEXC §4).
  if (!verifyMexcFuturesSignature(key.secret, apiKey, requestTime, req, signature)) return refusing('signature', fail(602, 'Signature verification failed!'));
  // FUTDOC "Error code" 406.
  if (!ipAllowed(key, req.clientIp)) return fail(406, 'Accessed IP is not in the whitelist');
  // FUTDOC "Error code" 701 / 703. Both sections say "Trade reading
  // permission"; GUESS: the account read answers 701, the order read 703.
  if (need && !key.permissions.read) {
    return need === 'read' ? fail(701, 'Account read permission is required') : fail(703, 'Trade information read permission is required');
  }
  return key;
}

const PUBLIC: Record<string, (req: EmuRequest) => EmuResponse> = {
  // FUTDOC "Get the server time".
  'GET /api/v1/contract/ping': (req) => ok(req.now),
  // FUTDOC "Get the contract information": optional symbol. GUESS: an unknown
  // symbol answers 1001 "Contract does not exist" (FUTDOC "Error code").
  'GET /api/v1/contract/detail': (req) => {
    const symbol = new URLSearchParams(req.rawQuery).get('symbol');
    if (!symbol) return ok(CONTRACTS);
    const c = CONTRACTS.find((x) => x.symbol === symbol);
    return c ? ok(c) : fail(1001, 'Contract does not exist');
  },
};

const PRIVATE: Record<string, { need: Need; run(req: EmuRequest): EmuResponse }> = {
  // FUTDOC "Get all informations of user's asset".
  'GET /api/v1/private/account/assets': {
    need: 'read',
    run: () =>
      ok([
        { currency: 'USDT', positionMargin: 0, availableBalance: 1000, cashBalance: 1000, frozenBalance: 0, equity: 1000, unrealized: 0, bonus: 0 },
        { currency: 'BTC', positionMargin: 0, availableBalance: 0, cashBalance: 0, frozenBalance: 0, equity: 0, unrealized: 0, bonus: 0 },
      ]),
  },
  // FUTDOC "Get the user's current pending order": symbol in the path or
  // absent (ccxt sends none). Order placement is closed to API keys (below),
  // so no order is ever open.
  'GET /api/v1/private/order/list/open_orders': { need: 'order-read', run: () => ok([]) },
  'GET /api/v1/private/order/list/open_orders/{symbol}': { need: 'order-read', run: () => ok([]) },
  // FUTDOC "Order (Under maintenance)": placement has been closed to API users
  // since 2022-07, whatever the key can do; the live answer is 1002 "Contract
  // not allow place order!" (ccxt mexc.js broad table).
  'POST /api/v1/private/order/submit': { need: null, run: () => fail(1002, 'Contract not allow place order!') },
};

function privateRoute(req: EmuRequest): (typeof PRIVATE)[string] | undefined {
  const exact = PRIVATE[`${req.method} ${req.path}`];
  if (exact) return exact;
  const m = /^\/api\/v1\/private\/order\/list\/open_orders\/[A-Za-z0-9_]+$/.exec(req.path);
  return m && req.method === 'GET' ? PRIVATE['GET /api/v1/private/order/list/open_orders/{symbol}'] : undefined;
}

export function handleMexcFutures(state: EmulatorState, req: EmuRequest): EmuResponse {
  const pub = PUBLIC[`${req.method} ${req.path}`];
  if (pub) return pub(req);
  const route = privateRoute(req);
  // GUESS: an unknown path answers a JSON 404 in the futures envelope; no capture shows the real one.
  if (!route) return fail(404, 'Not Found', 404);
  const key = authenticate(state, req, route.need);
  if ('status' in key) return key;
  return route.run(req);
}

export const emulator: ApiRoutes = {
  mount: '/api/v1/',
  basePath: '',
  endpoints: [...Object.keys(PUBLIC), ...Object.keys(PRIVATE)],
  demoKey: MEXC_DEMO_KEY,
  handle: handleMexcFutures,
  // FUTDOC "Error code" 501 "System busy" (ccxt: ExchangeNotAvailable). GUESS: HTTP 503.
  outage: () => fail(501, 'System busy', 503),
  // FUTDOC "Error code" 510 "Excessive frequency of requests" (ccxt:
  // RateLimitExceeded). GUESS: HTTP 429; no Retry-After (none is documented for futures).
  rateLimited: () => fail(510, 'Excessive frequency of requests', 429),
};
