import type { ResponseVerdict } from '../kb/lookup.js';
import type { SignedRequest } from '../signing.js';

// What diagnose sends to an API and how it reads the answers. Each exchange
// folder's probes.ts fills one ProbeSet; the engine knows no exchange.

export interface ProbeCredentials {
  apiKey: string;
  secret: string;
}

export interface PublicProbe {
  description: string;
  method: 'GET';
  url: string;
  /** Keep only this much body: the probe needs the status and headers. */
  maxBodyBytes: number;
}

export interface ClockJudgement {
  status: 'pass' | 'warn' | 'fail';
  rule: string;
}

export type TradeReading = 'can-trade' | 'no-trade' | 'unclear';

export interface ProbeSet {
  publicProbe(baseUrl: string): PublicProbe;
  /** Server time (ms) from the public probe's answer, with its resolution. */
  serverTime(res: { headers: Record<string, string>; body: string }): { ms: number; resolutionMs: number; source: string } | null;
  /** offsetMs = server clock - local clock (negative: the local clock is ahead). */
  judgeClock(offsetMs: number): ClockJudgement;
  readProbe(creds: ProbeCredentials, baseUrl: string, now: number): { description: string; request: SignedRequest };
  tradeProbe(creds: ProbeCredentials, baseUrl: string, now: number): { description: string; request: SignedRequest } | { skip: string };
  readTrade(verdict: ResponseVerdict, readOk: boolean): TradeReading;
}

/** Server time from an HTTP Date header (1 s resolution: its true value is up to 1 s later). */
export function dateHeaderTime(headers: Record<string, string>): { ms: number; resolutionMs: number; source: string } | null {
  const ms = Date.parse(headers.date ?? '');
  return Number.isFinite(ms) ? { ms: ms + 500, resolutionMs: 1000, source: 'HTTP Date header' } : null;
}

/** A finite number read out of a JSON body, or null. */
export function jsonNumber(body: string, read: (o: Record<string, unknown>) => unknown): number | null {
  try {
    const v = read(JSON.parse(body) as Record<string, unknown>);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}
