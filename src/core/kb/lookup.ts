import { INDETERMINATE_CATEGORIES, type Category } from './categories.js';
import type { Cause, HttpMeaning, KbEntry } from './schema.js';

/** What a lookup needs of an exchange API: its knowledge base and how it says "success". */
export interface KbApi {
  kb: readonly KbEntry[];
  facts: { isSuccess(status: number, parsed: { code: number | null; success: boolean | null }, json: unknown): boolean };
}

export function findByCode(api: Pick<KbApi, 'kb'>, code: number): KbEntry | undefined {
  return api.kb.find((e) => e.code === code);
}

/** Known codes numerically closest to an unknown one. */
export function nearestCodes(api: Pick<KbApi, 'kb'>, code: number, n = 3): KbEntry[] {
  return [...api.kb].sort((a, b) => Math.abs(a.code - code) - Math.abs(b.code - code)).slice(0, n);
}

/** How texts are compared: case, spacing, "_" and final punctuation aside; numbers and bracketed values ("IP [1.2.3.4]", ":5USDT") as placeholders. */
export function normalizeMessage(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\d+(?:\.\d+)*/g, '#')
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[\s.!\u3002:\uff1a]+$/, '') // (also the CJK full stop and colon)
    .replace(/^["'\s]+|["'\s]+$/g, '')
    .trim();
}

/** Letters and digits only, for finding a known message inside a longer text. */
function wordsOnly(text: string): string {
  return ` ${normalizeMessage(text).replace(/[^\p{L}\p{N}#]+/gu, ' ').trim()} `;
}

const STOPWORDS = new Set(['the', 'a', 'an', 'for', 'this', 'is', 'are', 'was', 'of', 'to', 'in', 'on', 'or', 'and', 'please', 'your', 'you', 'has', 'have', 'been', 'be', 'it', 'its', 'by', 'with', 'from', 'at', 'request']);

/** Words that mean the same in exchange messages ("not valid" = "invalid", "white list" = "whitelist"). */
function canonical(text: string): string {
  return text
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\bnot valid\b|\bincorrect\b|\bwrong\b|\bbad\b|\billegal\b|\bmalformed\b/g, 'invalid')
    .replace(/\bwhite ?list(ed)?\b/g, 'whitelist')
    .replace(/\bapi[ -]?key\b|\baccess key\b/g, 'apikey')
    .replace(/\bsign(ed|ing)?\b|\bsig\b/g, 'signature')
    .replace(/\bexpire[sd]?\b/g, 'expired')
    .replace(/\bunauthori[sz]ed\b|\bnot authenticated\b/g, 'unauthenticated');
}

function tokens(text: string): Set<string> {
  return new Set(
    canonical(text)
      .replace(/\[[^\]]*\]/g, ' ')
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter((t) => t.length > 1 && !/^\d+$/.test(t) && !STOPWORDS.has(t))
      .map((t) => (t.length > 4 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t)),
  );
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

const textsOf = (e: KbEntry): string[] => [e.message, ...e.liveMessages];

/** Entries whose official or live messages resemble the text, best first (token similarity). */
export function findByMessage(api: Pick<KbApi, 'kb'>, text: string): Array<{ entry: KbEntry; score: number }> {
  const want = tokens(text);
  const scored = api.kb
    .map((entry) => ({
      entry,
      score: Math.max(...[...textsOf(entry), entry.name ?? ''].map((m) => similarity(want, tokens(m)))),
    }))
    .filter((m) => m.score > 0);
  // Ties: the entry whose meaning and causes speak of the other words ("expired" for 10072).
  const about = (e: KbEntry) => {
    const words = tokens([e.meaning, ...e.causes.map((c) => c.cause)].join(' '));
    let n = 0;
    for (const t of want) if (words.has(t)) n++;
    return n;
  };
  return scored.sort((a, b) => b.score - a.score || about(b.entry) - about(a.entry));
}

export type MessageMatchKind = 'message' | 'message-in-text' | 'fuzzy';

export interface MessageMatch {
  entry: KbEntry;
  kind: MessageMatchKind;
  /** 1 for an exact text; the share of the text a known message covers; token similarity for fuzzy. */
  score: number;
  /** The known text that matched. */
  matched: string;
}

/** Long enough to mean something when found inside a longer text ("Not found" is not). */
function distinctive(known: string): boolean {
  const w = wordsOnly(known).trim();
  if (/[\u3400-\u9fff]/.test(w)) return w.replace(/\s/g, '').length >= 3;
  const words = w.split(' ').filter((x) => x !== '#');
  return words.length >= 3 || (words.length === 2 && w.length >= 16);
}

/**
 * A message matched to the knowledge base, most certain first: the exact text
 * (or the official NAME), a known text inside a longer one ("Crypto.com error.
 * Message: Authentication failure"), then guesses by word similarity.
 */
/** Each known text, normalised once per process (the knowledge base does not change). */
const prepared = new WeakMap<KbEntry, Array<{ known: string; norm: string; words: string; distinctive: boolean }>>();
function preparedTexts(entry: KbEntry) {
  let p = prepared.get(entry);
  if (!p) {
    p = textsOf(entry).map((known) => ({ known, norm: normalizeMessage(known), words: wordsOnly(known), distinctive: distinctive(known) }));
    prepared.set(entry, p);
  }
  return p;
}

export function matchMessage(api: Pick<KbApi, 'kb'>, text: string): MessageMatch[] {
  const exact: MessageMatch[] = [];
  const inside: MessageMatch[] = [];
  const want = normalizeMessage(text);
  const wantWords = wordsOnly(text);
  for (const entry of api.kb) {
    let best: MessageMatch | null = null;
    for (const { known, norm: k, words: kw, distinctive: d } of preparedTexts(entry)) {
      if (k === want) {
        best = { entry, kind: 'message', score: 1, matched: known };
        break;
      }
      if (d && wantWords.includes(kw)) {
        const score = kw.length / wantWords.length;
        if (!best || score > best.score) best = { entry, kind: 'message-in-text', score, matched: known };
      }
    }
    // Official names: exact, or written as is inside the text (SYS_ERROR, INVALID_NONCE).
    if (entry.name && (!best || best.kind !== 'message')) {
      if (normalizeMessage(entry.name) === want) best = { entry, kind: 'message', score: 1, matched: entry.name };
      else if (/_/.test(entry.name) && new RegExp(`(?<![A-Z_])${entry.name}(?![A-Z_])`).test(text) && (!best || best.score < 0.5)) {
        best = { entry, kind: 'message-in-text', score: entry.name.length / Math.max(text.length, 1), matched: entry.name };
      }
    }
    if (best?.kind === 'message') exact.push(best);
    else if (best) inside.push(best);
  }
  inside.sort((a, b) => b.matched.length - a.matched.length);
  const fuzzy = findByMessage(api, text)
    .filter((m) => !exact.some((x) => x.entry === m.entry) && !inside.some((x) => x.entry === m.entry))
    .map((m) => ({ entry: m.entry, kind: 'fuzzy' as const, score: Math.round(m.score * 100) / 100, matched: m.entry.message }));
  return [...exact, ...inside, ...fuzzy];
}

/** Whether a message reported with a code is one this entry is known to send. */
export function messageAgrees(entry: KbEntry, message: string): 'exact' | 'in-text' | 'similar' | 'no' {
  const m = matchMessage({ kb: [entry] }, message)[0];
  if (!m) return 'no';
  if (m.kind === 'message') return 'exact';
  if (m.kind === 'message-in-text') return 'in-text';
  return m.score >= 0.3 ? 'similar' : 'no';
}

/** Causes, the ones the reported message points at first (MEXC 400 "api key required" vs "The start time..."). */
export function rankCauses(entry: KbEntry, message: string | null): Array<Cause & { pointedByMessage: boolean }> {
  const points = (c: Cause) => !!message && !!c.messages?.some((m) => normalizeMessage(m) === normalizeMessage(message) || wordsOnly(message).includes(wordsOnly(m)));
  const pointed = message ? entry.causes.filter(points) : [];
  if (pointed.length === 0) return entry.causes.map((c) => ({ ...c, pointedByMessage: false }));
  const others = entry.causes.filter((c) => !points(c));
  // Causes tied to other messages fall behind the general ones.
  others.sort((a, b) => Number(!!a.messages) - Number(!!b.messages));
  return [...pointed.map((c) => ({ ...c, pointedByMessage: true })), ...others.map((c) => ({ ...c, pointedByMessage: false }))];
}

/** The category of what went wrong: the entry's, or its cause's when the message points at one. */
export function categoryFor(entry: KbEntry, message: string | null): Category {
  const first = rankCauses(entry, message)[0];
  return first?.pointedByMessage ? first.category : entry.category;
}

export type BodyKind = 'html' | 'json' | 'none' | 'unknown';

/** What a status means at this API when the body carries no code: the most specific row. */
export function findHttpMeaning(table: readonly HttpMeaning[], status: number | null, body: BodyKind): HttpMeaning | null {
  let best: HttpMeaning | null = null;
  let bestScore = -1;
  for (const row of table) {
    const bodyScore = row.body === 'any' ? 1 : row.body === body ? 2 : -1;
    if (bodyScore < 0) continue;
    let statusScore = -1;
    for (const s of row.status) {
      const sc = s === 'any' ? 1 : typeof s === 'number' ? (s === status ? 3 : -1) : status !== null && `${Math.floor(status / 100)}xx` === s ? 2 : -1;
      statusScore = Math.max(statusScore, sc);
    }
    if (statusScore < 0) continue;
    const score = bodyScore * 10 + statusScore;
    if (score > bestScore) {
      best = row;
      bestScore = score;
    }
  }
  return best;
}

export interface ParsedResponse {
  code: number | null;
  message: string | null;
  success: boolean | null;
  /** The IP address the exchange reports seeing (MEXC 700006). */
  ip: string | null;
}

/** Pull code, message and reported IP out of a response body. */
export function parseResponseBody(body: unknown): ParsedResponse {
  const out: ParsedResponse = { code: null, message: null, success: null, ip: null };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return out;
  const o = body as Record<string, unknown>;
  const rawCode = o.code;
  if (typeof rawCode === 'number' && Number.isInteger(rawCode)) out.code = rawCode;
  else if (typeof rawCode === 'string' && /^-?\d+$/.test(rawCode.trim())) out.code = Number(rawCode.trim());
  const msg = o.msg ?? o.message;
  if (typeof msg === 'string') out.message = msg;
  if (typeof o.success === 'boolean') out.success = o.success;
  const ip = out.message ? /IP\s*\[([^\]]+)\]/i.exec(out.message) : null;
  if (ip) out.ip = ip[1]!.trim();
  return out;
}

export interface ResponseVerdict {
  ok: boolean;
  /** The answer says nothing about the key (outage, rate limit...). */
  indeterminate: boolean;
  code: number | null;
  message: string | null;
  ip: string | null;
  category: Category;
  entry: KbEntry | null;
}

/** Decide what an HTTP answer means, using the API's envelope and knowledge base. */
export function explainResponse(api: KbApi, status: number, bodyText: string): ResponseVerdict {
  let json: unknown = null;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = null;
  }
  const parsed = parseResponseBody(json);
  if (api.facts.isSuccess(status, parsed, json)) {
    return { ok: true, indeterminate: false, code: parsed.code, message: parsed.message, ip: null, category: 'unknown', entry: null };
  }
  // MEXC puts HTTP-ish codes (429, 503) in bodies too; fall back on the status.
  const byCode = (parsed.code !== null ? findByCode(api, parsed.code) : undefined) ?? (json === null || parsed.code === null ? findByCode(api, status) : undefined) ?? null;
  // The code says one thing and the message is exactly another known code's
  // (another API version's table, a proxy): neither can be trusted as the cause.
  const contradicted =
    byCode !== null &&
    parsed.message !== null &&
    messageAgrees(byCode, parsed.message) === 'no' &&
    matchMessage(api, parsed.message).some((m) => m.kind !== 'fuzzy' && m.entry.code !== byCode.code);
  const entry = contradicted ? null : byCode;
  let category: Category = entry ? categoryFor(entry, parsed.message) : 'unknown';
  if (!entry) {
    if (status === 429 || status === 418) category = 'rate-limit';
    else if (status >= 500) category = 'exchange-unavailable';
    else if (json === null && status >= 200 && status < 300) category = 'exchange-unavailable';
    // Exchanges' APIs do not redirect: a 3xx is a captive portal, a proxy or a wrong base URL.
    else if (status >= 300 && status < 400) category = 'not-the-exchange';
  }
  const indeterminate = INDETERMINATE_CATEGORIES.has(category) || status >= 500 || status === 429;
  return { ok: false, indeterminate, code: parsed.code ?? (entry ? entry.code : null), message: parsed.message, ip: parsed.ip, category, entry };
}
