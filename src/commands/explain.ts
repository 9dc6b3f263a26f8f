import { InputError, UsageError } from '../errors.js';
import { allApis, loadApi } from '../exchanges/registry.js';
import { EXACT, explainGroup, explainInput, type ExplainApi, type ExplainedError, type ExplainResult } from '../core/explain/explain.js';
import { readTextFile, readTextStdin, type TextInput } from '../io/text-input.js';
import { explainCommand, otherCommand, redact, related, renderExplain, type ExplainView } from '../render/explain-report.js';
import type { CommandResult } from './result.js';
import { exchangeArg, intOption } from './options.js';

// `xcred explain <exchange> <code | message | response | ->` and `--file LOG`:
// read the text, hand it to the core (extract, group, look up), print.

interface ExplainOptions {
  apiVersion?: string;
  status?: string;
  file?: string;
  verbose?: boolean;
}

export async function run(args: string[], opts: ExplainOptions): Promise<CommandResult> {
  const facts = exchangeArg(args[0], opts.apiVersion);
  const status = intOption('--status', opts.status, { min: 100, max: 599 }) ?? null;
  const rest = args.slice(1);
  const typed = rest.join(' ');

  let input: TextInput;
  if (opts.file !== undefined) {
    if (typed.trim() !== '') throw new UsageError('give either --file or an input argument, not both');
    input = await readTextFile(opts.file);
  } else if (rest.length === 1 && rest[0] === '-') {
    input = await readTextStdin('xcred explain -');
  } else if (typed.trim() === '' && status === null) {
    throw new UsageError(`missing <code | message | response>: e.g. xcred explain ${facts.exchange} 700002, - to read a response or a log from standard input, or --file bot.log`);
  } else {
    input = { text: typed, bytes: Buffer.byteLength(typed), from: 'argument' };
  }
  if (input.text.trim() === '' && status === null) throw new InputError(`nothing to explain: the ${input.from === 'file' ? 'file' : 'input'} is empty`);

  const api = await loadApi(facts);
  const context = { exchanges: allApis().map((f) => ({ id: f.id, names: f.pasteNames, hosts: f.officialHosts })) };
  const result = explainInput(api, input.text, { context, status });

  // What this API does not know exactly, the exchange's other APIs (MEXC spot/futures, Crypto.com v1/v2)
  // may: they load only then.
  const unsure = result.errors.filter((e) => !EXACT.has(e.match) || e.messageAgrees === 'no');
  // The same exchange's other APIs first, then other exchanges (a Crypto.com code pasted under mexc).
  const others = allApis().filter((f) => f.id !== facts.id);
  const siblingFacts = [...others.filter((f) => f.credentialGroup === facts.credentialGroup), ...others.filter((f) => f.credentialGroup !== facts.credentialGroup)];
  if (unsure.length > 0 && siblingFacts.length > 0) {
    const siblings: ExplainApi[] = await Promise.all(siblingFacts.map((f) => loadApi(f)));
    for (const e of unsure) {
      e.elsewhere = explainGroup(api, e.group, { context, status, siblings })?.elsewhere ?? [];
      // Numerically near codes mean nothing next to the API that has this very code.
      if (e.elsewhere.length > 0 && e.alternatives.every((a) => a.kind === 'none')) e.alternatives = [];
    }
  }
  const view: ExplainView = { exchange: facts.exchange, api: facts.id, title: facts.title, apiVersion: facts.apiVersion, input, result };
  return { exitCode: result.exitCode, json: toJson(view), text: (style) => renderExplain(view, style) };
}

function errorJson(view: ExplainView, e: ExplainedError) {
  const g = e.group;
  const f = g.findings[0]!;
  const entry = e.entry;
  return {
    code: g.code,
    message: g.message === null ? null : redact(g.message),
    count: g.count,
    firstLine: g.firstLine,
    lastLine: g.lastLine,
    lines: g.findings.map((x) => x.line),
    httpStatus: e.httpStatus,
    httpStatuses: g.httpStatuses,
    format: f.format,
    exception: f.exception,
    exchangeHint: g.hint ? { name: g.hint.name, via: g.hint.via } : null,
    ip: f.ip,
    html: f.html ? { title: f.html.title, cdn: f.html.cdn, reference: f.html.reference } : null,
    match: e.match,
    exact: EXACT.has(e.match),
    guess: e.match === 'fuzzy',
    score: e.score,
    messageAgrees: e.messageAgrees,
    category: e.category,
    explanation: entry
      ? {
          code: entry.code,
          name: entry.name ?? null,
          message: entry.message,
          liveMessages: entry.liveMessages,
          httpStatus: entry.httpStatus,
          category: entry.category,
          meaning: entry.meaning,
          causes: e.causes,
          fixes: entry.fixes,
          retryable: entry.retryable,
          docs: entry.docs,
          sources: entry.sources,
          related: related(e),
          uncertain: entry.uncertain ?? null,
        }
      : null,
    http: e.http
      ? {
          status: e.httpStatus,
          title: e.http.title,
          category: e.http.category,
          meaning: e.http.meaning,
          causes: e.http.causes,
          fixes: e.http.fixes,
          retryable: e.http.retryable,
          saysNothingAboutKey: e.http.saysNothingAboutKey,
          sources: e.http.sources,
          uncertain: e.http.uncertain ?? null,
        }
      : null,
    alternatives: e.alternatives.map((a) => ({ code: a.entry.code, message: a.entry.message, category: a.entry.category, match: a.kind, score: a.score })),
    elsewhere: e.elsewhere.map((x) => ({ api: x.api, code: x.code, message: x.message, byCodeOnly: x.codeOnly === true, command: explainCommand(x.exchange, x.apiVersion, x.code) })),
    notes: e.notes,
  };
}

/**
 * One JSON document: `errors` lists every distinct error (most frequent
 * first); the first one's fields are repeated at the top level, so a
 * single pasted response reads as before.
 */
function toJson(view: ExplainView) {
  const r: ExplainResult = view.result;
  const errors = r.errors.map((e) => errorJson(view, e));
  const primaryIndex = Math.max(0, r.errors.findIndex((e) => EXACT.has(e.match)));
  const primary = r.errors[primaryIndex];
  const p = errors[primaryIndex];
  const entry = primary?.entry ?? null;
  return {
    exchange: view.exchange,
    api: view.api,
    input: r.inputKind,
    source: { from: view.input.from, bytes: view.input.bytes, lines: r.lines, timestamped: r.timestamped },
    found: r.errors.some((e) => e.match !== 'none'),
    exact: r.errors.some((e) => EXACT.has(e.match)),
    success: r.errors.length === 0 && r.successes > 0,
    successes: r.successes,
    reported: p ? { code: p.code, message: p.message, ip: p.ip, httpStatus: p.httpStatus } : { code: null, message: null, ip: null, httpStatus: null },
    match: p?.match ?? 'none',
    ...(entry
      ? {
          code: entry.code,
          name: entry.name ?? null,
          message: entry.message,
          category: p!.category,
          meaning: entry.meaning,
          causes: primary!.causes,
          fixes: entry.fixes,
          retryable: entry.retryable,
          docs: entry.docs,
          related: related(primary!),
          uncertain: entry.uncertain ?? null,
          matchScore: primary!.score,
        }
      : {
          code: p?.code ?? null,
          category: p?.category ?? null,
          causes: primary?.causes ?? [],
          fixes: primary?.http?.fixes ?? [],
          nearest: p?.alternatives ?? [],
        }),
    errors,
    otherExchanges: r.otherExchanges.map((g) => ({
      exchange: g.hint?.name ?? null,
      code: g.code,
      message: g.message === null ? null : redact(g.message),
      count: g.count,
      firstLine: g.firstLine,
      lastLine: g.lastLine,
      explainWith: g.hint && g.hint.apis.length > 0 ? otherCommand(g.hint.apis[0]!) : null,
    })),
  };
}
