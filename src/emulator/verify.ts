import { createHmac, timingSafeEqual } from 'node:crypto';

// Signature checks written from the exchanges' documentation, deliberately
// NOT sharing code with src/core/signers: a signer bug must not be able to
// hide itself by being verified with itself.

function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * MEXC spot: totalParams is the query string as received (minus the
 * signature pair) followed by the body, no separator.
 */
export function mexcSpotTotalParams(rawQuery: string, body: string): string {
  const kept = rawQuery.split('&').filter((part) => part !== '' && !part.startsWith('signature='));
  return kept.join('&') + body;
}

export function verifyMexcSpot(secret: string, rawQuery: string, body: string, signature: string): boolean {
  return sameHex(hmacHex(secret, mexcSpotTotalParams(rawQuery, body)), signature);
}

/**
 * MEXC futures: accessKey + Request-Time + paramString, where GET/DELETE
 * params are sorted by key as `k=v&...`. The docs disagree on whether values
 * are URL-encoded before signing; the emulator accepts either form, as the
 * real exchange appears to for plain values.
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

/** Crypto.com's documented algorithm, after the official JavaScript objectToString. */
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
