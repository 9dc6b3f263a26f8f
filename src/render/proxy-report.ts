import type { ProxyEvent } from '../proxy/inspect.js';
import type { ProxySummary } from '../proxy/summary.js';
import { findingLine } from './forensics-lines.js';
import type { Style } from './style.js';

// The text of `xcred proxy`: a start block, one line per request (and its
// explanation and findings under it), and the summary on stop.

export interface ProxyStart {
  title: string;
  upstream: string;
  listen: string;
  botBaseUrl: string;
  keys: Array<{ apiKey: string; source: string; secret: string }>;
  notices: string[];
}

export function startText(s: ProxyStart, style: Style): string {
  const lines = [
    style.c.bold(`xcred proxy: ${s.title} → ${s.upstream}`),
    '',
    `  Point your bot at   ${s.botBaseUrl}   (its base URL instead of the exchange's)`,
    `  Listening on        ${s.listen}`,
    s.keys.length
      ? `  Secrets for analysis, matched by the key each request carries:`
      : `  No secret known: refusals are explained, but what the client signed cannot be analysed.`,
    ...s.keys.map((k) => `    ${k.apiKey}  secret ${k.secret}  from ${k.source}`),
    ...s.notices.map((n) => `  ${style.status('warn')} ${n}`),
    '',
    '  Requests and answers pass through unchanged, streamed; WebSocket upgrades are refused (connect streams to the exchange directly).',
    '  One line per request below. Ctrl-C stops and prints a summary.',
    '',
  ];
  return lines.join('\n') + '\n';
}

const time = (iso: string) => iso.slice(11, 23);

export function requestText(e: ProxyEvent, style: Style): string {
  const status = e.status === null ? '---' : String(e.status);
  const ms = `${e.ms < 10 ? e.ms.toFixed(1) : Math.round(e.ms)} ms`;
  let verdict: string;
  if (e.outcome === 'ok') verdict = `${style.status('pass')} ok`;
  else if (e.outcome === 'unreachable') verdict = `${style.status('error')} unreachable: ${e.failure?.kind ?? ''} (${e.failure?.code ?? ''})`;
  else if (e.outcome === 'aborted') verdict = `${style.status('skip')} aborted by the client`;
  else verdict = `${style.status('fail')} ${e.code ?? ''} ${e.outcome}${e.title ? ': ' + e.title : ''}`.replace(/  +/g, ' ');
  const key = e.apiKey ? `  key ${e.apiKey}` : '';
  let out = `${time(e.time)}  ${e.method.padEnd(6)} ${e.path.padEnd(34)} ${status.padStart(3)} ${ms.padStart(8)}  ${verdict}${key}\n`;
  if (e.outcome !== 'ok' && e.explanation) out += `    ${style.c.dim('why:')} ${e.explanation}\n`;
  if (e.finding) out += findingLine(e.finding, style) + (e.secretFrom && style.verbose ? `      ${style.c.dim('(secret from ' + e.secretFrom + ')')}\n` : '');
  if (e.clock) out += findingLine(e.clock, style);
  return out;
}

const REFUSED_LABEL: Record<string, string> = { websocket: 'WebSocket', connect: 'CONNECT', 'absolute-form': 'absolute URL', host: 'Host', browser: 'browser' };

export function refusedText(r: { time: string; kind: string; method: string; target: string; reason?: string }, style: Style): string {
  const what =
    r.kind === 'websocket'
      ? 'WebSocket upgrade refused (501): connect streams to the exchange directly'
      : r.kind === 'connect'
        ? 'CONNECT refused (405): this is not a forward proxy'
        : r.kind === 'host'
          ? `Host refused (403): ${r.reason ?? ''}`
          : r.kind === 'browser'
            ? `browser request refused (403): ${r.reason ?? ''}`
            : 'absolute URL refused (400): this is not a forward proxy';
  return `${time(r.time)}  ${r.method.padEnd(6)} ${r.target.padEnd(34)}        ${style.status('skip')} ${what}\n`;
}

export function summaryText(s: ProxySummary, style: Style): string {
  const outcomes = Object.entries(s.outcomes).map(([o, n]) => `${n} ${o}`).join(', ');
  const lines = ['', style.c.bold(`xcred proxy stopped: ${s.requests} request${s.requests === 1 ? '' : 's'}${outcomes ? ': ' + outcomes : ''}`) + (s.refused ? `; ${s.refused} refused (${Object.entries(s.refusedKinds).map(([k, n]) => `${n} ${REFUSED_LABEL[k] ?? k}`).join(', ')})` : '')];
  if (s.findings.length) {
    lines.push('Findings:');
    for (const f of s.findings) lines.push(`  ${String(f.count).padStart(4)}×  ${f.variant}: ${f.sentence}`);
  } else {
    lines.push('No findings.');
  }
  return lines.join('\n') + '\n';
}
