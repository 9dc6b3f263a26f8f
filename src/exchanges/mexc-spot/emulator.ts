import type { EmulatedKey, EmulatorState } from '../../emulator/state.js';
import { apiStore, findKey, ipAllowed, isExpired, jsonResponse, refusing, mediaType, type ApiRoutes, type EmuRequest, type EmuResponse } from '../../emulator/types.js';
import { hmacHex, sameText } from '../../emulator/verify.js';
import { capitalConfig, depositAddresses, exchangeInfoSymbol, SPOT_BALANCES, SPOT_SYMBOLS } from './emulator-data.js';
import { facts } from './facts.js';

// MEXC spot v3, as the real API answers its clients. Sources, cited by rule:
// - SPOTDOC: mexcdevelop/apidocs, branch spot_v3_en, source/index.html.md
//   @ c0de8ff (the text of https://mexcdevelop.github.io/apidocs/spot_v3_en/),
//   by section title;
// - public issues that show a real answer, by repository and number;
// - ccxt 4.5.84 js/src/mexc.js, whose error table and comments record live answers.
// Every error is HTTP 400 with {"code","msg"} (REF-MEXC §3, live captures),
// except where a rule says otherwise. A rule marked GUESS is not shown by any
// source; the README's emulator section lists them.

type Need = 'read' | 'trade';
type Params = Map<string, string>;

interface SignedCall {
  state: EmulatorState;
  req: EmuRequest;
  key: EmulatedKey;
  params: Params;
}

const err = (code: number, msg: string, status = 400) => jsonResponse(status, { code, msg }, String(code));
const ok = (body: unknown) => jsonResponse(200, body, 'ok');
const mandatory = (name: string) => err(700004, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);

// ---------------------------------------------------------------------------
// Parameters and the signature

/** `k=v` segments of a query or form body, as received. */
function segments(raw: string): string[] {
  return raw.split('&').filter((part) => part !== '');
}

function decode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

function pairsOf(raw: string): Array<[string, string]> {
  return segments(raw).map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [decode(part), ''] : [decode(part.slice(0, i)), decode(part.slice(i + 1))];
  });
}

/** A JSON object body (SPOTDOC "General Information on Endpoints": body "with content type application/json"). */
function jsonBody(body: string): Record<string, unknown> | null {
  if (!body.trimStart().startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The request's parameters. SPOTDOC "General Information on Endpoints": GET
 * parameters come in the query string only; POST, PUT and DELETE take them in
 * the query, the body, or both, and "if a parameter sent in both the query
 * string and request body, the query string parameter will be used". The body
 * is form-encoded (SPOTDOC's own curl examples, and the official Python demo
 * `post_order_test_via_body` in mexcdevelop/mexc-api-demo) or, GUESS, a JSON object.
 */
function paramsOf(req: EmuRequest): Params {
  const params: Params = new Map();
  if (req.method !== 'GET') {
    const json = jsonBody(req.body);
    if (json) for (const [k, v] of Object.entries(json)) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    else for (const [k, v] of pairsOf(req.body)) params.set(k, v);
  }
  for (const [k, v] of pairsOf(req.rawQuery)) params.set(k, v);
  return params;
}

/**
 * totalParams: "the query string concatenated with the request body", no "&"
 * between them (SPOTDOC "SIGNED", and its Example 3), as received, without the
 * `signature` pair wherever it sits: the docs put it last, the official Python
 * demo puts it before `timestamp` in the query, or last in a form body.
 */
export function mexcSpotTotalParams(req: EmuRequest): string {
  const withoutSignature = (raw: string) =>
    segments(raw)
      .filter((part) => !part.startsWith('signature='))
      .join('&');
  // A JSON body is not signed: ccxt's MEXC broker calls send their parameters as a JSON body and sign only the query
  // string (timestamp, recvWindow), and that works live (ccxt js/src/mexc.js sign()). GUESS for other endpoints.
  const body = req.method === 'GET' ? '' : jsonBody(req.body) ? '' : withoutSignature(req.body);
  return withoutSignature(req.rawQuery) + body;
}

/**
 * The signature check, written from SPOTDOC "SIGNED", not from xcred's
 * signer: HMAC-SHA256 of totalParams with the secret, hex. "The signature is
 * support lowercase only": upper-case hex is refused.
 */
export function verifyMexcSpotSignature(secret: string, req: EmuRequest, signature: string): boolean {
  return sameText(signature, hmacHex(secret, mexcSpotTotalParams(req)));
}

// ---------------------------------------------------------------------------
// The order book of one emulator instance

interface SpotOrder {
  symbol: string;
  orderId: string;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: 'NEW' | 'FILLED' | 'CANCELED';
  timeInForce: string | null;
  type: string;
  side: string;
  time: number;
  updateTime: number | null;
}

interface SpotBook {
  next: bigint;
  orders: SpotOrder[];
}

const bookOf = (state: EmulatorState) => apiStore<SpotBook>(state, `${facts.id}:orders`, () => ({ next: 443776347957968896n, orders: [] }));

/** SPOTDOC "Query Order" / "Current Open Orders" item. */
function orderView(o: SpotOrder): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: o.price,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: null,
    icebergQty: null,
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.status === 'NEW',
    origQuoteOrderQty: '0',
  };
}

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * The order parameters of SPOTDOC "New Order" (also "Test New Order":
 * "Parameters: equaled POST /api/v3/order"): symbol, side, type mandatory;
 * LIMIT needs quantity and price, MARKET quantity or quoteOrderQty. An
 * unknown symbol answers -1121 "Invalid symbol." (ccxt's table: mexc.js
 * broad 'Invalid symbol.' // code:-1121). GUESS: a malformed value answers
 * 700004 like a missing one.
 */
function validateOrder(p: Params): EmuResponse | null {
  for (const name of ['symbol', 'side', 'type']) if (!p.get(name)) return mandatory(name);
  if (!SPOT_SYMBOLS.some((s) => s.symbol === p.get('symbol'))) return err(-1121, 'Invalid symbol.');
  if (!['BUY', 'SELL'].includes(p.get('side')!)) return mandatory('side');
  const type = p.get('type')!;
  if (!['LIMIT', 'MARKET', 'LIMIT_MAKER', 'IMMEDIATE_OR_CANCEL', 'FILL_OR_KILL'].includes(type)) return mandatory('type');
  if (type === 'MARKET') {
    if (!p.get('quantity') && !p.get('quoteOrderQty')) return mandatory('quantity');
  } else {
    for (const name of ['quantity', 'price']) if (!p.get(name)) return mandatory(name);
  }
  for (const name of ['quantity', 'price', 'quoteOrderQty']) {
    const v = p.get(name);
    if (v !== undefined && v !== '' && !DECIMAL.test(v)) return mandatory(name);
  }
  return null;
}

/** Either orderId or origClientOrderId (SPOTDOC "Cancel Order"; the wording is 700004 in SPOTDOC "Error Code"). */
function findOrder(book: SpotBook, p: Params): SpotOrder | 'missing-id' | undefined {
  const id = p.get('orderId');
  const clientId = p.get('origClientOrderId');
  if (!id && !clientId) return 'missing-id';
  return book.orders.find((o) => (id ? o.orderId === id : o.clientOrderId === clientId) && (!p.get('symbol') || o.symbol === p.get('symbol')));
}

const missingOrderId = () => err(700004, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null");

// ---------------------------------------------------------------------------
// Routes

const PUBLIC: Record<string, (req: EmuRequest) => EmuResponse> = {
  // SPOTDOC "Test Connectivity" and "Check Server Time" (the time carries the
  // scenario's clock: the official Python demo signs with it).
  'GET /api/v3/ping': () => ok({}),
  'GET /api/v3/time': (req) => ok({ serverTime: req.now }),
  // SPOTDOC "API default symbol".
  'GET /api/v3/defaultSymbols': () => ok({ code: 200, data: SPOT_SYMBOLS.map((s) => s.symbol), msg: null }),
  // SPOTDOC "Exchange Information": no parameter, symbol, or symbols=A,B.
  // GUESS: an unknown symbol answers -1121 "Invalid symbol.".
  'GET /api/v3/exchangeInfo': (req) => {
    const q = new URLSearchParams(req.rawQuery);
    const wanted = q.get('symbol') ? [q.get('symbol')!] : q.get('symbols') ? q.get('symbols')!.split(',') : null;
    const symbols = wanted ? SPOT_SYMBOLS.filter((s) => wanted.includes(s.symbol)) : SPOT_SYMBOLS;
    if (wanted && symbols.length === 0) return err(-1121, 'Invalid symbol.');
    return ok({ timezone: 'CST', serverTime: req.now, rateLimits: [], exchangeFilters: [], symbols: symbols.map(exchangeInfoSymbol) });
  },
};

/** Signed routes and the permission each needs (SPOTDOC, "Permission:" of each section). */
const SIGNED: Record<string, { need: Need; run(call: SignedCall): EmuResponse }> = {
  // SPOTDOC "Account Information", SPOT_ACCOUNT_READ.
  'GET /api/v3/account': {
    need: 'read',
    run: ({ key }) =>
      ok({
        makerCommission: 0,
        takerCommission: 0,
        buyerCommission: 0,
        sellerCommission: 0,
        canTrade: key.permissions.trade,
        canWithdraw: key.permissions.withdraw,
        canDeposit: true,
        updateTime: null,
        accountType: 'SPOT',
        balances: SPOT_BALANCES,
        permissions: ['SPOT'],
      }),
  },
  // SPOTDOC "Current Open Orders", SPOT_DEAL_READ. The docs mark symbol
  // mandatory but warn "careful when accessing this with no symbol": ccxt
  // sends none and gets every symbol's orders. GUESS: an unknown symbol lists nothing.
  'GET /api/v3/openOrders': {
    need: 'read',
    run: ({ state, params }) => {
      const symbol = params.get('symbol');
      return ok(bookOf(state).orders.filter((o) => o.status === 'NEW' && (!symbol || o.symbol === symbol)).map(orderView));
    },
  },
  // SPOTDOC "Query Order", SPOT_DEAL_READ. An order that does not exist:
  // {"msg":"Order does not exist.","code":-2013} (ccxt#21614).
  'GET /api/v3/order': {
    need: 'read',
    run: ({ state, params }) => {
      const order = findOrder(bookOf(state), params);
      if (order === 'missing-id') return missingOrderId();
      return order ? ok(orderView(order)) : err(-2013, 'Order does not exist.');
    },
  },
  // SPOTDOC "Test New Order", SPOT_DEAL_WRITE: validated, answers {}.
  'POST /api/v3/order/test': {
    need: 'trade',
    run: ({ params }) => validateOrder(params) ?? ok({}),
  },
  // SPOTDOC "New Order", SPOT_DEAL_WRITE. A limit order rests (listed in
  // openOrders until cancelled); a market order fills at once. Balances do not move.
  'POST /api/v3/order': {
    need: 'trade',
    run: ({ state, req, params }) => {
      const invalid = validateOrder(params);
      if (invalid) return invalid;
      const book = bookOf(state);
      const type = params.get('type')!;
      const market = type === 'MARKET';
      const order: SpotOrder = {
        symbol: params.get('symbol')!,
        orderId: `C02__${book.next++}`,
        clientOrderId: params.get('newClientOrderId') ?? '',
        price: params.get('price') ?? '0',
        origQty: params.get('quantity') ?? '0',
        executedQty: market ? (params.get('quantity') ?? '0') : '0',
        cummulativeQuoteQty: market ? (params.get('quoteOrderQty') ?? '0') : '0',
        status: market || ['IMMEDIATE_OR_CANCEL', 'FILL_OR_KILL'].includes(type) ? 'FILLED' : 'NEW',
        timeInForce: null,
        type,
        side: params.get('side')!,
        time: req.now,
        updateTime: null,
      };
      book.orders.push(order);
      return ok({ symbol: order.symbol, orderId: order.orderId, orderListId: -1, price: order.price, origQty: order.origQty, type: order.type, side: order.side, transactTime: order.time });
    },
  },
  // SPOTDOC "Cancel Order", SPOT_DEAL_WRITE: symbol mandatory, then orderId
  // or origClientOrderId. Not an open order: -2011 "Unknown order sent."
  // (SPOTDOC "Error Code"; ccxt mexc.js exact '-2011').
  'DELETE /api/v3/order': {
    need: 'trade',
    run: ({ state, req, params }) => {
      if (!params.get('symbol')) return mandatory('symbol');
      const order = findOrder(bookOf(state), params);
      if (order === 'missing-id') return missingOrderId();
      if (!order || order.status !== 'NEW') return err(-2011, 'Unknown order sent.');
      order.status = 'CANCELED';
      order.updateTime = req.now;
      return ok({
        symbol: order.symbol,
        origClientOrderId: order.clientOrderId,
        orderId: order.orderId,
        clientOrderId: params.get('newClientOrderId') ?? order.clientOrderId,
        price: order.price,
        origQty: order.origQty,
        executedQty: order.executedQty,
        cummulativeQuoteQty: order.cummulativeQuoteQty,
        status: order.status,
        timeInForce: order.timeInForce,
        type: order.type,
        side: order.side,
      });
    },
  },
  // SPOTDOC "Query the currency information", SPOT_WITHDRAW_READ; ccxt's
  // loadMarkets calls it first when it has keys. The emulator has one read
  // permission, so GUESS: withdraw-read follows it.
  'GET /api/v3/capital/config/getall': { need: 'read', run: () => ok(capitalConfig()) },
  // SPOTDOC "Deposit Address (supporting network)", SPOT_WITHDRAW_READ; coin
  // mandatory. GUESS: an unknown coin answers 10232 "currency does not exist" (SPOTDOC "Error Code").
  'GET /api/v3/capital/deposit/address': {
    need: 'read',
    run: ({ params }) => {
      const coin = params.get('coin');
      if (!coin) return mandatory('coin');
      const list = depositAddresses(coin, params.get('network') ?? null);
      return list ? ok(list) : err(10232, 'currency does not exist');
    },
  },
};

const WRITES = new Set(['POST', 'PUT', 'DELETE']);

/**
 * The checks every signed route makes, in order. MEXC documents the answers
 * but not their order; this order is a GUESS, except that a key lookup comes
 * before the signature (the signature needs the key's secret).
 */
function authenticate(state: EmulatorState, req: EmuRequest, params: Params, need: Need): EmulatedKey | EmuResponse {
  // Content-Type: required on writes since 2024-02-22 (MEXC announcement
  // 17827791513387, quoted in hummingbot PR #6871); a write without it gets
  // 700013 (mexc-api-sdk#68, hummingbot#6875, ccxt#21345). Not on GET: ccxt
  // sends none on GET (mexc.js sign(), POST/PUT/DELETE only) and its live
  // calls work. A GET with it (the official SDKs and demos) is fine too.
  // GUESS: the media type is compared case-insensitively, parameters
  // (charset) allowed; form-urlencoded on a write is refused like a missing header.
  if (WRITES.has(req.method) && mediaType(req.headers['content-type']) !== 'application/json') return err(700013, 'Invalid content Type.');
  // X-MEXC-APIKEY (SPOTDOC "Header"); missing: 400 "api key required" (SPOTDOC "Error Code").
  const apiKey = req.headers['x-mexc-apikey'];
  if (!apiKey) return err(400, 'api key required');
  // An unknown key: 10072 "invalid access key" in SPOTDOC "Error Code"; the
  // live text is "Api key info invalid" (REF-MEXC §3).
  const key = findKey(state, facts.credentialGroup, apiKey);
  if (!key || !key.enabled) return err(10072, 'Api key info invalid');
  const signature = params.get('signature');
  if (!signature) return mandatory('signature');
  const timestampText = params.get('timestamp');
  if (!timestampText || !/^\d+$/.test(timestampText)) return mandatory('timestamp');
  // recvWindow: optional, default 5000, "max cannot go beyond 60,000"
  // (SPOTDOC "Timing security"); above it, 700005 "recvWindow must less than
  // 60000" (SPOTDOC "Error Code"). GUESS: exactly 60000 is accepted.
  const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : 5000;
  if (!Number.isFinite(recvWindow) || recvWindow > 60000) return err(700005, 'recvWindow must less than 60000');
  // SPOTDOC "Timing security": timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow.
  const timestamp = Number(timestampText);
  if (!(timestamp < req.now + 1000 && req.now - timestamp <= recvWindow)) return refusing('timestamp', err(700003, 'Timestamp for this request is outside of the recvWindow.'));
  if (!verifyMexcSpotSignature(key.secret, req, signature)) return refusing('signature', err(700002, 'Signature for this request is not valid.'));
  // An expired key. MEXC documents no code for it. GUESS: 700002, after the
  // one public hint, ccxt's comment on its 700001 entry: {"code":700002,"msg":
  // "Signature for this request is not valid."} // same message for expired API keys.
  if (isExpired(key, req.now)) return err(700002, 'Signature for this request is not valid.');
  // IP whitelist: 700006 with the IP seen (mxcdevelop/APIDoc#62, REF-MEXC §3).
  if (!ipAllowed(key, req.clientIp)) return err(700006, `IP [${req.clientIp}] not in the ip white list`);
  // A permission the key lacks: 700007 (SPOTDOC "Error Code"; a ccxt CI log in PR #15622).
  if (!key.permissions[need]) return err(700007, 'No permission to access the endpoint.');
  return key;
}

export function handleMexcSpot(state: EmulatorState, req: EmuRequest): EmuResponse {
  const route = `${req.method} ${req.path}`;
  const pub = PUBLIC[route];
  if (pub) return pub(req);
  const signed = SIGNED[route];
  // GUESS: an unknown path (or method) under /api/v3/ answers a JSON 404; no capture shows the real body.
  if (!signed) return err(404, 'Not Found', 404);
  const params = paramsOf(req);
  const key = authenticate(state, req, params, signed.need);
  if ('status' in key) return key;
  return signed.run({ state, req, key, params });
}

export const MEXC_DEMO_KEY = { apiKey: 'mx0vglXcredDemo001', secret: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50', otherSecret: '00000000000000000000000000000000' };

export const emulator: ApiRoutes = {
  mount: '/api/v3/',
  basePath: '',
  endpoints: [...Object.keys(PUBLIC), ...Object.keys(SIGNED)],
  demoKey: MEXC_DEMO_KEY,
  handle: handleMexcSpot,
  // The "service not available" answer of SPOTDOC "Error Code" (503), which
  // ccxt reads as ExchangeNotAvailable (mexc.js exact '503'). GUESS: HTTP 503.
  outage: () => err(503, 'service not available, please try again', 503),
  // SPOTDOC "LIMITS": 429 with a Retry-After header in seconds. GUESS: the
  // body, {"code":429,"msg":"Too Many Requests"} (the SPOTDOC "Error Code" text).
  rateLimited: (retryAfterS) => jsonResponse(429, { code: 429, msg: 'Too Many Requests' }, '429', { 'Retry-After': String(retryAfterS) }),
};
