import type { ApiFacts } from '../../exchanges/contract.js';
import type { PairingNote } from './resolve.js';

// Findings about a credential value before any request is sent. Each says
// where (1-based character position) and how to fix it. Never includes the value.

export type LintSeverity = 'fail' | 'warn';

export interface LintFinding {
  field: 'apiKey' | 'secret';
  severity: LintSeverity;
  kind:
    | 'empty'
    | 'invisible'
    | 'non-ascii'
    | 'whitespace'
    | 'quotes'
    | 'newline'
    | 'placeholder'
    | 'shape'
    | 'swapped'
    | 'web-token'
    | 'same-value'
    | 'key-holds-secret'
    | 'key-holds-more'
    | 'mixed-pair'
    | 'too-short'
    | 'dotenv';
  message: string;
  fix: string;
}

const NAMED: Record<number, string> = {
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'BYTE ORDER MARK',
  0x00a0: 'NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x2007: 'FIGURE SPACE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x201c: 'LEFT DOUBLE QUOTATION MARK',
  0x201d: 'RIGHT DOUBLE QUOTATION MARK',
  0x2018: 'LEFT SINGLE QUOTATION MARK',
  0x2019: 'RIGHT SINGLE QUOTATION MARK',
  0x2010: 'HYPHEN',
  0x2011: 'NON-BREAKING HYPHEN',
  0x2012: 'FIGURE DASH',
  0x2013: 'EN DASH',
  0x2014: 'EM DASH',
  0x2015: 'HORIZONTAL BAR',
  0x2026: 'HORIZONTAL ELLIPSIS (a value shortened for display)',
};

const PLACEHOLDERS = [
  /^your[_-]?(api[_-]?)?(key|secret)([_-]?here)?$/i,
  /^your[_-].*[_-]here$/i,
  /^(placeholder|changeme|change[_-]me|xxx+|dummy|test|example|secret|apikey|api[_-]key|todo|none|null|undefined)$/i,
  /^<.*>$/,
  /^\$\{?[A-Z_]+\}?$/,
  // Copied from a README or a log that elides the value: `mx0v...`, `...`, `mx0v…hfqq`.
  /\.\.\.|\u2026/,
  // A prefix then a run of x or * standing for the rest: `mx0vXXXXXXXX`, `********`.
  /^[A-Za-z0-9_]{0,6}(x{6,}|X{6,}|\*{4,})$/,
];

const codePoint = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

const WHITESPACE_NAMES: Record<number, string> = {
  0x09: 'CHARACTER TABULATION (tab)',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x20: 'SPACE',
};

export interface OddCharacter {
  /** 1-based, in characters (code points), as an editor counts. */
  position: number;
  codePoint: string;
  name: string;
  kind: 'leading-whitespace' | 'trailing-whitespace' | 'line-break' | 'invisible' | 'non-ascii' | 'control';
}

/**
 * Every character in a value that a copy can silently gain or lose: whitespace
 * at either end, line breaks, invisible and non-ASCII characters, with positions.
 */
export function oddCharacters(value: string): OddCharacter[] {
  const chars = [...value];
  const lead = chars.findIndex((ch) => !/\s/u.test(ch));
  const leadEnd = lead < 0 ? chars.length : lead;
  let trailStart = chars.length;
  while (trailStart > leadEnd && /\s/u.test(chars[trailStart - 1]!)) trailStart--;
  const out: OddCharacter[] = [];
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    const name = WHITESPACE_NAMES[cp] ?? NAMED[cp] ?? (cp < 0x20 || cp === 0x7f ? 'CONTROL CHARACTER' : cp > 0x7e ? 'NON-ASCII CHARACTER' : '');
    let kind: OddCharacter['kind'] | null = null;
    if (i < leadEnd) kind = 'leading-whitespace';
    else if (i >= trailStart) kind = 'trailing-whitespace';
    else if (cp === 0x0a || cp === 0x0d) kind = 'line-break';
    else if (cp === 0xfeff || (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0x00ad || cp === 0x00a0) kind = 'invisible';
    else if (cp < 0x20 || cp === 0x7f) kind = 'control';
    else if (cp > 0x7e) kind = 'non-ascii';
    if (kind) out.push({ position: i + 1, codePoint: codePoint(cp), name, kind });
  });
  return out;
}

export function lintValue(field: 'apiKey' | 'secret', value: string): LintFinding[] {
  const name = field === 'apiKey' ? 'API key' : 'secret';
  const out: LintFinding[] = [];
  if (value.length === 0) {
    out.push({ field, severity: 'fail', kind: 'empty', message: `the ${name} is empty`, fix: `set the ${name}` });
    return out;
  }
  // Edges that are only line breaks are told once, by the line-break finding below.
  if (/^\s|\s$/.test(value) && /^[^\S\r\n]|[^\S\r\n]$/.test(value.replace(/^[\r\n]+|[\r\n]+$/g, ''))) {
    const where = /^\s/.test(value) ? 'leading' : 'trailing';
    const at = oddCharacters(value).filter((c) => c.kind === `${where}-whitespace`);
    out.push({
      field,
      severity: 'fail',
      kind: 'whitespace',
      message: `the ${name} has ${where} whitespace (${at.map((c) => `${c.codePoint} ${c.name} at position ${c.position}`).join(', ')})`,
      fix: `remove the spaces around the ${name} (in .env, quote nothing or trim the value)`,
    });
  }
  // Inside the value (the edges are told above): no exchange key or secret holds whitespace; a paste gone wrong.
  const chars = [...value.trim()];
  const inner = chars.findIndex((ch) => /[^\S\r\n]/u.test(ch));
  if (inner >= 0) {
    const cp = chars[inner]!.codePointAt(0)!;
    const label = WHITESPACE_NAMES[cp] ? ` ${WHITESPACE_NAMES[cp]}` : '';
    out.push({
      field,
      severity: 'fail',
      kind: 'whitespace',
      message: `the ${name} contains ${codePoint(cp)}${label} at position ${[...value].length - [...value.trimStart()].length + inner + 1}`,
      fix: `exchange keys and secrets have no whitespace in them: copy the ${name} again from the exchange`,
    });
  }
  if (/[\r\n]/.test(value)) {
    out.push({
      field,
      severity: 'fail',
      kind: 'newline',
      message: `the ${name} contains a line break (${value.includes('\r') ? 'CR, a Windows line ending' : 'LF'}) at position ${value.search(/[\r\n]/) + 1}`,
      fix: value.includes('\r')
        ? 'remove the carriage return: it comes from a file saved with Windows line endings (a .env sourced by a shell, docker --env-file, a secret file): convert that file (dos2unix FILE) or set the value again'
        : 'remove the line break: a value read from a file or `echo` keeps its newline: set it again without it (printf %s, not echo)',
    });
  }
  if (/^["'`]|["'`]$/.test(value)) {
    out.push({
      field,
      severity: 'fail',
      kind: 'quotes',
      message: `the ${name} has quote characters inside it (position ${/^["'`]/.test(value) ? 1 : value.length})`,
      fix: 'quotes became part of the value: in systemd EnvironmentFile or Docker --env-file, write KEY=value without quotes',
    });
  }
  let index = 0;
  for (const ch of value) {
    index++;
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x21 && cp <= 0x7e) continue;
    if (cp === 0x20 || cp === 0x0a || cp === 0x0d) continue; // reported above
    const label = NAMED[cp] ?? (cp < 0x20 || cp === 0x7f ? 'CONTROL CHARACTER' : 'NON-ASCII CHARACTER');
    const invisible = cp === 0xfeff || (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0x00ad || cp === 0x00a0 || cp < 0x20;
    out.push({
      field,
      severity: 'fail',
      kind: invisible ? 'invisible' : 'non-ascii',
      message: `the ${name} contains ${codePoint(cp)} ${label} at position ${index}`,
      fix: `exchange keys are plain ASCII: retype the ${name} or copy it again from the exchange (not from a chat, PDF or word processor)`,
    });
  }
  if (PLACEHOLDERS.some((p) => p.test(value.trim()))) {
    out.push({ field, severity: 'fail', kind: 'placeholder', message: `the ${name} is a placeholder, not a real value`, fix: `put the real ${name} from the exchange's API management page` });
  }
  return out;
}

/** A secret far shorter than the exchange's documented length: a failure, not a shape warning. */
function tooShort(exchange: ApiFacts, secret: string): LintFinding | null {
  const expected = exchange.secretLength;
  if (expected === null || secret.length === 0 || secret.length * 2 >= expected) return null;
  return {
    field: 'secret',
    severity: 'fail',
    kind: 'too-short',
    message: `the secret is ${secret.length} characters: far too short for a ${exchange.exchangeTitle} secret (${exchange.secretShape.description})`,
    fix: 'copy the whole secret again from where it was saved (the exchange shows it only once); if it is lost, create a new key',
  };
}

/**
 * Why authenticated probes must not be sent with this pair, or null: a value
 * shaped like the secret in the key's place would travel in a request header.
 */
export function probesWithheld(findings: readonly LintFinding[]): string | null {
  if (findings.some((f) => f.kind === 'swapped' || f.kind === 'same-value')) {
    return 'not sent: the API key looks like the secret, and a key travels in a request header (swap the values first)';
  }
  if (findings.some((f) => f.kind === 'key-holds-secret' || f.kind === 'key-holds-more')) {
    return 'not sent: the API key holds more than a key (it may carry the secret), and a key travels in a request header';
  }
  return null;
}

/** Lint a key/secret pair for an exchange: each value, then the pair's shape. */
export function lintCredentials(exchange: ApiFacts, apiKey: string | null, secret: string | null): LintFinding[] {
  const out: LintFinding[] = [];
  if (apiKey !== null) out.push(...lintValue('apiKey', apiKey));
  if (secret !== null) out.push(...lintValue('secret', secret));
  const key = apiKey?.trim() ?? null;
  const sec = secret?.trim() ?? null;
  const token = exchange.browserSessionToken;
  if (key && token && token.patterns.some((p) => p.test(key))) {
    out.push({ field: 'apiKey', severity: 'fail', kind: 'web-token', message: token.lint.message, fix: token.lint.fix });
    return out;
  }
  const short = sec !== null ? tooShort(exchange, sec) : null;
  if (short && !out.some((f) => f.field === 'secret' && f.severity === 'fail')) out.push(short);
  if (key && sec && key === sec) {
    out.push({ field: 'secret', severity: 'fail', kind: 'same-value', message: 'the API key and the secret are the same value', fix: 'one of them was pasted twice: copy both again' });
    return out;
  }
  // A whole line pasted as the key (`MEXC_SECRET_KEY=…`, `key:secret`): whatever it holds would travel in a request header.
  if (key && sec && sec.length >= 8 && key.includes(sec)) {
    out.push({
      field: 'apiKey',
      severity: 'fail',
      kind: 'key-holds-secret',
      message: 'the API key contains the secret (a whole line such as `NAME=value` or `key:secret` was pasted as the key)',
      fix: `put only the API key (${exchange.keyShape.description}) in the key's place`,
    });
    return out;
  }
  if (key && /[=:]|\s/.test(key)) {
    out.push({
      field: 'apiKey',
      severity: 'fail',
      kind: 'key-holds-more',
      message: `the API key holds more than a key (it contains ${/\s/.test(key) ? 'whitespace' : `"${key.match(/[=:]/)![0]}"`}): a line such as \`NAME=value\` or \`key:secret\` was pasted as the key`,
      fix: `put only the API key (${exchange.keyShape.description}) in the key's place`,
    });
    return out;
  }
  if (key && sec && !exchange.keyShape.pattern.test(key) && exchange.keyShape.pattern.test(sec) && exchange.secretShape.pattern.test(key)) {
    out.push({
      field: 'apiKey',
      severity: 'fail',
      kind: 'swapped',
      message: 'the API key and the secret look swapped (the key has the secret\'s shape and the other way round)',
      fix: `swap them: the key is ${exchange.keyShape.description}, the secret is ${exchange.secretShape.description}`,
    });
    return out;
  }
  if (key && !out.some((f) => f.field === 'apiKey') && !exchange.keyShape.pattern.test(key)) {
    out.push({
      field: 'apiKey',
      severity: 'warn',
      kind: 'shape',
      message: `the API key does not look like a ${exchange.exchangeTitle} key (expected ${exchange.keyShape.description}, got ${key.length} characters)`,
      fix: 'check that this is the key for this exchange and that it was copied whole',
    });
  }
  if (sec && !out.some((f) => f.field === 'secret') && !exchange.secretShape.pattern.test(sec)) {
    out.push({
      field: 'secret',
      severity: 'warn',
      kind: 'shape',
      message: `the secret does not look like a ${exchange.exchangeTitle} secret (expected ${exchange.secretShape.description}, got ${sec.length} characters)`,
      fix: 'check that the secret was copied whole and belongs to this exchange',
    });
  }
  return out;
}

/** A key and secret from different places, as a finding (none when they belong together). */
export function pairingFinding(pairing: PairingNote | null | undefined): LintFinding[] {
  if (!pairing || pairing.severity === 'info') return [];
  return [{ field: 'secret', severity: pairing.severity, kind: 'mixed-pair', message: pairing.message, fix: pairing.fix }];
}
