import { parseJsonKeepingNumbers as keepingNumbers } from '../../core/json-numbers.js';
import type { EmulatedKey, EmulatorState } from '../../emulator/state.js';
import { apiStore, findKey, ipAllowed, isExpired, jsonResponse, refusing, mediaType, type ApiRoutes, type EmuRequest, type EmuResponse } from '../../emulator/types.js';
import { hmacHex, sameHex } from '../../emulator/verify.js';
import {
  BALANCES,
  cancel,
  currencyMap,
  findOrder,
  INSTRUMENTS,
  isDecimal,
  newBook,
  place,
  toNewOrder,
  type Book,
  type NewOrder,
  type Order,
} from './emulator-book.js';
import { facts } from './facts.js';

// Crypto.com Exchange v1 (/exchange/v1); legacy v2 (/v2) builds on this with
// its own codes, methods and shapes (../cryptocom-v2/emulator.ts).
// CDCDOC = the official v1 docs, exchange-developer.crypto.com/exchange/v1/docs
// (read in the byte-for-byte mirror justrhoto/crypto-com-exchange-docs), by
// page; "Common API Reference" holds the request format and the code table
// with each code's HTTP status. A rule marked GUESS is not shown by any
// source; the README's emulator section lists them.

export interface CryptocomCodes {
  unauthorized: number;
  ip: number;
  nonce: number;
  rate: number;
  badRequest: number;
  methodNotFound: number;
}

/** The answer to one method call: a result, or an error in the API's codes. */
export type MethodAnswer = { result?: unknown; message?: string } | { error: { status: number; code: number; message: string } };

export interface MethodCall {
  state: EmulatorState;
  req: EmuRequest;
  params: Record<string, unknown>;
  /** The nonce as sent (a number or a numeric string), as text. */
  nonce: string;
  book: Book;
}

export interface MethodSpec {
  /** null: public (no key, GET). */
  need: 'read' | 'trade' | null;
  run(call: MethodCall): MethodAnswer;
}

export interface CryptocomEmulatorConfig {
  mount: string;
  basePath: string;
  codes: CryptocomCodes;
  methods: Record<string, MethodSpec>;
  /** Whether the nonce is inside the window, given the server clock. */
  nonceOk(nonce: number, now: number): boolean;
  /** The message of the authentication failure (v1's live text; v2's name). */
  unauthorizedMessage: string;
  /** The answer to a private call without Content-Type: application/json. */
  notJson: { status: number; code: number; message: string };
}

/**
 * A JSON number exactly as it was written. The id is a long "0 to
 * 9,223,372,036,854,775,807" (CDCDOC "Request Format"), and the exchange
 * (Java: the official sample's ApiRequestJson has Long id and nonce) reads
 * longs exactly, where JavaScript's JSON.parse would round them past 2^53.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** How it signs: an integer as written; a decimal as JavaScript prints it (the official objectToString). */
  signText(): string {
    return /^-?\d+$/.test(this.text) ? this.text : String(Number(this.text));
  }
}

/** JSON.parse, with every bare number kept as a JsonNumber. Null when the text is not JSON. */
export function parseJsonKeepingNumbers(text: string): unknown {
  return keepingNumbers(text, (raw) => new JsonNumber(raw)) ?? null;
}

/** A value as a method handler sees it: numbers as the text they were sent as. */
function plain(v: unknown): unknown {
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/**
 * The documented algorithm (CDCDOC "Common API Reference", Digital
 * Signature, after its JavaScript objectToString): method + id + api_key +
 * the params with keys sorted at every level, each key followed by its
 * value, arrays flattened + nonce. id and nonce sign as the text they were
 * sent as: numbers (the Java sample's Long, cdcx-cli) or strings (the JS and
 * Python samples, ccxt). Written from the docs, not from xcred's signer.
 */
export function cryptocomSignaturePayload(method: string, id: unknown, apiKey: string, params: unknown, nonce: unknown): string {
  const text = (value: unknown): string => {
    if (value instanceof JsonNumber) return value.signText();
    if (Array.isArray(value)) return value.reduce<string>((acc, item) => acc + text(item), '');
    if (value !== null && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      return Object.keys(obj)
        .sort()
        .reduce((acc, key) => acc + key + text(obj[key]), '');
    }
    return String(value);
  };
  const paramString = params === null || params === undefined ? '' : text(params);
  const idText = id === undefined || id === null ? '' : text(id);
  return `${method}${idText}${apiKey}${paramString}${text(nonce)}`;
}

/**
 * The signature check. Hex in either case: the official Java sample verifies
 * with equalsIgnoreCase (CDCDOC "Common API Reference", Java Example).
 */
export function verifyCryptocomSignature(secret: string, body: Record<string, unknown>, method: string): boolean {
  const payload = cryptocomSignaturePayload(method, body.id, String(body.api_key), body.params, body.nonce);
  return typeof body.sig === 'string' && sameHex(hmacHex(secret, payload), body.sig);
}

export const CRYPTOCOM_DEMO_KEY = { apiKey: 'XcredDemoKey0000000001', secret: 'cxakp_XcredDemoSecret0000001', otherSecret: 'cxakp_SomeOtherSecret00000000' };

/**
 * The request body, in any field order (ccxt: id, method, params, api_key,
 * sig, nonce; CDCDOC: id, method, api_key, sig, params, nonce; its older
 * samples put nonce second). Null unless a JSON object.
 */
function parseBody(text: string): Record<string, unknown> | null {
  const body = parseJsonKeepingNumbers(text);
  return body !== null && typeof body === 'object' && !Array.isArray(body) && !(body instanceof JsonNumber) ? (body as Record<string, unknown>) : null;
}

/** The nonce as text (a number or a numeric string), or null. */
function nonceText(body: Record<string, unknown>): string | null {
  const n = body.nonce;
  if (n instanceof JsonNumber) return n.text;
  return typeof n === 'string' && /^\d+$/.test(n) ? n : null;
}

/** `{"id":<as sent, or -1>, ...rest}`: the id echoed in the JSON type it came in (CDCDOC "Response Format"). */
function withId(idJson: string, rest: Record<string, unknown>): string {
  const tail = JSON.stringify(rest);
  return `{"id":${idJson}${tail === '{}' ? '}' : ',' + tail.slice(1)}`;
}

function idJsonOf(body: Record<string, unknown> | null): string {
  const id = body?.id;
  if (id instanceof JsonNumber) return id.text;
  if (typeof id === 'string') return JSON.stringify(id);
  return '-1';
}

export function cryptocomRoutes(config: CryptocomEmulatorConfig): ApiRoutes {
  const codes = config.codes;
  const bookOf = (state: EmulatorState) => apiStore(state, `${config.mount}orders`, newBook);
  const methodOf = (req: EmuRequest) => req.path.slice(config.mount.length);
  const reply = (status: number, idJson: string, method: string, code: number, message: string) => ({
    status,
    body: withId(idJson, { method, code, message }),
    verdict: String(code),
  });
  // The 401 body real clients log carries no id or method: {"code":40101,"message":"Authentication failure"}
  // (49 bytes in rotki#10468's log).
  const authFailure = () => jsonResponse(401, { code: codes.unauthorized, message: config.unauthorizedMessage }, String(codes.unauthorized));

  const authenticate = (state: EmulatorState, req: EmuRequest, method: string, spec: MethodSpec, body: Record<string, unknown>): EmulatedKey | EmuResponse => {
    const idJson = idJsonOf(body);
    if (typeof body.api_key !== 'string' || typeof body.sig !== 'string') return authFailure();
    // CDCDOC code table: 40102 INVALID_NONCE, "differs by more than 60 seconds" (HTTP 400).
    const nonceAsText = nonceText(body);
    const nonce = nonceAsText === null ? NaN : Number(nonceAsText);
    if (!Number.isFinite(nonce) || !config.nonceOk(nonce, req.now)) return refusing('timestamp', reply(400, idJson, method, codes.nonce, 'INVALID_NONCE'));
    // CDCDOC code table: 40101 UNAUTHORIZED, "Not authenticated, or key/signature incorrect" (HTTP 401).
    const key = findKey(state, facts.credentialGroup, body.api_key);
    if (!key || !key.enabled) return authFailure();
    // GUESS: a body whose method differs from the URL's answers 40001 BAD_REQUEST.
    if (body.method !== undefined && body.method !== method) return reply(400, idJson, method, codes.badRequest, 'BAD_REQUEST');
    if (!verifyCryptocomSignature(key.secret, body, method)) return refusing('signature', authFailure());
    // GUESS: an expired key answers 40101 (no key expiry is documented, REF-CDC §5).
    if (isExpired(key, req.now)) return authFailure();
    // CDCDOC code table: 40103 IP_ILLEGAL (HTTP 401), with id and method.
    if (!ipAllowed(key, req.clientIp)) return reply(401, idJson, method, codes.ip, 'IP_ILLEGAL');
    // GUESS: a key without the permission answers 40101. Undocumented; a user
    // report shows reads working and trading failing with 401 on a key
    // without Trade (goincrypto/cryptocom-exchange#23). Keys are "Can Read"
    // by default (CDCDOC "Common API Reference", Generating the API Key).
    if (spec.need && !key.permissions[spec.need]) return authFailure();
    return key;
  };

  const handle = (state: EmulatorState, req: EmuRequest): EmuResponse => {
    const method = methodOf(req);
    // A user-given name indexes own properties only (valueOf, __proto__... are not methods).
    const spec = Object.hasOwn(config.methods, method) ? config.methods[method] : undefined;
    // CDCDOC code table: 40002 METHOD_NOT_FOUND (HTTP 400). GUESS: the same
    // JSON for any path under the mount (a path the gateway itself does not
    // route might get a CDN page instead; no capture shows it).
    if (!spec) return reply(400, '-1', method, codes.methodNotFound, 'METHOD_NOT_FOUND');
    if (spec.need === null) {
      // Public methods are GETs without a body. Content-Type is not required:
      // ccxt sends none on them (and works live); CDCDOC's curl examples send
      // one; both are accepted.
      const answer = spec.run({ state, req, params: Object.fromEntries(new URLSearchParams(req.rawQuery)), nonce: '', book: bookOf(state) });
      return answerOf(answer, '-1', method);
    }
    // Private methods are POSTs with a JSON body. GUESS: another HTTP method answers BAD_REQUEST.
    if (req.method !== 'POST') return reply(400, '-1', method, codes.badRequest, 'BAD_REQUEST');
    // "REST API requests must be sent with Content-Type: application/json"
    // (CDCDOC "Common API Reference", REST API Root Endpoints). The answer
    // without it: v2 documents 10001 SYS_ERROR; v1's is a GUESS (40001).
    if (mediaType(req.headers['content-type']) !== 'application/json') {
      return reply(config.notJson.status, '-1', method, config.notJson.code, config.notJson.message);
    }
    const body = parseBody(req.body);
    // GUESS: a body that is not a JSON object answers BAD_REQUEST.
    if (!body) return reply(400, '-1', method, codes.badRequest, 'BAD_REQUEST');
    const key = authenticate(state, req, method, spec, body);
    if ('status' in key) return key;
    // params: "Use {} when a method has no parameters" (CDCDOC "Request
    // Format"; optional in v2). GUESS: absent or null is taken as {} on v1 too,
    // as the official Java sample builds requests without params and signs them as "".
    const raw = body.params;
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof JsonNumber)) {
      return reply(400, idJsonOf(body), method, codes.badRequest, 'BAD_REQUEST');
    }
    const params = plain(raw ?? {}) as Record<string, unknown>;
    const answer = spec.run({ state, req, params, nonce: nonceText(body)!, book: bookOf(state) });
    return answerOf(answer, idJsonOf(body), method);
  };

  const answerOf = (answer: MethodAnswer, idJson: string, method: string): EmuResponse => {
    if ('error' in answer) return reply(answer.error.status, idJson, method, answer.error.code, answer.error.message);
    const rest: Record<string, unknown> = { method, code: 0 };
    if (answer.message) rest.message = answer.message;
    if (answer.result !== undefined) rest.result = answer.result;
    return { status: 200, body: withId(idJson, rest), verdict: 'ok' };
  };

  /** The id and method of a request, for the answers that echo them (rate limit). */
  const echo = (req: EmuRequest) => {
    return { idJson: idJsonOf(req.method === 'POST' ? parseBody(req.body) : null), method: methodOf(req) };
  };

  return {
    mount: config.mount,
    basePath: config.basePath,
    endpoints: Object.entries(config.methods).map(([m, s]) => `${s.need === null ? 'GET' : 'POST'} ${config.mount}${m}`),
    demoKey: CRYPTOCOM_DEMO_KEY,
    handle,
    // Maintenance: the only body on record is {"code":9010001,"message":
    // "SYSTEM_MAINTENANCE","details":"Crypto.com Exchange is currently under
    // maintenance. Please refer to https://status.crypto.com for more details."}
    // (the live answer ccxt keeps in its cryptocom.js error table, mapped to
    // OnMaintenance). GUESS: HTTP 503, and the same body on v2 (one gateway).
    outage: () =>
      jsonResponse(
        503,
        { code: 9010001, message: 'SYSTEM_MAINTENANCE', details: 'Crypto.com Exchange is currently under maintenance. Please refer to https://status.crypto.com for more details.' },
        '9010001',
      ),
    // HTTP 429 TOO_MANY_REQUESTS with id and method (CDCDOC code table and its
    // per-method 429 examples). No Retry-After: none is documented.
    rateLimited: (_retryAfterS, req) => {
      const { idJson, method } = echo(req);
      return reply(429, idJson, method, codes.rate, 'TOO_MANY_REQUESTS');
    },
  };
}

// ---------------------------------------------------------------------------
// v1 methods

const v1Error = (status: number, code: number, message: string): MethodAnswer => ({ error: { status, code, message } });
// GUESS: an order that does not exist, for cancel-order and get-order-detail:
// 40401 NOT_FOUND, which the code table lists at HTTP 200. The docs only say
// cancel "is asynchronous, so the response is simply a confirmation of the
// request" (CDCDOC private/cancel-order); no public capture shows the answer.
const notFound = () => v1Error(200, 40401, 'NOT_FOUND');
const missing = () => v1Error(400, 40004, 'MISSING_OR_INVALID_ARGUMENT');

/** CDCDOC private/get-open-orders and get-order-detail (one order object). */
function v1Order(o: Order): Record<string, unknown> {
  return {
    account_id: '52e7c00f-1324-5a6a-bfeb-de445bde21a5',
    order_id: o.order_id,
    client_oid: o.client_oid,
    order_type: o.order_type,
    time_in_force: o.time_in_force,
    side: o.side,
    exec_inst: [],
    quantity: o.quantity,
    limit_price: o.limit_price,
    order_value: '0',
    maker_fee_rate: '0.000250',
    taker_fee_rate: '0.000400',
    avg_price: o.status === 'FILLED' ? o.limit_price : '0',
    cumulative_quantity: o.status === 'FILLED' ? o.quantity : '0',
    cumulative_value: '0',
    cumulative_fee: '0',
    status: o.status,
    order_date: new Date(o.create_time).toISOString().slice(0, 10),
    instrument_name: o.instrument_name,
    fee_instrument_name: o.instrument_name.split('_')[1],
    create_time: o.create_time,
    create_time_ns: `${o.create_time}000000`,
    update_time: o.update_time,
  };
}

/**
 * create-order (CDCDOC private/create-order): instrument_name, side, type,
 * quantity; price for LIMIT. Missing: 40004 MISSING_OR_INVALID_ARGUMENT;
 * wrong: 209 INVALID_INSTRUMENT, 220 INVALID_SIDE, 218 INVALID_ORDTYPE,
 * 213 INVALID_ORDERQTY, 308 INVALID_PRICE (CDCDOC code table, HTTP 400).
 * GUESS: which code a missing field gets. client_oid defaults to the request's
 * nonce (the older single-page docs, create-order). Values may be strings
 * ("All numbers must be strings") or, leniently, numbers.
 */
function v1NewOrder(p: Record<string, unknown>, nonce: string): NewOrder | MethodAnswer {
  for (const name of ['instrument_name', 'side', 'type', 'quantity']) if (p[name] === undefined || p[name] === '') return missing();
  if (!INSTRUMENTS.some((i) => i.symbol === p.instrument_name)) return v1Error(400, 209, 'INVALID_INSTRUMENT');
  if (p.side !== 'BUY' && p.side !== 'SELL') return v1Error(400, 220, 'INVALID_SIDE');
  if (p.type !== 'LIMIT' && p.type !== 'MARKET') return v1Error(400, 218, 'INVALID_ORDTYPE');
  if (!isDecimal(p.quantity) || Number(p.quantity) <= 0) return v1Error(400, 213, 'INVALID_ORDERQTY');
  if (p.type === 'LIMIT' && (p.price === undefined || p.price === '')) return missing();
  if (p.price !== undefined && (!isDecimal(p.price) || Number(p.price) <= 0)) return v1Error(400, 308, 'INVALID_PRICE');
  return toNewOrder(p, nonce);
}

const V1_METHODS: Record<string, MethodSpec> = {
  // CDCDOC public/get-instruments: result.data[] with tick sizes (ccxt needs
  // price_tick_size and qty_tick_size to place orders).
  'public/get-instruments': {
    need: null,
    run: () => ({
      result: {
        data: INSTRUMENTS.map((i) => ({
          symbol: i.symbol,
          inst_type: 'CCY_PAIR',
          display_name: `${i.base}/${i.quote}`,
          base_ccy: i.base,
          quote_ccy: i.quote,
          quote_decimals: i.priceDecimals,
          quantity_decimals: i.qtyDecimals,
          price_tick_size: i.priceTick,
          qty_tick_size: i.qtyTick,
          max_leverage: '50',
          tradable: true,
          expiry_timestamp_ms: 0,
          beta_product: false,
          margin_buy_enabled: false,
          margin_sell_enabled: false,
        })),
      },
    }),
  },
  // CDCDOC private/get-currency-networks (ccxt's loadMarkets calls it first when it has keys).
  'private/get-currency-networks': { need: 'read', run: () => ({ result: { update_time: 1764000000000, currency_map: currencyMap() } }) },
  // CDCDOC private/user-balance: one entry with position_balances[] (ccxt reads only those).
  'private/user-balance': {
    need: 'read',
    run: () => ({
      result: {
        data: [
          {
            total_available_balance: '4500.00',
            total_margin_balance: '4500.00',
            total_initial_margin: '0',
            total_maintenance_margin: '0',
            total_position_cost: '0',
            total_cash_balance: '4500.00',
            total_collateral_value: '4500.00',
            total_session_unrealized_pnl: '0',
            instrument_name: 'USD',
            total_session_realized_pnl: '0',
            is_liquidating: false,
            total_effective_leverage: '0',
            position_limit: '3000000',
            used_position_limit: '0',
            position_balances: BALANCES.map((b) => ({
              instrument_name: b.currency,
              quantity: b.quantity,
              market_value: b.marketValue,
              collateral_eligible: true,
              haircut: '0',
              collateral_amount: b.marketValue,
              max_withdrawal_balance: b.quantity,
              reserved_qty: '0',
            })),
          },
        ],
      },
    }),
  },
  // CDCDOC private/get-open-orders: instrument_name optional ("Omit for 'all'").
  'private/get-open-orders': {
    need: 'read',
    run: ({ params, book }) => ({
      result: { data: book.orders.filter((o) => o.status === 'ACTIVE' && (!params.instrument_name || o.instrument_name === params.instrument_name)).map(v1Order) },
    }),
  },
  // CDCDOC private/get-order-detail: order_id or client_oid; the order itself as result.
  'private/get-order-detail': {
    need: 'read',
    run: ({ params, book }) => {
      if (params.order_id === undefined && params.client_oid === undefined) return missing();
      const order = findOrder(book, params);
      return order ? { result: v1Order(order) } : notFound();
    },
  },
  // CDCDOC private/create-order: result {client_oid, order_id}; the order is then listed as ACTIVE.
  'private/create-order': {
    need: 'trade',
    run: ({ params, nonce, book, req }) => {
      const o = v1NewOrder(params, nonce);
      if ('error' in o) return o;
      const order = place(book, o as NewOrder, req.now);
      return { result: { client_oid: order.client_oid, order_id: order.order_id } };
    },
  },
  // CDCDOC private/cancel-order: order_id or client_oid; answers code 0,
  // message NO_ERROR, result {client_oid, order_id}; the order leaves get-open-orders.
  'private/cancel-order': {
    need: 'trade',
    run: ({ params, book, req }) => {
      if (params.order_id === undefined && params.client_oid === undefined) return missing();
      const order = findOrder(book, params);
      // GUESS: an order that is no longer active answers like one that never existed.
      if (!order || !cancel(order, req.now)) return notFound();
      return { message: 'NO_ERROR', result: { client_oid: order.client_oid, order_id: order.order_id } };
    },
  },
};

export const emulator = cryptocomRoutes({
  mount: '/exchange/v1/',
  basePath: '/exchange/v1',
  codes: { unauthorized: 40101, ip: 40103, nonce: 40102, rate: 42901, badRequest: 40001, methodNotFound: 40002 },
  methods: V1_METHODS,
  nonceOk: (nonce, now) => Math.abs(now - nonce) <= 60_000,
  unauthorizedMessage: 'Authentication failure',
  notJson: { status: 400, code: 40001, message: 'BAD_REQUEST' },
});
