import type { SignedRequest } from '../core/signers/types.js';
import type { Style } from './style.js';
import { shqWithVar } from './shell.js';
import { describeFailure, type HttpFailure } from '../net/failure.js';
import { wrapText } from './width.js';

export interface SignResponse {
  status: number | null;
  ms: number | null;
  body: string | null;
  failure: HttpFailure | null;
  explanation: { code: string; category: string; title: string; meaning: string; fixes: string[] } | null;
}

export interface SignReport {
  exchange: string;
  title: string;
  dryRun: boolean;
  showKey: boolean;
  apiKey: string;
  apiKeyMasked: string;
  apiKeySource: string;
  apiKeyVar: string;
  secretDescription: string;
  secretSource: string;
  baseUrlSource: string;
  path: string;
  time: number;
  recvWindow: number | undefined;
  signed: SignedRequest;
  notes: string[];
  response: SignResponse | null;
  /** Whether the endpoint can change the account. */
  safety: { readOnly: boolean; reason: string } | null;
}

function indent(text: string, pad = '   '): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

export function curlCommand(r: SignReport): string {
  const q = (s: string) => (r.showKey ? shqWithVar(s, '\u0000', '') : shqWithVar(s, r.apiKey, r.apiKeyVar));
  const parts = [`curl -sS -X ${r.signed.method} ${q(r.signed.url)}`];
  for (const [k, v] of Object.entries(r.signed.headers)) parts.push(`-H ${q(`${k}: ${v}`)}`);
  if (r.signed.body !== null && r.signed.body !== '') parts.push(`--data-raw ${q(r.signed.body)}`);
  return parts.join(' \\\n  ');
}

export function renderSignReport(r: SignReport, style: Style): string {
  const { c } = style;
  const mask = (s: string) => (r.showKey ? s : s.split(r.apiKey).join(r.apiKeyMasked));
  const isCdc = r.exchange === 'cryptocom';
  const lines: string[] = [];
  lines.push(c.bold(`xcred sign ${r.exchange}: ${r.title}`) + (r.dryRun ? c.dim('  (dry run: nothing sent)') : ''));
  lines.push('');
  lines.push(c.bold('1. Inputs'));
  const when = new Date(r.time).toISOString();
  const rows: Array<[string, string]> = [
    ['API key', `${r.showKey ? r.apiKey : r.apiKeyMasked} (len ${r.apiKey.length}, from ${r.apiKeySource})`],
    ['Secret', `${r.secretDescription} (from ${r.secretSource}; never shown)`],
    ['Base URL', `${r.signed.url.split(isCdc ? '/' + r.path : r.path)[0]} (${r.baseUrlSource})`],
    [isCdc ? 'Method' : 'Endpoint', isCdc ? r.path : `${r.signed.method} ${r.path}`],
    [isCdc ? 'Nonce' : r.exchange === 'mexc' ? 'timestamp' : 'Request-Time', `${r.time} (${when})`],
  ];
  if (r.exchange === 'mexc') rows.push(['recvWindow', String(r.recvWindow ?? 5000)]);
  if (r.exchange === 'mexc-futures' && r.recvWindow !== undefined) rows.push(['Recv-Window', String(r.recvWindow)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) lines.push(`   ${k.padEnd(width)}  ${v}`);
  lines.push('');
  const how =
    r.exchange === 'mexc'
      ? 'the query string exactly as sent, then the body, no "&" between'
      : r.exchange === 'mexc-futures'
        ? 'ApiKey + Request-Time + (sorted params for GET/DELETE | exact JSON body for POST)'
        : 'method + id + api_key + params (keys sorted, no separators) + nonce';
  lines.push(c.bold('2. String to sign') + c.dim(`  (${how})`));
  lines.push(indent(mask(r.signed.stringToSign) || c.dim('(empty)')));
  if (!r.showKey && r.signed.stringToSign.includes(r.apiKey)) {
    lines.push(c.dim(`   (the API key inside is shown masked as ${r.apiKeyMasked}; the signed string holds the whole key: --show-key prints it)`));
  }
  lines.push('');
  lines.push(c.bold('3. Signature') + c.dim('  HMAC-SHA256(secret, string to sign), lowercase hex'));
  lines.push(indent(r.signed.signature));
  lines.push('');
  lines.push(c.bold('4. Request'));
  lines.push(indent(`${r.signed.method} ${mask(r.signed.url)}`));
  for (const [k, v] of Object.entries(r.signed.headers)) lines.push(indent(`${k}: ${mask(v)}`));
  if (r.signed.body !== null && r.signed.body !== '') lines.push(indent(mask(r.signed.body)));
  lines.push('');
  lines.push(
    c.bold('5. Reproduce with curl') +
      c.dim(
        r.showKey
          ? '  (run it soon: the timestamp is part of the signature)'
          : `  (reads the key from $${r.apiKeyVar}; run it soon: the timestamp is signed)`,
      ),
  );
  lines.push(indent(curlCommand(r)));
  if (r.dryRun) {
    const safety = r.safety;
    lines.push('');
    lines.push(
      ...wrapText(
        safety && !safety.readOnly
          ? `Not sent. This request can change the account (${safety.reason}): --send asks before sending it (--send --yes does not ask).`
          : `Not sent. --send sends it and explains the answer${safety ? ` (${safety.reason})` : ''}.`,
        style.width,
        0,
      ),
    );
  }
  if (r.notes.length > 0) {
    lines.push('');
    lines.push(c.bold('Notes'));
    for (const n of r.notes) lines.push(`   ${style.status('warn')} ${n}`);
  }
  if (r.response) {
    lines.push('');
    lines.push(c.bold('6. Response'));
    const res = r.response;
    if (res.failure) {
      lines.push(`   ${style.status('error')} no answer: ${describeFailure(res.failure)}`);
    } else {
      lines.push(`   HTTP ${res.status} in ${res.ms} ms`);
      lines.push(indent(res.body ?? ''));
    }
    if (res.explanation) {
      const e = res.explanation;
      lines.push('');
      lines.push(`   ${style.status('fail')} ${e.code} ${e.title} [${e.category}]`);
      lines.push(`     ${e.meaning}`);
      e.fixes.forEach((f, i) => lines.push(`     ${i + 1}. ${f}`));
      lines.push(c.dim(`     More: xcred explain ${r.exchange} ${e.code}`));
    }
  }
  return lines.join('\n');
}
