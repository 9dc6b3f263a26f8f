import { createHmac } from 'node:crypto';

/** Lowercase hex HMAC-SHA256, the signature every API xcred serves uses. */
export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(payload, 'utf8').digest('hex');
}
