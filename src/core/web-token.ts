import { InputError } from '../errors.js';
import { WEB_JWT, WEB_TOKEN } from './credentials/lint.js';

// MEXC's browser-session "WEB..." token (seed 004). Published samples are
// WEB + 64 hex characters: an opaque session id, no readable expiry. Some
// copies show WEB + a JWT; then iat/exp can be read (not verified).

export const WEB_TOKEN_WARNING =
  'This is a full browser session for your MEXC account (it can do anything you can on the website), not an API key. Using it from a bot may break MEXC\'s terms of service. Keep it out of logs and repositories, and log out in the browser to revoke it.';

export type WebTokenInfo =
  | { kind: 'opaque'; length: number }
  | { kind: 'jwt'; issuedAt: number | null; expiresAt: number | null; subject: string | null };

export function inspectWebToken(raw: string): WebTokenInfo {
  const token = raw.trim();
  if (WEB_TOKEN.test(token)) return { kind: 'opaque', length: token.length };
  if (WEB_JWT.test(token)) {
    const payload = token.slice(3).split('.')[1]!;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new InputError('the token looks like "WEB" + a JWT, but its payload is not readable JSON');
    }
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : null);
    return { kind: 'jwt', issuedAt: num(claims.iat), expiresAt: num(claims.exp), subject: typeof claims.sub === 'string' ? claims.sub : null };
  }
  if (!token.startsWith('WEB')) throw new InputError('not a MEXC browser token: it should start with "WEB" (copy the whole authorization header value)');
  throw new InputError(`not a recognised MEXC browser token (${token.length} characters): expected "WEB" + 64 hex characters, or "WEB" + a JWT`);
}
