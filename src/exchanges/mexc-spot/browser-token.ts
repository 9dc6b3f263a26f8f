import { InputError } from '../../errors.js';
import type { BrowserTokenSupport } from '../contract.js';
import { MEXC_WEB_JWT, MEXC_WEB_TOKEN } from './facts.js';

// MEXC's browser-session "WEB..." token (seed 004). Published samples are
// WEB + 64 hex characters: an opaque session id, no readable expiry. Some
// copies show WEB + a JWT; then iat/exp can be read (not verified).

export const browserToken: BrowserTokenSupport = {
  name: 'MEXC browser session token',
  warning:
    "This is a full browser session for your MEXC account (it can do anything you can on the website), not an API key. Using it from a bot may break MEXC's terms of service. Keep it out of logs and repositories, and log out in the browser to revoke it.",
  opaqueLifetime:
    'An opaque session id: its expiry cannot be read from it. Users report it expires after 24 hours of inactivity, 7 days at most, or when you log out.',
  refreshSteps: [
    'Log in at futures.mexc.com, open the developer tools (Network tab), and copy the "authorization" header of a contract.mexc.com request',
    'Prefer an official API key where the API allows the operation',
  ],
  inspect(raw) {
    const token = raw.trim();
    if (MEXC_WEB_TOKEN.test(token)) return { kind: 'opaque', length: token.length, format: 'WEB + 64 hex' };
    if (MEXC_WEB_JWT.test(token)) {
      const payload = token.slice(3).split('.')[1]!;
      let claims: Record<string, unknown>;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new InputError('the token looks like "WEB" + a JWT, but its payload is not readable JSON');
      }
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : null);
      return { kind: 'jwt', format: 'WEB + JWT', issuedAt: num(claims.iat), expiresAt: num(claims.exp), subject: typeof claims.sub === 'string' ? claims.sub : null };
    }
    if (!token.startsWith('WEB')) throw new InputError('not a MEXC browser token: it should start with "WEB" (copy the whole authorization header value)');
    throw new InputError(`not a recognised MEXC browser token (${token.length} characters): expected "WEB" + 64 hex characters, or "WEB" + a JWT`);
  },
};
