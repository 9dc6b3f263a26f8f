import type { EmulatorState } from '../../emulator/state.js';
import { findKey, ipAllowed, isExpired, jsonResponse, refusing, type ApiRoutes, type EmuRequest, type EmuResponse } from '../../emulator/types.js';
import { hmacHex, sameHex } from '../../emulator/verify.js';
import { MEXC_DEMO_KEY } from '../mexc-spot/emulator.js';
import { facts } from './facts.js';

// MEXC futures (contract API). Errors use the {"success":false,"code","message"}
// envelope with HTTP 200 (assumption: the docs show only the envelope).

const ok = (data: unknown) => jsonResponse(200, { success: true, code: 0, data }, 'ok');
const fail = (code: number, message: string, status = 200) => jsonResponse(status, { success: false, code, message }, String(code));

/**
 * accessKey + Request-Time + paramString, where GET/DELETE params are sorted
 * by key as `k=v&...`. The docs disagree on whether values are URL-encoded
 * before signing; the emulator accepts either form, as the real exchange
 * appears to for plain values. Written from the docs, not from the signer.
 */
export function verifyMexcFutures(
  secret: string,
  apiKey: string,
  requestTime: string,
  method: string,
  rawQuery: string,
  body: string,
  signature: string,
): boolean {
  if (method === 'POST' || method === 'PUT') return sameHex(hmacHex(secret, apiKey + requestTime + body), signature);
  const pairs = rawQuery
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
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Recv-Window: the docs say "max 60" (seconds), the demo SDKs send ms. Accept both. */
function windowMs(header: string | undefined): number {
  if (!header || !/^\d+$/.test(header)) return 10_000;
  const n = Number(header);
  return Math.min(n <= 60 ? n * 1000 : n, 60_000);
}

export function handleMexcFutures(state: EmulatorState, req: EmuRequest): EmuResponse {
  const route = `${req.method} ${req.path}`;
  if (route === 'GET /api/v1/contract/ping') return ok(req.now);
  const known = route === 'GET /api/v1/private/account/assets' || route === 'POST /api/v1/private/order/submit';
  if (!known) return jsonResponse(404, { success: false, code: 404, message: 'Not Found' }, '404');

  const apiKey = req.headers['apikey'];
  const requestTime = req.headers['request-time'];
  const signature = req.headers['signature'];
  if (!apiKey || !requestTime || !signature) return fail(401, 'Unauthorized');
  const key = findKey(state, facts.credentialGroup, apiKey);
  if (!key || !key.enabled) return fail(401, 'Unauthorized');
  if (isExpired(key, req.now)) return fail(402, 'API Key expired, please apply again');
  if (!/^\d+$/.test(requestTime) || Math.abs(req.now - Number(requestTime)) > windowMs(req.headers['recv-window'])) {
    return refusing('timestamp', fail(513, 'Invalid request(for open api serves time more or less than 10s)'));
  }
  if (!verifyMexcFutures(key.secret, apiKey, requestTime, req.method, req.rawQuery, req.body, signature)) {
    return refusing('signature', fail(602, 'Signature verification failed!'));
  }
  if (!ipAllowed(key, req.clientIp)) return fail(406, 'Accessed IP is not in the whitelist');
  if (route === 'GET /api/v1/private/account/assets') {
    if (!key.permissions.read) return fail(701, 'Account read permission is required');
    return ok([{ currency: 'USDT', positionMargin: 0, availableBalance: 1000, cashBalance: 1000, frozenBalance: 0, equity: 1000, unrealized: 0, bonus: 0 }]);
  }
  // Order placement is closed to API users since 2022-07, whatever the key can do.
  return fail(1002, 'Contract not allow place order!');
}

export const emulator: ApiRoutes = {
  mount: '/api/v1/',
  basePath: '',
  demoKey: MEXC_DEMO_KEY,
  handle: handleMexcFutures,
  outage: () => jsonResponse(503, { success: false, code: 501, message: 'System busy' }, '501'),
  rateLimited: (retryAfterS) =>
    jsonResponse(429, { success: false, code: 510, message: 'Excessive frequency of requests' }, '510', { 'Retry-After': String(retryAfterS) }),
};
