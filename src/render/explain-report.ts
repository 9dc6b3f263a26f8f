import { EXACT, type ExplainedError, type ExplainResult } from '../core/explain/explain.js';
import type { TextInput } from '../io/text-input.js';
import { allApis } from '../exchanges/registry.js';
import type { Style } from './style.js';
import { wrapBlock } from './width.js';
import { excerpt } from '../core/secret.js';

export interface ExplainView {
  exchange: string;
  api: string;
  title: string;
  apiVersion: string | null;
  input: TextInput;
  result: ExplainResult;
}

/** Signatures and secrets people leave in pasted URLs and messages. */
export function redact(text: string): string {
  return text.replace(/\b(signature|sig|secret|api_secret|secretKey|passphrase)=([^&\s"']+)/gi, '$1=[redacted]');
}

/** The command that explains a code with another API of the same exchange. */
export function explainCommand(exchange: string, apiVersion: string | null, code: number): string {
  const f = allApis().find((x) => x.exchange === exchange && x.apiVersion === apiVersion);
  return `xcred explain ${exchange}${f && f.apiVersion && !f.isDefaultVersion ? ` --api-version ${f.apiVersion}` : ''} ${code}`;
}

/** The command for another registered API. */
export function otherCommand(apiId: string): string {
  const f = allApis().find((x) => x.id === apiId)!;
  return `xcred explain ${f.exchange}${f.apiVersion && !f.isDefaultVersion ? ` --api-version ${f.apiVersion}` : ''}`;
}

export function related(e: ExplainedError): string[] {
  const out = [...(e.entry?.related ?? [])];
  if (e.group.findings[0]?.ip && !out.includes('xcred check-ip')) out.unshift('xcred check-ip');
  return out;
}

const FOUND_BY: Record<ExplainedError['match'], string> = {
  code: 'exact code',
  message: 'exact message',
  'message-in-text': 'message in text',
  'http-status': 'HTTP status',
  fuzzy: 'GUESS',
  none: 'not found',
};

/** The explanation, fitted to the terminal's width. */
export function renderExplain(v: ExplainView, style: Style): string {
  return wrapBlock(explainText(v, style), style.width);
}

function explainText(v: ExplainView, style: Style): string {
  const { c } = style;
  const r = v.result;
  const lines: string[] = [];
  if (r.errors.length === 0) {
    if (r.successes > 0 && r.otherExchanges.length === 0) {
      return `${style.status('pass')} ${r.successes === 1 ? `This ${v.title} response is a success` : `${r.successes} ${v.title} success responses`} (no error code): nothing to explain.`;
    }
    lines.push(`${style.status('fail')} No ${v.title} error found in ${where(v)}.`);
    otherExchangesLines(v, lines, style);
    lines.push('', c.dim(`Give a code (xcred explain ${v.exchange} 700002), a message, the response body, or a whole log (--file bot.log).`));
    return lines.join('\n');
  }
  if (r.inputKind !== 'log') {
    renderOne(v, r.errors[0]!, lines, style, false);
    otherExchangesLines(v, lines, style);
    return lines.join('\n');
  }

  const occurrences = r.errors.reduce((n, e) => n + e.group.count, 0);
  const guesses = r.errors.filter((e) => !EXACT.has(e.match)).length;
  lines.push(
    c.bold(`${v.title}: ${r.errors.length} distinct error${r.errors.length === 1 ? '' : 's'}, ${occurrences} occurrence${occurrences === 1 ? '' : 's'} in ${where(v)}`) +
      (guesses ? c.dim(`  (${guesses} not found exactly)`) : ''),
  );
  lines.push('');
  const rows = r.errors.map((e, i) => [
    String(i + 1),
    e.group.kind === 'http' ? `HTTP ${e.httpStatus ?? '?'}` : e.group.code === null ? '-' : String(e.group.code),
    String(e.group.count),
    e.group.firstLine === e.group.lastLine ? String(e.group.firstLine) : `${e.group.firstLine}-${e.group.lastLine}`,
    FOUND_BY[e.match],
    e.category ?? '-',
    summaryText(e),
  ]);
  const head = ['#', 'code', 'count', 'lines', 'found by', 'category', 'message'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  // The message column takes what the terminal has left (at least 20, at most 60): one row, one line.
  const fixed = 2 + widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const room = Math.max(20, Math.min(60, (style.width ?? 200) - fixed));
  for (const row of rows) row[row.length - 1] = shorten(row[row.length - 1]!, room);
  widths[widths.length - 1] = Math.max(head[head.length - 1]!.length, ...rows.map((row) => row[row.length - 1]!.length));
  const fmt = (row: string[]) => '  ' + row.map((cell, k) => (k === 2 || k === 0 ? cell.padStart(widths[k]!) : k === row.length - 1 ? cell : cell.padEnd(widths[k]!))).join('  ');
  lines.push(c.dim(fmt(head)));
  for (const row of rows) lines.push(fmt(row));
  otherExchangesLines(v, lines, style);
  if (r.successes > 0) lines.push(c.dim(`Success answers seen: ${r.successes} (not errors).`));

  r.errors.forEach((e, i) => {
    lines.push('', c.dim(`── ${i + 1}/${r.errors.length} ${'─'.repeat(40)}`));
    renderOne(v, e, lines, style, true);
  });
  return lines.join('\n');
}

function where(v: ExplainView): string {
  const n = v.result.lines;
  const src = v.input.from === 'file' ? 'the file' : v.input.from === 'stdin' ? 'standard input' : 'the input';
  return `${src} (${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'})`;
}

function summaryText(e: ExplainedError): string {
  const f = e.group.findings[0]!;
  if (f.html) return `HTML page: ${f.html.title ?? f.html.text.slice(0, 40)}${f.html.cdn ? ` (${f.html.cdn})` : ''}`;
  if (e.group.message) return redact(e.group.message);
  if (e.http) return e.http.title;
  return e.entry?.message ?? '';
}

/** Scrubbed before it is cut (see excerpt in src/core/secret.ts). */
function shorten(s: string, n: number): string {
  return excerpt(s.replace(/\s+/g, ' '), n);
}

function otherExchangesLines(v: ExplainView, lines: string[], style: Style): void {
  const others = v.result.otherExchanges;
  if (others.length === 0) return;
  lines.push('', style.c.bold(`Not ${v.title} (left out):`));
  for (const g of others) {
    const what = g.code !== null ? `${g.code} ${shorten(redact(g.message ?? ''), 50)}` : `HTTP ${g.httpStatuses[0] ?? '?'}`;
    const name = g.hint?.name ?? 'another exchange';
    const how = g.hint && g.hint.apis.length > 0 ? `: run \`${otherCommand(g.hint.apis[0]!)}\`` : '';
    lines.push(`  ${name} ${what} × ${g.count} (line${g.firstLine === g.lastLine ? ` ${g.firstLine}` : `s ${g.firstLine}-${g.lastLine}`})${how}`);
  }
}

function renderOne(v: ExplainView, e: ExplainedError, lines: string[], style: Style, inLog: boolean): void {
  const { c } = style;
  const f = e.group.findings[0]!;
  const received = e.group.message ? redact(e.group.message) : null;

  if (e.match === 'http-status' && e.http) {
    const h = e.http;
    lines.push(c.bold(`${v.title} · HTTP ${e.httpStatus ?? '(status not given)'}: ${h.title}`) + `  [${h.category}]`);
    lines.push(`  Found by: the HTTP status, in xcred's ${v.title} table (there is no error code in the answer)`);
    if (f.html) {
      const ref = f.html.reference ? `, Reference #${f.html.reference}` : '';
      lines.push(`  Page: "${f.html.title ?? shorten(f.html.text, 60)}"${f.html.cdn ? ` from ${f.html.cdn}${ref}` : ''}`);
    } else if (received) lines.push(`  Message received: "${received}"`);
    seenLines(e, lines, inLog);
    for (const n of e.notes) lines.push(`  Note: ${n}`);
    if (h.saysNothingAboutKey) lines.push(`  ${style.status('warn')} This says nothing about your key: xcred cannot tell from it whether the key works.`);
    lines.push('', c.bold('What it means'), `  ${h.meaning}`);
    causesLines(e, lines, style);
    fixesLines(h.fixes, lines, c);
    lines.push('', `Retrying: ${h.retryable ? 'may help' : 'will not help until the cause is fixed'}`);
    if (h.uncertain) lines.push(`${style.status('warn')} Uncertain: ${h.uncertain}`);
    if (style.verbose) lines.push(c.dim(`Sources: ${h.sources.join('  |  ')}`));
    return;
  }

  const entry = e.entry;
  if (!entry) {
    const what = e.group.code !== null ? `Code ${e.group.code}` : received ? `"${shorten(received, 80)}"` : 'This answer';
    lines.push(`${style.status('fail')} ${what} is not in xcred's ${v.title} knowledge base${e.group.code !== null && received ? ` (message: "${shorten(received, 80)}")` : ''}.`);
    seenLines(e, lines, inLog);
    elsewhereLines(e, lines, style);
    if (e.alternatives.length > 0) {
      lines.push('', e.group.code !== null && e.alternatives.every((a) => a.kind === 'none') ? 'Nearest known codes:' : 'Closest known messages (weak matches, not answers):');
      for (const a of e.alternatives) lines.push(`  ${a.entry.code}  ${a.entry.message}  [${a.entry.category}]${a.score ? c.dim(`  similarity ${a.score}`) : ''}`);
    }
    if (e.http) {
      lines.push('', c.bold(`What HTTP ${e.httpStatus} means at ${v.title}: ${e.http.title}`) + `  [${e.http.category}]`, `  ${e.http.meaning}`);
    }
    if (e.alternatives.length > 0 || e.elsewhere.length === 0) {
      lines.push(
        '',
        c.dim(
          e.alternatives.length > 0
            ? `Run \`xcred explain ${v.exchange} <code>\` with one of them, or paste the whole response.`
            : `Nothing close either. Give the numeric code from the response, or the whole response (\`xcred explain ${v.exchange} -\` reads it from standard input).`,
        ),
      );
    }
    return;
  }

  const name = entry.name ? ` ${entry.name}` : '';
  if (e.match === 'fuzzy') {
    // Another API of the exchange knowing it exactly says more than a guess here.
    elsewhereLines(e, lines, style, '');
    lines.push(`${style.status('warn')} ${c.bold('A guess')}: not found exactly${e.elsewhere.length ? ` in ${v.title}` : ''}. The closest ${v.title} entry is:`);
  }
  lines.push(c.bold(`${v.title} · ${entry.code}${name}: ${entry.message}`) + `  [${e.category ?? entry.category}]`);
  lines.push(`  Found by: ${foundBy(e)}`);
  if (received && received !== entry.message) lines.push(`  Message received: "${shorten(received, 300)}"`);
  if (f.ip) lines.push(`  The exchange saw your request come from ${c.bold(f.ip)}: if that is your server, that is the address to whitelist.`);
  const usual = `usually HTTP ${entry.httpStatus.join(' or ')}`;
  lines.push(`  HTTP status: ${e.httpStatus !== null ? `${e.httpStatus} (${usual})` : usual}`);
  if (f.exception || (f.hint && f.hint.via === 'ccxt')) lines.push(`  From: ${[f.exception, f.hint ? `exchange "${f.hint.name}"` : null].filter(Boolean).join(', ')}`);
  seenLines(e, lines, inLog);
  for (const n of e.notes) lines.push(`  Note: ${n}`);
  if (e.match === 'fuzzy') {
    const others = e.alternatives.filter((a) => a.kind === 'fuzzy');
    if (others.length > 0) lines.push(`  Other candidates: ${others.map((a) => `${a.entry.code} "${shorten(a.entry.message, 40)}" [${a.entry.category}] (${a.score})`).join(', ')}`);
    const close = [entry.category, ...others.filter((a) => e.score !== null && a.score >= e.score - 0.1).map((a) => a.entry.category)];
    if (close.length > 1 && close.every((x) => x === entry.category)) lines.push(`  Every close candidate is a ${entry.category} problem.`);
  } else if (e.alternatives.length > 0 && e.match !== 'code') {
    lines.push(`  Also matches: ${e.alternatives.map((a) => `${a.entry.code} "${shorten(a.entry.message, 40)}"`).join(', ')}`);
  }
  if (e.match !== 'fuzzy') elsewhereLines(e, lines, style);
  lines.push('', c.bold(e.match === 'fuzzy' ? 'What it means (if the guess is right)' : 'What it means'), `  ${entry.meaning}`);
  causesLines(e, lines, style);
  fixesLines(entry.fixes, lines, c);
  lines.push('', `Retrying: ${entry.retryable ? 'may help (nothing is wrong with the key)' : 'will not help until the cause is fixed'}`);
  if (entry.uncertain) lines.push(`${style.status('warn')} Uncertain: ${entry.uncertain}`);
  const next = related(e);
  if (next.length > 0) lines.push(`Next: ${next.join('  |  ')}`);
  lines.push(c.dim(`Docs: ${entry.docs}`));
  if (style.verbose) lines.push(c.dim(`Sources: ${entry.sources.join('  |  ')}`));
}

function foundBy(e: ExplainedError): string {
  switch (e.match) {
    case 'code':
      return e.messageAgrees === 'exact' || e.messageAgrees === 'in-text'
        ? 'exact code, and the message is one it sends'
        : e.messageAgrees === 'no'
          ? 'exact code, but the message is not one it is known to send'
          : 'exact code';
    case 'message':
      return 'exact message';
    case 'message-in-text':
      return `a known message inside your text ("${shorten(e.entry?.name && !e.entry.message ? e.entry.name : matchedText(e), 60)}")`;
    case 'fuzzy':
      return `similar words (similarity ${e.score}): a guess, not an answer`;
    default:
      return 'not found';
  }
}

function matchedText(e: ExplainedError): string {
  const entry = e.entry!;
  const msg = (e.group.message ?? '').toLowerCase();
  return [entry.message, ...entry.liveMessages, entry.name ?? ''].find((t) => t && msg.includes(t.toLowerCase().replace(/[.!]+$/, ''))) ?? entry.message;
}

function seenLines(e: ExplainedError, lines: string[], inLog: boolean): void {
  if (!inLog) return;
  const g = e.group;
  lines.push(`  Seen: ${g.count} time${g.count === 1 ? '' : 's'}, ${g.firstLine === g.lastLine ? `line ${g.firstLine}` : `lines ${g.firstLine}-${g.lastLine}`}`);
}

function elsewhereLines(e: ExplainedError, lines: string[], style: Style, indent = '  '): void {
  for (const x of e.elsewhere) {
    const run = `run \`${explainCommand(x.exchange, x.apiVersion, x.code)}\``;
    lines.push(
      x.codeOnly
        ? `${indent}${style.status('warn')} ${x.code} is ${x.title}'s code for "${shorten(x.message, 50)}": if the answer came from ${x.title}, ${run}`
        : `${indent}${style.status('warn')} ${x.title} has it exactly: ${x.code} "${shorten(x.message, 50)}": ${run}`,
    );
  }
}

function causesLines(e: ExplainedError, lines: string[], style: Style): void {
  const { c } = style;
  lines.push('', c.bold('Likely causes') + c.dim(' (most likely first)'));
  e.causes.forEach((cause, i) => {
    lines.push(`  ${i + 1}. [${cause.likelihood}] ${cause.cause}  ${c.dim(`[${cause.category}]`)}${cause.pointedByMessage ? c.dim('  <- your message points here') : ''}`);
    lines.push(c.dim(`     How to tell: ${cause.confirm}`));
    if (style.verbose && cause.sources?.length) lines.push(c.dim(`     Evidence: ${cause.sources.join('  |  ')}`));
  });
}

function fixesLines(fixes: readonly string[], lines: string[], c: Style['c']): void {
  lines.push('', c.bold('How to fix'));
  fixes.forEach((fix, i) => lines.push(`  ${i + 1}. ${fix}`));
}
