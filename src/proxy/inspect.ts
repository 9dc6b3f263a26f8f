import { brotliDecompressSync, inflateRawSync, inflateSync, gunzipSync } from 'node:zlib';
import { dateHeaderTime } from '../core/diagnose/probe-types.js';
import { analyseSignature, analyseTimestamp, rememberAccepted, type Finding, type SentRequest, type SignatureMemory } from '../core/forensics/index.js';
import { explainResponse } from '../core/kb/lookup.js';
import { maskIdentifier, type Secret } from '../core/secret.js';
import type { ExchangeApi } from '../exchanges/contract.js';
import type { HttpFailure } from '../net/http.js';
import type { Exchanged } from './server.js';

// What `xcred proxy` says about one request once its answer has gone back to
// the bot: the answer explained from the knowledge base and, when the
// exchange refused a signature or a timestamp, what the client did wrong
// (signature forensics with the secret xcred holds for the key the request
// carries) and where its timestamp stood against the exchange clock.

export interface CredentialEntry {
  apiKey: string;
  secret: Secret;
  /** Where it came from, said as a user would look for it. */
  source: string;
}

export interface CredentialBook {
  /** The secret held for this key. */
  lookup(apiKey: string): CredentialEntry | undefined;
  /** The entry whose secret this value is (a secret sent as the key). */
  ownerOfSecret(value: string): CredentialEntry | undefined;
}

/** The exchange clock read at a local moment. */
export interface ClockReading {
  serverMs: number;
  localMs: number;
  source: string;
  resolutionMs: number;
}

export interface InspectContext {
  /** The APIs this proxy serves (sharing one key), the one the user named first. */
  apis: readonly ExchangeApi[];
  /** scheme://host[:port] of the exchange. */
  upstreamOrigin: string;
  book: CredentialBook;
  memory: SignatureMemory;
  /** The exchange clock from the API's time endpoint (cached), null when it cannot be read. */
  exchangeClock(api: ExchangeApi, baseUrl: string): Promise<ClockReading | null>;
  /** How to make a secret available, for the "no secret" finding. */
  addSecretHint: string;
}

export type Outcome = string;

export interface ProxyEvent {
  type: 'request';
  /** Arrival, ISO 8601. */
  time: string;
  api: string;
  method: string;
  path: string;
  status: number | null;
  /** From arrival to the last byte of the answer, ms. */
  ms: number;
  /** ok, the knowledge-base category of a refusal (signature, clock-skew, permission...), unreachable or aborted. */
  outcome: Outcome;
  code: number | null;
  /** The answer in the knowledge base's words. */
  title: string | null;
  explanation: string | null;
  /** The key the request carried, masked; never a secret sent in its place. */
  apiKey: string | null;
  /** Where the secret used for the analysis came from. */
  secretFrom?: string;
  finding?: Finding;
  clock?: Finding;
  failure?: Pick<HttpFailure, 'kind' | 'code' | 'message'>;
}

/** The API a path belongs to (by the prefix it answers under), else the one the user named. */
export function apiForPath(apis: readonly ExchangeApi[], path: string): ExchangeApi {
  return apis.find((a) => path.startsWith(a.emulator.mount)) ?? apis.find((a) => path.includes(a.emulator.mount)) ?? apis[0]!;
}

/** The API's base URL on this exchange, for its time endpoint. */
function baseUrlFor(api: ExchangeApi, origin: string, path: string): string {
  const at = path.indexOf(api.emulator.mount);
  return origin + (at > 0 ? path.slice(0, at) : '') + api.emulator.basePath;
}

/** The answer's body as text, decompressed for reading only (what the bot got is untouched). */
function bodyText(x: Exchanged): string {
  const enc = (x.responseHeaders['content-encoding'] ?? '').trim().toLowerCase();
  const bytes = x.responseBody.bytes;
  const limit = { maxOutputLength: 1 << 20 };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(bytes, limit).toString('utf8');
    if (enc === 'br') return brotliDecompressSync(bytes, limit).toString('utf8');
    if (enc === 'deflate') {
      try {
        return inflateSync(bytes, limit).toString('utf8');
      } catch {
        return inflateRawSync(bytes, limit).toString('utf8');
      }
    }
    return bytes.toString('utf8');
  } catch {
    return '';
  }
}

const ANALYSED = new Set(['signature', 'clock-skew']);

export async function inspectExchange(x: Exchanged, ctx: InspectContext): Promise<ProxyEvent> {
  const api = apiForPath(ctx.apis, x.path);
  const event: ProxyEvent = {
    type: 'request',
    time: new Date(x.arrivedAt).toISOString(),
    api: api.facts.id,
    method: x.method,
    path: x.path,
    status: x.status,
    ms: Math.round(x.ms * 10) / 10,
    outcome: 'ok',
    code: null,
    title: null,
    explanation: null,
    apiKey: null,
  };
  const f = api.forensics;
  const sent: SentRequest = { method: x.method, path: x.path, rawQuery: x.rawQuery, headers: x.requestHeaders, body: x.requestBody.bytes.toString('utf8') };
  let carried: string | null = null;
  try {
    carried = f?.extract(sent)?.apiKey ?? null;
  } catch {
    carried = null;
  }
  const secretAsKey = carried !== null ? ctx.book.ownerOfSecret(carried) : undefined;
  event.apiKey = carried === null ? null : secretAsKey ? '(a secret, not shown)' : maskIdentifier(carried);

  if (x.clientAborted) {
    event.outcome = 'aborted';
    event.explanation = 'the bot closed the connection before the answer was complete';
    return event;
  }
  if (x.failure || x.status === null) {
    event.outcome = 'unreachable';
    event.failure = x.failure ? { kind: x.failure.kind, code: x.failure.code, message: x.failure.message } : { kind: 'network', code: 'UNKNOWN', message: 'no answer' };
    event.explanation =
      x.status === null
        ? `the exchange could not be reached (${event.failure.kind}${event.failure.code === 'DEADLINE' ? ': ' + event.failure.message : ''}): the bot got a 502/504 from the proxy, which says nothing about the key`
        : `${event.failure.kind === 'timeout' ? event.failure.message : `the exchange's answer broke off (${event.failure.kind})`}: the proxy cut the bot's connection mid-answer (a broken answer, never a short one), which says nothing about the key`;
    return event;
  }

  // Answers that are not the exchange's JSON envelope (a 204, a download) pass for what they are;
  // a 2xx HTML page (a captive portal, a WAF) is left to the knowledge base.
  const type = (x.responseHeaders['content-type'] ?? '').toLowerCase();
  if (x.status >= 200 && x.status < 300 && (x.status === 204 || x.method === 'HEAD' || (!type.includes('json') && !type.includes('html')))) return event;
  const verdict = explainResponse(api, x.status, bodyText(x));
  event.code = verdict.code;
  if (verdict.ok) {
    if (f && !x.requestBody.truncated) rememberAccepted(f, sent, ctx.memory, x.arrivedAt);
    return event;
  }
  event.outcome = verdict.category;
  event.title = verdict.entry?.message ?? (verdict.message ? verdict.message : null);
  event.explanation = verdict.entry
    ? `${verdict.entry.meaning} ${verdict.entry.fixes[0] ? 'Fix: ' + verdict.entry.fixes[0] : ''}`.trim()
    : verdict.code !== null
      ? `code ${verdict.code} is not in xcred's knowledge base for ${api.facts.title}`
      : `HTTP ${x.status} without an error code xcred knows`;

  if (!f || (!ANALYSED.has(verdict.category) && !secretAsKey)) return event;
  if (x.requestBody.truncated) {
    event.finding = { kind: 'not-analysable', variant: 'body-too-large', sentence: `The request body (${x.requestBody.length} bytes) is larger than what the proxy keeps for analysis: not analysed.` };
    return event;
  }
  const parts = f.extract(sent);
  if (secretAsKey) {
    event.finding = analyseSignature(f, { request: sent, secret: secretAsKey.secret, apiKey: secretAsKey.apiKey });
    return event;
  }
  const held = carried !== null ? ctx.book.lookup(carried) : undefined;
  if (!parts) {
    event.finding = { kind: 'not-analysable', variant: 'unsigned', sentence: 'The request carries no signature (or xcred cannot read it): the client sent a private call unsigned or in the wrong place.' };
  } else if (!held) {
    event.finding = {
      kind: 'not-analysable',
      variant: 'no-secret',
      sentence: `xcred holds no secret for the key this request carries (${event.apiKey ?? 'none'}), so it cannot say what the client signed: ${ctx.addSecretHint}, then run the proxy again.`,
    };
  } else {
    event.secretFrom = held.source;
    event.finding = analyseSignature(f, { request: sent, secret: held.secret, apiKey: held.apiKey, memory: ctx.memory });
    // A mistake in the client is the fix; the knowledge base's general advice ("create a new key") would mislead.
    if (event.finding.kind === 'mistake' && verdict.entry) event.explanation = verdict.entry.meaning;
    if (event.finding.kind === 'correct' && verdict.category === 'clock-skew') {
      event.finding = { ...event.finding, sentence: 'The signature is right (xcred computes the same one with the secret it holds for this key): the refusal is about the timestamp alone, see the clock line.' };
    }
  }

  // The request's timestamp against the exchange clock at the moment it arrived.
  if (parts) {
    const base = baseUrlFor(api, ctx.upstreamOrigin, x.path);
    const reading = await ctx.exchangeClock(api, base).catch(() => null);
    let clock: { serverMs: number; source: string; resolutionMs: number } | null = null;
    if (reading) clock = { serverMs: reading.serverMs + (x.arrivedAt - reading.localMs), source: reading.source, resolutionMs: reading.resolutionMs };
    else {
      const date = dateHeaderTime(x.responseHeaders);
      if (date) clock = { serverMs: date.ms - x.ms, source: "the answer's Date header", resolutionMs: date.resolutionMs };
    }
    event.clock = clock
      ? analyseTimestamp(parts.time, clock, f.clockWindow(sent, parts))
      : { kind: 'not-analysable', variant: 'no-exchange-clock', sentence: 'The exchange clock could not be read (no time endpoint answer, no Date header): the timestamp was not checked.' };
  }
  return event;
}
