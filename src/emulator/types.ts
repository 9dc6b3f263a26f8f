import type { EmulatedKey, EmulatorState } from './state.js';

export interface EmuRequest {
  method: string;
  path: string;
  /** The query string exactly as received, without "?". */
  rawQuery: string;
  /**
   * Header values by lower-case name (Node lower-cases them on arrival), so
   * `X-MEXC-APIKEY`, `x-mexc-apikey` and `X-Mexc-Apikey` are one header, as
   * HTTP says they are (RFC 9110 §5.1). Routes must look names up in lower case.
   */
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
  /**
   * The endpoints served, as "METHOD /path" (paths from the server root;
   * `{name}` marks a path parameter). For the README, and for the contract
   * suite, which checks that each one is routed.
   */
  endpoints: readonly string[];
  /** The demo key the emulator holds for this API's credential group, and the secret it holds instead in the wrong-secret scenario. */
  demoKey: { apiKey: string; secret: string; otherSecret: string };
  handle(state: EmulatorState, req: EmuRequest): EmuResponse;
  /** The answer while the exchange is down (the request, for APIs that echo its id). */
  outage(req: EmuRequest): EmuResponse;
  /** The answer over the rate limit. */
  rateLimited(retryAfterS: number, req: EmuRequest): EmuResponse;
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

/**
 * The media type of a Content-Type header, lower-cased, without parameters:
 * "Application/JSON; charset=utf-8" -> "application/json" (RFC 9110 §8.3.1:
 * type and subtype are case-insensitive). Empty when the header is absent.
 */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Data one API keeps for the life of one emulator instance (its orders),
 * made on first use. Two emulators never share it.
 */
export function apiStore<T>(state: EmulatorState, name: string, init: () => T): T {
  let value = state.store.get(name) as T | undefined;
  if (value === undefined) {
    value = init();
    state.store.set(name, value);
  }
  return value;
}
