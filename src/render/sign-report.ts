import type { SignedRequest } from '../core/signing.js';
import type { Style } from './style.js';
import { shqWithVar } from './shell.js';
import { maskUrlUserinfoIn } from '../core/redact-url.js';
import { describeFailure, requestReached, type HttpFailure } from '../net/failure.js';
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
  /** How this API names things, from its signer. */
  labels: { time: string; path: 'Endpoint' | 'Method'; howSigned: string; extraRows: Array<[string, string]> };
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

/** What may be shown of a request part: the API key masked (unless --show-key), credentials in URLs masked always. */
export function showable(r: SignReport, s: string): string {
  return maskUrlUserinfoIn(r.showKey ? s : s.split(r.apiKey).join(r.apiKeyMasked));
}

export function curlCommand(r: SignReport): string {
  // Credentials inside the URL are masked: the command then needs them put back by hand, which is the point.
  const q = (s: string) => (r.showKey ? shqWithVar(maskUrlUserinfoIn(s), '\u0000', '') : shqWithVar(maskUrlUserinfoIn(s), r.apiKey, r.apiKeyVar));
  const parts = [`curl -sS -X ${r.signed.method} ${q(r.signed.url)}`];
  for (const [k, v] of Object.entries(r.signed.headers)) parts.push(`-H ${q(`${k}: ${v}`)}`);
  if (r.signed.body !== null && r.signed.body !== '') parts.push(`--data-raw ${q(r.signed.body)}`);
  return parts.join(' \\\n  ');
}

export function renderSignReport(r: SignReport, style: Style): string {
  const { c } = style;
  const mask = (s: string) => showable(r, s);
  const isMethod = r.labels.path === 'Method';
  const lines: string[] = [];
  lines.push(c.bold(`xcred sign ${r.exchange}: ${r.title}`) + (r.dryRun ? c.dim('  (dry run: nothing sent)') : ''));
  lines.push('');
  lines.push(c.bold('1. Inputs'));
  const when = new Date(r.time).toISOString();
  const rows: Array<[string, string]> = [
    ['API key', `${r.showKey ? r.apiKey : r.apiKeyMasked} (len ${r.apiKey.length}, from ${r.apiKeySource})`],
    ['Secret', `${r.secretDescription} (from ${r.secretSource}; never shown)`],
    ['Base URL', `${mask(r.signed.url.split(isMethod ? '/' + r.path : r.path)[0]!)} (${r.baseUrlSource})`],
    [r.labels.path, isMethod ? r.path : `${r.signed.method} ${r.path}`],
    [r.labels.time, `${r.time} (${when})`],
    ...r.labels.extraRows,
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) lines.push(`   ${k.padEnd(width)}  ${v}`);
  lines.push('');
  const how = r.labels.howSigned;
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
      lines.push(
        requestReached(res.failure) === false
          ? '     The request never left this machine: nothing reached the exchange.'
          : `     The request may have reached the exchange${r.safety && !r.safety.readOnly ? ': check its open orders and history before sending it again' : ''}.`,
      );
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
