import type { EmulatorState } from '../../emulator/state.js';
import { findKey, ipAllowed, isExpired, jsonResponse, refusing, type ApiRoutes, type EmuRequest, type EmuResponse } from '../../emulator/types.js';
import { hmacHex, sameHex } from '../../emulator/verify.js';
import { facts } from './facts.js';

// Crypto.com Exchange v1 (/exchange/v1); legacy v2 (/v2) reuses this with its
// own codes, methods and nonce window. Undocumented behaviour, chosen as the
// most plausible (see README):
// - a key without Trade permission gets 40101 on trading methods (user reports);
// - cancel-order for an order id that does not exist answers 40401 NOT_FOUND (HTTP 200);
// - an expired/disabled key answers 40101 (no expiry is documented).

export interface CryptocomCodes {
  unauthorized: number;
  ip: number;
  nonce: number;
  rate: number;
  badRequest: number;
  methodNotFound: number;
  internal: number;
}

export interface CryptocomEmulatorConfig {
  mount: string;
  basePath: string;
  codes: CryptocomCodes;
  /** Method name → the permission it needs (null: public). */
  methods: Record<string, 'read' | 'trade' | null>;
  /** Whether the nonce is inside the window, given the server clock. */
  nonceOk(nonce: number, now: number): boolean;
  /** The result of a successful read. */
  results: Record<string, unknown>;
  outage: { status: number; message: string };
  /** The answer to a cancel of an order that does not exist (undocumented in both versions: a guess). */
  noSuchOrder: { status: number; code: number; message: string };
}

/** The documented algorithm, after the official JavaScript objectToString; written from the docs, not from the signer. */
export function cryptocomSignaturePayload(method: string, id: unknown, apiKey: string, params: unknown, nonce: unknown): string {
  const flatten = (value: unknown): string => {
    if (Array.isArray(value)) return value.reduce<string>((acc, item) => acc + flatten(item), '');
    if (value !== null && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      return Object.keys(obj)
        .sort()
        .reduce((acc, key) => acc + key + flatten(obj[key]), '');
    }
    return String(value);
  };
  const paramString = params === null || params === undefined ? '' : flatten(params);
  return `${method}${String(id)}${apiKey}${paramString}${String(nonce)}`;
}

export function verifyCryptocom(secret: string, body: Record<string, unknown>): boolean {
  const payload = cryptocomSignaturePayload(String(body.method), body.id, String(body.api_key), body.params, body.nonce);
  return typeof body.sig === 'string' && sameHex(hmacHex(secret, payload), body.sig);
}

export const CRYPTOCOM_DEMO_KEY = { apiKey: 'XcredDemoKey0000000001', secret: 'cxakp_XcredDemoSecret0000001', otherSecret: 'cxakp_SomeOtherSecret00000000' };

export function cryptocomRoutes(config: CryptocomEmulatorConfig): ApiRoutes {
  const codes = config.codes;
  const handle = (state: EmulatorState, req: EmuRequest): EmuResponse => {
    const method = req.path.slice(config.mount.length);
    const reply = (status: number, code: number, message: string, id: unknown = -1) => jsonResponse(status, { id, method, code, message }, String(code));

    const need = config.methods[method];
    if (need === undefined) return reply(400, codes.methodNotFound, 'METHOD_NOT_FOUND');
    if (method === 'public/get-instruments') {
      return jsonResponse(200, { id: -1, method, code: 0, result: { data: [{ symbol: 'BTC_USDT', inst_type: 'CCY_PAIR', base_ccy: 'BTC', quote_ccy: 'USDT', tradable: true }] } }, 'ok');
    }
    if (req.method !== 'POST') return reply(400, codes.badRequest, 'BAD_REQUEST');
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(req.body);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return reply(400, codes.badRequest, 'BAD_REQUEST');
    }
    const id = body.id ?? -1;
    if (typeof body.api_key !== 'string' || typeof body.sig !== 'string') {
      return jsonResponse(401, { code: codes.unauthorized, message: 'Authentication failure' }, String(codes.unauthorized));
    }
    const nonce = Number(body.nonce);
    if (!Number.isFinite(nonce) || !config.nonceOk(nonce, req.now)) return refusing('timestamp', reply(400, codes.nonce, 'INVALID_NONCE', id));
    const key = findKey(state, facts.credentialGroup, body.api_key);
    const authFailure = () => jsonResponse(401, { code: codes.unauthorized, message: 'Authentication failure' }, String(codes.unauthorized));
    if (!key || !key.enabled || isExpired(key, req.now)) return authFailure();
    if (body.method !== method) return reply(400, codes.badRequest, 'BAD_REQUEST', id);
    if (!verifyCryptocom(key.secret, body)) return refusing('signature', authFailure());
    if (!ipAllowed(key, req.clientIp)) return reply(401, codes.ip, 'IP_ILLEGAL', id);
    if (need && !key.permissions[need]) return authFailure();

    if (method in config.results) return jsonResponse(200, { id, method, code: 0, result: config.results[method] }, 'ok');
    // private/cancel-order: no order exists in the emulator.
    return reply(config.noSuchOrder.status, config.noSuchOrder.code, config.noSuchOrder.message, id);
  };
  return {
    mount: config.mount,
    basePath: config.basePath,
    demoKey: CRYPTOCOM_DEMO_KEY,
    handle,
    outage: () => jsonResponse(config.outage.status, { code: codes.internal, message: config.outage.message }, String(codes.internal)),
    rateLimited: (retryAfterS) => jsonResponse(429, { code: codes.rate, message: 'TOO_MANY_REQUESTS' }, String(codes.rate), { 'Retry-After': String(retryAfterS) }),
  };
}

export const emulator = cryptocomRoutes({
  mount: '/exchange/v1/',
  basePath: '/exchange/v1',
  codes: { unauthorized: 40101, ip: 40103, nonce: 40102, rate: 42901, badRequest: 40001, methodNotFound: 40002, internal: 50001 },
  methods: { 'public/get-instruments': null, 'private/user-balance': 'read', 'private/get-open-orders': 'read', 'private/cancel-order': 'trade' },
  nonceOk: (nonce, now) => Math.abs(now - nonce) <= 60_000,
  results: {
    'private/user-balance': { data: [{ total_available_balance: '1000.00', total_margin_balance: '1000.00', instrument_name: 'USD', position_balances: [] }] },
    'private/get-open-orders': { data: [] },
  },
  outage: { status: 500, message: 'INTERNAL_SERVER_ERROR' },
  noSuchOrder: { status: 200, code: 40401, message: 'NOT_FOUND' },
});
