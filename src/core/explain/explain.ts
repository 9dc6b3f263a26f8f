import { extractErrors, groupFindings, type ErrorGroup, type ExtractContext, type Finding } from '../extract/index.js';
import type { Category } from '../kb/categories.js';
import {
  categoryFor,
  findByCode,
  findHttpMeaning,
  matchMessage,
  messageAgrees,
  nearestCodes,
  rankCauses,
  type BodyKind,
  type MessageMatch,
} from '../kb/lookup.js';
import type { Cause, HttpMeaning, KbEntry } from '../kb/schema.js';

// From text to explanations: extract every error, group the repeats, and
// look each one up, saying how it was found. Exact answers (the code, the
// exact message, a known message inside the text, the HTTP status in the
// exchange's own table) come first; a guess is labelled as one, with the
// other candidates. Pure: the command does the reading and the printing.

/** What explaining needs of one exchange API. */
export interface ExplainApi {
  facts: {
    id: string;
    exchange: string;
    apiVersion: string | null;
    title: string;
    isSuccess(status: number, parsed: { code: number | null; success: boolean | null }, json: unknown): boolean;
  };
  kb: readonly KbEntry[];
  http: readonly HttpMeaning[];
}

export type MatchKind = 'code' | 'message' | 'message-in-text' | 'http-status' | 'fuzzy' | 'none';

/** Found exactly: by code, by the exact text, by a known text inside the message, by the status in the exchange's table. */
export const EXACT: ReadonlySet<MatchKind> = new Set(['code', 'message', 'message-in-text', 'http-status']);

export interface Candidate {
  entry: KbEntry;
  kind: MatchKind;
  score: number;
}

export type RankedCause = Cause & { pointedByMessage: boolean };

export interface Elsewhere {
  api: string;
  title: string;
  exchange: string;
  apiVersion: string | null;
  code: number;
  message: string;
  kind: MatchKind;
  /** Found by its number alone (no message to confirm it). */
  codeOnly?: boolean;
}

export interface ExplainedError {
  group: ErrorGroup;
  match: MatchKind;
  entry: KbEntry | null;
  /** Causes with the ones the message points at first. */
  causes: RankedCause[];
  category: Category | null;
  /** The exchange's meaning of the HTTP status: the answer for a status alone, context otherwise. */
  http: HttpMeaning | null;
  httpStatus: number | null;
  /** Similarity for a guess; the share of the text a known message covers for message-in-text. */
  score: number | null;
  /** Whether the reported message is one the matched code is known to send. */
  messageAgrees: 'exact' | 'in-text' | 'similar' | 'no' | null;
  /** Other candidates (guesses), or nearest codes for an unknown code. */
  alternatives: Candidate[];
  /** The same error known exactly by a sibling API (MEXC futures for a `mexc` explain). */
  elsewhere: Elsewhere[];
  notes: string[];
}

export interface ExplainResult {
  inputKind: 'code' | 'message' | 'response' | 'log' | 'status';
  lines: number;
  timestamped: boolean;
  errors: ExplainedError[];
  /** Errors another exchange sent (ccxt names it), left unexplained. */
  otherExchanges: ErrorGroup[];
  /** Success answers seen (code 0, success:true): not errors. */
  successes: number;
  /** 0: something was found exactly (or only successes); 1: only guesses, or nothing. */
  exitCode: 0 | 1;
}

export interface ExplainOptions {
  context: ExtractContext;
  /** --status: the HTTP status, for errors whose own status is not in the text. */
  status: number | null;
  /** Other APIs of the same exchange, to point at when they know an error exactly. */
  siblings?: readonly ExplainApi[];
}

/** Guesses below this are not offered at all; the best one above it is labelled a guess. */
const GUESS_MIN = 0.3;
const ALTERNATIVE_MIN = 0.2;

export function explainInput(api: ExplainApi, input: string, opts: ExplainOptions): ExplainResult {
  const text = input.trim();
  // A bare code: `xcred explain mexc 700002`.
  if (/^-?\d{1,12}$/.test(text)) {
    const f = syntheticFinding({ code: Number(text), httpStatus: opts.status });
    return finish('code', 1, false, [explainGroup(api, single(f), opts)], [], 0);
  }
  const extraction = extractErrors(input, opts.context);
  let findings = extraction.findings;
  if (extraction.lines > 1) findings = [...findings, ...knownMessagesInLines(api, input, findings, extraction.entryOf)];
  if (opts.status !== null) findings = findings.map((f) => (f.httpStatus === null ? { ...f, httpStatus: opts.status } : f));

  let successes = 0;
  const mine: Finding[] = [];
  const others: Finding[] = [];
  for (const f of findings) {
    if (f.kind === 'error' && (f.code !== null || f.success === true) && api.facts.isSuccess(f.httpStatus ?? 200, { code: f.code, success: f.success }, {})) {
      successes++;
    } else if (f.hint && f.hint.via !== 'name' && !f.hint.apis.includes(api.facts.id)) {
      // The body's own ccxt prefix or the URL it came from names another exchange. (A name merely on the line does not decide.)
      others.push(f);
    } else mine.push(f);
  }

  if (mine.length === 0 && others.length === 0 && successes === 0) {
    // Nothing shaped like an error: a message typed or pasted alone, or a status alone.
    if (text !== '' && !text.includes('\n') && text.length <= 500) {
      const f = syntheticFinding({ message: text, httpStatus: opts.status });
      return finish('message', extraction.lines, false, [explainGroup(api, single(f), opts)], [], 0);
    }
    if (opts.status !== null) {
      const f = syntheticFinding({ kind: 'http', httpStatus: opts.status });
      return finish('status', extraction.lines, false, [explainGroup(api, single(f), opts, text === '' ? 'none' : 'unknown')], [], 0);
    }
    return finish(extraction.lines > 1 ? 'log' : 'response', extraction.lines, extraction.timestamped, [], [], 0);
  }

  const groups = groupFindings(mine);
  const explained = groups.map((g) => explainGroup(api, g, opts)).filter((e): e is ExplainedError => e !== null);
  const occurrences = groups.reduce((n, g) => n + g.count, 0);
  const kind = groups.length > 1 || occurrences > 1 || extraction.timestamped ? 'log' : 'response';
  return finish(kind, extraction.lines, extraction.timestamped, explained, groupFindings(others), successes);
}

function finish(
  inputKind: ExplainResult['inputKind'],
  lines: number,
  timestamped: boolean,
  errors: Array<ExplainedError | null>,
  otherExchanges: ErrorGroup[],
  successes: number,
): ExplainResult {
  const list = errors.filter((e): e is ExplainedError => e !== null);
  // Exact answers before guesses at equal counts; most frequent first.
  list.sort((a, b) => b.group.count - a.group.count || Number(EXACT.has(b.match)) - Number(EXACT.has(a.match)) || a.group.firstLine - b.group.firstLine);
  const anyExact = list.some((e) => EXACT.has(e.match));
  const exitCode = anyExact || (list.length === 0 && successes > 0) ? 0 : 1;
  return { inputKind, lines, timestamped, errors: list, otherExchanges, successes, exitCode };
}

function single(f: Finding): ErrorGroup {
  return { kind: f.kind, code: f.code, message: f.message, count: 1, firstLine: f.line, lastLine: f.line, httpStatuses: f.httpStatus === null ? [] : [f.httpStatus], hint: f.hint, findings: [f] };
}

function syntheticFinding(p: Partial<Finding>): Finding {
  return { kind: 'error', code: null, message: null, success: null, httpStatus: null, format: 'prose', exception: null, hint: null, line: 1, loose: false, html: null, ip: null, entry: 0, ...p };
}

const IP_IN_MESSAGE = /IP\s*\[([^\]]{2,64})\]/i;

/** One distinct error, looked up. Null when a loose `N: text` match is not confirmed by the knowledge base. */
export function explainGroup(api: ExplainApi, group: ErrorGroup, opts: ExplainOptions, bodyHint?: BodyKind): ExplainedError | null {
  const f = group.findings[0]!;
  const status = group.httpStatuses[0] ?? f.httpStatus;
  const message = group.message;
  const out: ExplainedError = {
    group,
    match: 'none',
    entry: null,
    causes: [],
    category: null,
    http: null,
    httpStatus: status,
    score: null,
    messageAgrees: null,
    alternatives: [],
    elsewhere: [],
    notes: [],
  };
  if (f.ip === null && message) {
    const ip = IP_IN_MESSAGE.exec(message);
    if (ip) f.ip = ip[1]!.trim();
  }

  if (group.kind === 'http') {
    const body: BodyKind = bodyHint ?? (f.html ? 'html' : message ? 'json' : 'none');
    out.http = findHttpMeaning(api.http, status, body) ?? (body === 'json' ? findHttpMeaning(api.http, status, 'unknown') : null);
    if (out.http) {
      out.match = 'http-status';
      out.category = out.http.category;
      out.causes = out.http.causes.map((c) => ({ ...c, pointedByMessage: false }));
    }
    if (status === null && !f.html) out.notes.push('no HTTP status was given: add --status if you know it');
    return out;
  }

  if (group.code !== null) {
    const entry = findByCode(api, group.code);
    if (f.loose) {
      // `700002: text` in a sentence is an error only when the knowledge base knows that code with that text.
      if (!entry || !message || messageAgrees(entry, message) === 'no') return null;
    }
    if (entry) {
      setEntry(out, entry, 'code', message);
      if (message) {
        out.messageAgrees = messageAgrees(entry, message);
        if (out.messageAgrees === 'no') {
          const byText = matchMessage(api, message).filter((m) => m.kind !== 'fuzzy' && m.entry.code !== entry.code);
          out.alternatives = byText.map((m) => ({ entry: m.entry, kind: m.kind, score: m.score }));
          out.notes.push(
            byText[0]
              ? `the message is the one ${api.facts.title} sends with code ${byText[0].entry.code}, not ${entry.code}: check which call returned it`
              : `this message is not one ${api.facts.title} is known to send with ${entry.code}: if the answer came from another service, this explanation does not apply`,
          );
        }
      }
      if (status !== null && !entry.httpStatus.includes(status)) {
        out.notes.push(`it came with HTTP ${status}; ${api.facts.title} usually sends ${entry.code} with HTTP ${entry.httpStatus.join(' or ')}`);
      }
      out.elsewhere = elsewhere(opts, group.code, message, out.messageAgrees !== 'no');
      return out;
    }
    out.notes.push(`code ${group.code} is not in xcred's ${api.facts.title} knowledge base`);
  }

  if (message) {
    const matches = matchMessage(api, message);
    const best = matches[0];
    if (best && best.kind !== 'fuzzy') {
      setEntry(out, best.entry, best.kind, message);
      out.score = best.kind === 'message' ? null : round(best.score);
      out.alternatives = matches.filter((m) => m !== best && m.kind !== 'fuzzy').map(candidate);
      if (group.code !== null) out.notes.push(`matched by its message instead (${api.facts.title} code ${best.entry.code})`);
      out.elsewhere = elsewhere(opts, group.code, message, false);
      return out;
    }
    const guesses = matches.filter((m) => m.score >= ALTERNATIVE_MIN);
    if (best && best.score >= GUESS_MIN) {
      setEntry(out, best.entry, 'fuzzy', message);
      out.score = round(best.score);
      out.alternatives = guesses.slice(1, 4).map(candidate);
    } else {
      out.alternatives = guesses.slice(0, 3).map(candidate);
    }
    out.elsewhere = elsewhere(opts, group.code, message, false);
  }
  if (out.match === 'none' && group.code !== null && !message) out.elsewhere = elsewhere(opts, group.code, null, false);
  // Numerically near codes mean nothing next to the API that has this very code.
  if (out.match === 'none' && group.code !== null && out.elsewhere.length === 0) {
    out.alternatives = nearestCodes(api, group.code).map((entry) => ({ entry, kind: 'none' as const, score: 0 }));
  }
  if (out.match === 'none' && status !== null) {
    // Nothing known about the code or text: the status is still worth reading.
    out.http = findHttpMeaning(api.http, status, 'unknown');
  }
  return out;
}

function setEntry(out: ExplainedError, entry: KbEntry, kind: MatchKind, message: string | null): void {
  out.entry = entry;
  out.match = kind;
  out.causes = rankCauses(entry, message);
  out.category = categoryFor(entry, message);
}

function candidate(m: MessageMatch): Candidate {
  return { entry: m.entry, kind: m.kind, score: round(m.score) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Sibling APIs that know this error exactly: a code with an agreeing text, or the exact text. */
function elsewhere(opts: ExplainOptions, code: number | null, message: string | null, foundHere: boolean): Elsewhere[] {
  const out: Elsewhere[] = [];
  for (const s of opts.siblings ?? []) {
    const byCode = code !== null ? findByCode(s, code) : undefined;
    if (byCode && message && messageAgrees(byCode, message) === 'exact' && !foundHere) {
      out.push(describe(s, byCode, 'code'));
      continue;
    }
    // A bare code: another API's code of that number is a lead, not an answer.
    if (byCode && !message && !foundHere) {
      out.push({ ...describe(s, byCode, 'code'), codeOnly: true });
      continue;
    }
    if (!message || foundHere) continue;
    const m = matchMessage(s, message)[0];
    if (m && m.kind === 'message') out.push(describe(s, m.entry, 'message'));
  }
  return out;
}

function describe(s: ExplainApi, entry: KbEntry, kind: MatchKind): Elsewhere {
  return { api: s.facts.id, title: s.facts.title, exchange: s.facts.exchange, apiVersion: s.facts.apiVersion, code: entry.code, message: entry.message, kind };
}

/** Lines of a log that say something went wrong, in the words loggers use. */
const ERROR_LINE = /\b(?:error|exception|fail(?:ed|ure|s)?|denied|refused|rejected|invalid|unauthori[sz]ed)\b/i;
/** Log levels that do not report failures. */
const QUIET_LEVEL = /(?:^|[\s\[|-])(?:INFO|DEBUG|TRACE)(?:[\s\]|:-]|$)/;
const messageScanners = new WeakMap<ExplainApi, { re: RegExp; byText: Map<string, KbEntry> } | null>();

/**
 * A log line with no code at all can still carry an exchange's own words
 * ("... Message: Authentication failure"). Only error-looking lines, and only
 * texts long enough to mean something (three words, two long ones, or an
 * official NAME with an underscore), are searched; each is reported as a message inside text.
 */
function knownMessagesInLines(api: ExplainApi, text: string, found: readonly Finding[], entryOf: (line: number) => number): Finding[] {
  let scanner = messageScanners.get(api);
  if (scanner === undefined) {
    const byText = new Map<string, KbEntry>();
    for (const e of api.kb) {
      for (const t of [e.message, ...e.liveMessages]) {
        const words = t.replace(/[\s:\uff1a.!]+$/, '').trim();
        const n = words.split(/\s+/).length;
        if ((n >= 3 || (n === 2 && words.length >= 16)) && /^[\x20-\x7e]+$/.test(words) && !byText.has(words.toLowerCase())) byText.set(words.toLowerCase(), e);
      }
      if (e.name && e.name.includes('_') && !byText.has(e.name.toLowerCase())) byText.set(e.name.toLowerCase(), e);
    }
    const alts = [...byText.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
    scanner = alts.length ? { re: new RegExp(`(?<![\\w])(?:${alts.join('|')})(?![\\w])`, 'i'), byText } : null;
    messageScanners.set(api, scanner);
  }
  if (!scanner) return [];
  const taken = new Set(found.map((f) => f.line));
  const out: Finding[] = [];
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    line++;
    if (!taken.has(line) && end - start > 8) {
      const l = text.slice(start, Math.min(end, start + 2000));
      if (ERROR_LINE.test(l) && !QUIET_LEVEL.test(l)) {
        const m = scanner.re.exec(l);
        // The line must say "error" in words other than the known text itself.
        if (m && ERROR_LINE.test(l.slice(0, m.index) + l.slice(m.index + m[0].length))) {
          const entry = scanner.byText.get(m[0].toLowerCase().replace(/\s+/g, ' '));
          if (entry) out.push(syntheticFinding({ message: `…${m[0]}…`, line, entry: entryOf(line), format: 'prose' }));
        }
      }
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}
