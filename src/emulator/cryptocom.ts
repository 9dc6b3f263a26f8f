import type { EmulatorState } from './state.js';
import { findKey, ipAllowed, isExpired, jsonResponse, type EmuRequest, type EmuResponse } from './types.js';
import { verifyCryptocom } from './verify.js';

// Crypto.com Exchange v1 (/exchange/v1) and legacy v2 (/v2). Undocumented
// behaviour, chosen as the most plausible (see README):
// - a key without Trade permission gets 40101 on trading methods (user reports);
// - cancel-order for an order id that does not exist answers 40401 NOT_FOUND (HTTP 200);
// - an expired/disabled key answers 40101 (no expiry is documented);
// - v2 nonce window: 1 s ahead / 30 s behind (quoted by third parties).

type Version = 'v1' | 'v2';

const CODES = {
  v1: { unauthorized: 40101, ip: 40103, nonce: 40102, rate: 42901, badRequest: 40001, methodNotFound: 40002, internal: 50001 },
  v2: { unauthorized: 10002, ip: 10003, nonce: 10007, rate: 10006, badRequest: 10004, methodNotFound: 10008, internal: 10001 },
} as const;

const METHODS: Record<Version, Record<string, 'read' | 'trade' | null>> = {
  v1: { 'public/get-instruments': null, 'private/user-balance': 'read', 'private/get-open-orders': 'read', 'private/cancel-order': 'trade' },
  v2: { 'public/get-instruments': null, 'private/get-account-summary': 'read', 'private/get-open-orders': 'read', 'private/cancel-order': 'trade' },
};

export function handleCryptocom(state: EmulatorState, req: EmuRequest, version: Version, method: string): EmuResponse {
  const codes = CODES[version];
  const reply = (status: number, code: number, message: string, id: unknown = -1) =>
    jsonResponse(status, { id, method, code, message }, String(code));

  // The method name comes from the request path: own entries only (not "constructor", "toString"...).
  const need = Object.hasOwn(METHODS[version], method) ? METHODS[version][method] : undefined;
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
  const tooFar = version === 'v1' ? Math.abs(req.now - nonce) > 60_000 : nonce - req.now > 1000 || req.now - nonce > 30_000;
  if (!Number.isFinite(nonce) || tooFar) return reply(400, codes.nonce, 'INVALID_NONCE', id);
  const key = findKey(state, 'cryptocom', body.api_key);
  const authFailure = () => jsonResponse(401, { code: codes.unauthorized, message: 'Authentication failure' }, String(codes.unauthorized));
  if (!key || !key.enabled || isExpired(key, req.now)) return authFailure();
  if (body.method !== method) return reply(400, codes.badRequest, 'BAD_REQUEST', id);
  if (!verifyCryptocom(key.secret, body)) return authFailure();
  if (!ipAllowed(key, req.clientIp)) return reply(401, codes.ip, 'IP_ILLEGAL', id);
  if (need && !key.permissions[need]) return authFailure();

  const result = (r: unknown) => jsonResponse(200, { id, method, code: 0, result: r }, 'ok');
  switch (method) {
    case 'private/user-balance':
      return result({ data: [{ total_available_balance: '1000.00', total_margin_balance: '1000.00', instrument_name: 'USD', position_balances: [] }] });
    case 'private/get-account-summary':
      return result({ accounts: [{ currency: 'USDT', balance: 1000, available: 1000, order: 0, stake: 0 }] });
    case 'private/get-open-orders':
      return result({ data: [] });
    default:
      // private/cancel-order: no order exists in the emulator.
      return reply(200, 40401, 'NOT_FOUND', id);
  }
}
