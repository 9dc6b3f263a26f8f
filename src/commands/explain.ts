import { ExitCode, InputError, UsageError } from '../errors.js';
import { loadApi } from '../exchanges/registry.js';
import { findByCode, findByMessage, nearestCodes, parseResponseBody } from '../core/kb/lookup.js';
import type { KbEntry } from '../core/kb/schema.js';
import { readStdin } from '../io/stdin.js';
import { renderExplain, type ExplainReport } from '../render/explain-report.js';
import type { CommandResult } from './result.js';
import { exchangeArg, intOption } from './options.js';

const MATCH_THRESHOLD = 0.45;

interface ExplainOptions {
  apiVersion?: string;
  status?: string;
}

/** Split an optional "HTTP/1.1 401 ..." status line off a pasted response. */
function splitStatusLine(text: string): { status: number | null; rest: string } {
  const m = /^HTTP\/[\d.]+\s+(\d{3})[^\n]*\n([\s\S]*)$/.exec(text);
  if (!m) return { status: null, rest: text };
  // Drop the header block if one was pasted too.
  const rest = m[2]!.includes('\n\n') ? m[2]!.slice(m[2]!.indexOf('\n\n') + 2) : m[2]!;
  return { status: Number(m[1]), rest };
}

export async function run(args: string[], opts: ExplainOptions): Promise<CommandResult> {
  const facts = exchangeArg(args[0], opts.apiVersion);
  const rawArg = args.slice(1).join(' ');
  if (rawArg.trim() === '') throw new UsageError('missing <code | message | response>: e.g. xcred explain mexc 700002, or - to read a response from standard input');
  const raw = rawArg === '-' ? await readStdin('xcred explain -') : rawArg;
  const { status: pastedStatus, rest } = splitStatusLine(raw.trim());
  const httpStatus = intOption('--status', opts.status, { min: 100, max: 599 }) ?? pastedStatus;
  const text = rest.trim();
  if (text === '') throw new InputError('nothing to explain: the input is empty');

  const api = await loadApi(facts);
  const report: ExplainReport = {
    exchange: facts.exchange,
    api: facts.id,
    apiTitle: facts.title,
    inputKind: 'code',
    entry: null,
    matchScore: null,
    success: false,
    reported: { code: null, message: null, ip: null, httpStatus },
    nearest: [],
  };

  let code: number | null = null;
  let message: string | null = null;
  if (/^[[{]/.test(text)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new InputError(`the response is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new InputError('the response must be a JSON object such as {"code":700002,"msg":"..."}');
    const parsed = parseResponseBody(json);
    report.inputKind = 'response';
    report.reported = { code: parsed.code, message: parsed.message, ip: parsed.ip, httpStatus };
    code = parsed.code;
    message = parsed.message;
    if (code === 0 || parsed.success === true) {
      report.success = true;
      return done(report, ExitCode.ok);
    }
    if (code === null && message === null) throw new InputError('the response has neither a "code" nor a "msg"/"message" field');
  } else if (/^-?\d+$/.test(text)) {
    code = Number(text);
    report.reported.code = code;
  } else {
    report.inputKind = 'message';
    message = text;
    report.reported.message = text;
    const ip = /IP\s*\[([^\]]+)\]/i.exec(text);
    if (ip) report.reported.ip = ip[1]!.trim();
  }

  let entry: KbEntry | undefined = code !== null ? findByCode(api, code) : undefined;
  if (!entry && code === null && message !== null) {
    const best = findByMessage(api, message);
    if (best[0] && best[0].score >= MATCH_THRESHOLD) {
      entry = best[0].entry;
      report.matchScore = Math.round(best[0].score * 100) / 100;
    } else {
      report.nearest = best.slice(0, 3).map((b) => b.entry);
    }
  }
  if (!entry && code === null && httpStatus !== null) entry = findByCode(api, httpStatus);
  if (!entry) {
    if (code !== null) report.nearest = nearestCodes(api, code);
    return done(report, ExitCode.problem);
  }
  report.entry = entry;
  return done(report, ExitCode.ok);
}

function done(report: ExplainReport, exitCode: 0 | 1): CommandResult {
  const e = report.entry;
  const json = {
    exchange: report.exchange,
    api: report.api,
    found: e !== null,
    success: report.success,
    input: report.inputKind,
    reported: report.reported,
    ...(e
      ? {
          code: e.code,
          name: e.name ?? null,
          message: e.message,
          liveMessages: e.liveMessages,
          httpStatus: e.httpStatus,
          category: e.category,
          meaning: e.meaning,
          causes: e.causes,
          fixes: e.fixes,
          retryable: e.retryable,
          docs: e.docs,
          related: relatedCommands(report),
          uncertain: e.uncertain ?? null,
          matchScore: report.matchScore,
        }
      : { code: report.reported.code, category: null, causes: [], fixes: [], nearest: report.nearest.map((n) => ({ code: n.code, message: n.message, category: n.category })) }),
  };
  return { exitCode, json, text: (style) => renderExplain(report, relatedCommands(report), style) };
}

export function relatedCommands(report: ExplainReport): string[] {
  const out = [...(report.entry?.related ?? [])];
  if (report.reported.ip && !out.includes('xcred check-ip')) out.unshift('xcred check-ip');
  return out;
}
