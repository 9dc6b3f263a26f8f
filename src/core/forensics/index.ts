export type { ApiForensics, ClockWindow, Finding, FindingKind, PayloadVariant, SentRequest, SignedParts, SignedTime } from './types.js';
export { analyseSignature, countCandidates, type AnalyseInput } from './analyse.js';
export { analyseTimestamp, type ExchangeClock } from './clock.js';
export { SignatureMemory, type RememberedRequest } from './memory.js';

import type { SignatureMemory } from './memory.js';
import type { ApiForensics, SentRequest } from './types.js';

/** Record the signature of a request the exchange accepted, so a later retry that reuses it can be named. */
export function rememberAccepted(forensics: ApiForensics, req: SentRequest, memory: SignatureMemory, at: number): void {
  let sig: string | undefined;
  try {
    sig = forensics.extract(req)?.signature;
  } catch {
    return;
  }
  if (sig) memory.remember(sig, { method: req.method, path: req.path, at });
}

/** The request a signer built, as the exchange would receive it (for tests and benchmarks). */
export function sentRequestOf(r: { method: string; url: string; headers: Record<string, string>; body: string | null }): SentRequest {
  const afterHost = r.url.replace(/^[a-z]+:\/\/[^/]*/i, '') || '/';
  const q = afterHost.indexOf('?');
  return {
    method: r.method,
    path: q < 0 ? afterHost : afterHost.slice(0, q),
    rawQuery: q < 0 ? '' : afterHost.slice(q + 1),
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: r.body ?? '',
  };
}
