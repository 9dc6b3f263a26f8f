import type { EmulatorState } from '../../emulator/state.js';
import { findKey, ipAllowed, isExpired, jsonResponse, refusing, type ApiRoutes, type EmuRequest, type EmuResponse } from '../../emulator/types.js';
import { hmacHex, sameLowerHex } from '../../emulator/verify.js';
import { facts } from './facts.js';

// MEXC spot v3 at the authentication layer. Errors are HTTP 400 with
// {"code","msg"}, as observed live. Order of checks where MEXC does not
// document it (an assumption, see README): content type, key header, key,
// mandatory params, recvWindow, timestamp, signature, IP whitelist, permission.

type Need = 'read' | 'trade' | null;
const ROUTES: Record<string, Need> = {
  'GET /api/v3/ping': null,
  'GET /api/v3/time': null,
  'GET /api/v3/account': 'read',
  'GET /api/v3/openOrders': 'read',
  'POST /api/v3/order/test': 'trade',
  'DELETE /api/v3/order': 'trade',
};

const err = (code: number, msg: string, status = 400) => jsonResponse(status, { code, msg }, String(code));

/**
 * totalParams is the query string as received (minus the signature pair)
 * followed by the body, no separator. Written from the docs, not from the signer.
 */
export function mexcSpotTotalParams(rawQuery: string, body: string): string {
  const kept = rawQuery.split('&').filter((part) => part !== '' && !part.startsWith('signature='));
  return kept.join('&') + body;
}

export function verifyMexcSpot(secret: string, rawQuery: string, body: string, signature: string): boolean {
  // SPOTDOC: the signature is lowercase hex ("lowercase only").
  return sameLowerHex(hmacHex(secret, mexcSpotTotalParams(rawQuery, body)), signature);
}

export function handleMexcSpot(state: EmulatorState, req: EmuRequest): EmuResponse {
  const route = `${req.method} ${req.path}`;
  if (!(route in ROUTES)) return jsonResponse(404, { code: 404, msg: 'Not Found' }, '404');
  if (route === 'GET /api/v3/ping') return jsonResponse(200, {}, 'ok');
  if (route === 'GET /api/v3/time') return jsonResponse(200, { serverTime: req.now }, 'ok');

  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) return err(700013, 'Invalid content Type.');
  const apiKey = req.headers['x-mexc-apikey'];
  if (!apiKey) return err(400, 'api key required');
  const key = findKey(state, facts.credentialGroup, apiKey);
  // Assumption: an expired or disabled spot key answers like an unknown one
  // (MEXC does not document it; 10072 or 700002 are reported).
  if (!key || !key.enabled || isExpired(key, req.now)) return err(10072, 'Api key info invalid');

  const params = new URLSearchParams(req.rawQuery + (req.body && !req.body.startsWith('{') ? '&' + req.body : ''));
  const signature = params.get('signature');
  if (!signature) return err(700004, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  const timestampText = params.get('timestamp');
  if (!timestampText || !/^\d+$/.test(timestampText)) return err(700004, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : 5000;
  // Assumption: exactly 60000 is accepted (the docs say "max 60,000").
  if (!Number.isFinite(recvWindow) || recvWindow > 60000) return err(700005, 'recvWindow must less than 60000');
  const timestamp = Number(timestampText);
  // The documented rule: timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow.
  if (!(timestamp < req.now + 1000 && req.now - timestamp <= recvWindow)) {
    return refusing('timestamp', err(700003, 'Timestamp for this request is outside of the recvWindow.'));
  }
  if (!verifyMexcSpot(key.secret, req.rawQuery, req.body.startsWith('{') ? '' : req.body, signature)) {
    return refusing('signature', err(700002, 'Signature for this request is not valid.'));
  }
  if (!ipAllowed(key, req.clientIp)) return err(700006, `IP [${req.clientIp}] not in the ip white list`);
  const need = ROUTES[route];
  if (need && !key.permissions[need]) return err(700007, 'No permission to access the endpoint.');

  switch (route) {
    case 'GET /api/v3/account':
      return jsonResponse(
        200,
        {
          makerCommission: 0,
          takerCommission: 0,
          buyerCommission: 0,
          sellerCommission: 0,
          canTrade: key.permissions.trade,
          canWithdraw: key.permissions.withdraw,
          canDeposit: true,
          updateTime: null,
          accountType: 'SPOT',
          balances: [{ asset: 'USDT', free: '1000', locked: '0' }],
          permissions: ['SPOT'],
        },
        'ok',
      );
    case 'GET /api/v3/openOrders':
      return jsonResponse(200, [], 'ok');
    case 'POST /api/v3/order/test':
      return jsonResponse(200, {}, 'ok');
    default:
      // DELETE /api/v3/order: no order ever exists in the emulator.
      return err(-2011, 'Unknown order sent.');
  }
}

export const MEXC_DEMO_KEY = { apiKey: 'mx0vglXcredDemo001', secret: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50', otherSecret: '00000000000000000000000000000000' };

export const emulator: ApiRoutes = {
  mount: '/api/v3/',
  basePath: '',
  demoKey: MEXC_DEMO_KEY,
  handle: handleMexcSpot,
  outage: () => jsonResponse(503, { code: 503, msg: 'service not available, please try again' }, '503'),
  rateLimited: (retryAfterS) => jsonResponse(429, { code: 429, msg: 'Too Many Requests' }, '429', { 'Retry-After': String(retryAfterS) }),
};
