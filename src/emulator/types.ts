import type { EmulatedKey, EmulatorState } from './state.js';

export interface EmuRequest {
  method: string;
  path: string;
  /** The query string exactly as received, without "?". */
  rawQuery: string;
  headers: Record<string, string | undefined>;
  body: string;
  /** The client IP the emulator "sees" (state.clientIp). */
  clientIp: string;
  /** Server clock in ms, including the scenario's offset. */
  now: number;
}

export interface EmuResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** One word for the request log: ok, or the code answered. */
  verdict: string;
}

export function jsonResponse(status: number, body: unknown, verdict: string, headers?: Record<string, string>): EmuResponse {
  return { status, body: JSON.stringify(body), verdict, ...(headers ? { headers } : {}) };
}

export function findKey(state: EmulatorState, exchange: EmulatedKey['exchange'], apiKey: string | undefined): EmulatedKey | undefined {
  if (!apiKey) return undefined;
  return state.keys.find((k) => k.exchange === exchange && k.apiKey === apiKey);
}

export function ipAllowed(key: EmulatedKey, ip: string): boolean {
  return key.ipWhitelist.length === 0 || key.ipWhitelist.includes(ip);
}

export function isExpired(key: EmulatedKey, now: number): boolean {
  return key.expiresAt !== null && now >= key.expiresAt;
}
