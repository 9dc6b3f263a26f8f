import { createHmac, timingSafeEqual } from 'node:crypto';

// What every emulated API uses to check a signature. Each API's own check is
// written in its folder's emulator.ts from the exchange's documentation,
// deliberately NOT sharing code with its signer: a signer bug must not be
// able to hide itself by being verified with itself.

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** Constant-time, case-insensitive comparison of two hex digests. */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Constant-time comparison with a lowercase hex digest, for APIs that accept lowercase only. */
export function sameLowerHex(expected: string, given: string): boolean {
  const x = Buffer.from(expected);
  const y = Buffer.from(given);
  return x.length === y.length && timingSafeEqual(x, y);
}
