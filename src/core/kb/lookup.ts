import { INDETERMINATE_CATEGORIES, type Category } from './categories.js';
import type { KbEntry } from './schema.js';

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

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/\[[^\]]*\]/g, ' ')
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter((t) => t.length > 1 && !/^\d+$/.test(t)),
  );
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

/** Entries whose official or live messages resemble the text, best first. */
export function findByMessage(api: Pick<KbApi, 'kb'>, text: string): Array<{ entry: KbEntry; score: number }> {
  const want = tokens(text);
  return api.kb
    .map((entry) => ({
      entry,
      score: Math.max(...[entry.message, ...entry.liveMessages, entry.name ?? ''].map((m) => similarity(want, tokens(m)))),
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score);
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
  const entry = (parsed.code !== null ? findByCode(api, parsed.code) : undefined) ?? (json === null || parsed.code === null ? findByCode(api, status) : undefined) ?? null;
  let category: Category = entry?.category ?? 'unknown';
  if (!entry) {
    if (status === 429 || status === 418) category = 'rate-limit';
    else if (status >= 500) category = 'exchange-unavailable';
    else if (json === null && status >= 200 && status < 300) category = 'exchange-unavailable';
  }
  const indeterminate = INDETERMINATE_CATEGORIES.has(category) || status >= 500 || status === 429;
  return { ok: false, indeterminate, code: parsed.code ?? (entry ? entry.code : null), message: parsed.message, ip: parsed.ip, category, entry };
}
