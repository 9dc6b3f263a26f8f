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
  /** Set where a route refuses the request's signature or its timestamp: the emulator then runs signature forensics. */
  rejected?: 'signature' | 'timestamp';
}

/** Mark an answer as the refusal of a signature or a timestamp (for the forensics log). */
export function refusing(what: 'signature' | 'timestamp', response: EmuResponse): EmuResponse {
  return { ...response, rejected: what };
}

/** An exchange API's side of the emulator: each folder's emulator.ts fills one. */
export interface ApiRoutes {
  /** The path prefix this API answers under on the shared server ("/api/v3/"). */
  mount: string;
  /** Appended to the server's origin to make this API's base URL ("" or "/exchange/v1"). */
  basePath: string;
  /** The demo key the emulator holds for this API's credential group, and the secret it holds instead in the wrong-secret scenario. */
  demoKey: { apiKey: string; secret: string; otherSecret: string };
  handle(state: EmulatorState, req: EmuRequest): EmuResponse;
  /** The answer while the exchange is down. */
  outage(): EmuResponse;
  /** The answer over the rate limit. */
  rateLimited(retryAfterS: number): EmuResponse;
}

export function jsonResponse(status: number, body: unknown, verdict: string, headers?: Record<string, string>): EmuResponse {
  return { status, body: JSON.stringify(body), verdict, ...(headers ? { headers } : {}) };
}

export function findKey(state: EmulatorState, group: string, apiKey: string | undefined): EmulatedKey | undefined {
  if (!apiKey) return undefined;
  return state.keys.find((k) => k.group === group && k.apiKey === apiKey);
}

export function ipAllowed(key: EmulatedKey, ip: string): boolean {
  return key.ipWhitelist.length === 0 || key.ipWhitelist.includes(ip);
}

export function isExpired(key: EmulatedKey, now: number): boolean {
  return key.expiresAt !== null && now >= key.expiresAt;
}
