import { allApis } from '../exchanges/registry.js';
import { lazyRequire } from '../io/lazy-require.js';
import { maskUrlUserinfoIn } from './redact-url.js';

// Values the output boundary (src/render/output.ts) must never print in clear,
// as a second line of defence behind the Secret type itself:
//  - secret values (raw, base64, hex) become "[redacted]";
//  - API keys become their mask (a hostile server can echo the request back).
// Replacement is by substring, so a value short enough to be an ordinary word
// ("null", "mexc") would rewrite unrelated text: values under SCRUB_MIN_LENGTH
// are not scrubbed. Such a secret is far shorter than any exchange's secret and
// fails the credentials check on its own (see core/credentials/lint.ts); xcred
// itself never prints a secret, whatever its length.
export const SCRUB_MIN_LENGTH = 12;
const secrets = new Set<string>();
const identifiers = new Map<string, string>();
let ordered: Array<[string, string]> | null = null;

// node:crypto is loaded on first use, not with this file: the output boundary
// imports it, and help, usage errors and most reports never hash anything
// (loading node:crypto costs ~7 ms of a ~45 ms start).
/** `sha256:1a2b3c4d`: lets two people compare secrets without showing either. */
export function fingerprint(value: string): string {
  const { createHash } = lazyRequire('node:crypto') as typeof import('node:crypto');
  return 'sha256:' + createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8);
}

/** True when the value has the shape of some exchange's secret (a key and secret pasted the wrong way round). */
export function hasSecretShape(value: string): boolean {
  return allApis().some((e) => e.secretShape.pattern.test(value.trim()));
}

/**
 * `mx0v…hfqq` for identifiers long enough to keep their edges; `…` otherwise.
 * A value shaped like a secret (key and secret swapped) shows no character at
 * all, only its length and fingerprint.
 */
export function maskIdentifier(value: string): string {
  if (hasSecretShape(value)) return `[secret-shaped value: len ${value.length}, ${fingerprint(value)}]`;
  // More than an identifier (`NAME=value`, `key:secret`, words): its edges may be a secret's, so none is shown.
  if (/[=:]|\s/.test(value.trim())) return `[not a key: len ${value.length}, ${fingerprint(value)}]`;
  if (value.length >= 12) return `${value.slice(0, 4)}…${value.slice(-4)}`;
  return '…';
}

function remember(value: string, replacement: string, into: 'secret' | 'identifier'): void {
  if (value.length < SCRUB_MIN_LENGTH) return;
  if (into === 'secret') secrets.add(value);
  else identifiers.set(value, replacement);
  ordered = null;
}

/** The forms a value can take on its way out: raw, base64, hex, inside a JSON string, percent-encoded. */
function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const percent = encodeURIComponent(value);
  return [
    value,
    bytes.toString('base64'),
    bytes.toString('hex'),
    JSON.stringify(value).slice(1, -1),
    percent,
    percent.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()), // RFC 3986, as the MEXC signer encodes
  ];
}

/** Register a secret value (and the encodings a leak could take) for the output boundary. */
export function registerSecret(value: string): void {
  if (value.length < SCRUB_MIN_LENGTH) return;
  for (const form of new Set(encodings(value))) remember(form, '[redacted]', 'secret');
}

/** Register an API key: wherever it would be printed (a response that echoes the request), its mask is printed instead. */
export function registerApiKey(value: string): void {
  remember(value, maskIdentifier(value), 'identifier');
}

/**
 * A secret held in memory. toString, toJSON and util.inspect give a mask, so
 * printing it by accident prints nothing secret. reveal() is the only way in.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    registerSecret(value);
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  get fingerprint(): string {
    return fingerprint(this.#value);
  }

  /** `len 32, sha256:1a2b3c4d`: never any character of the value. */
  describe(): string {
    return `len ${this.#value.length}, ${this.fingerprint}`;
  }

  toString(): string {
    return `[secret ${this.describe()}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  // util.inspect.custom, by its registered name (without loading node:util).
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function replacements(): Array<[string, string]> {
  if (!ordered) {
    const all: Array<[string, string]> = [...[...secrets].map((s): [string, string] => [s, '[redacted]']), ...identifiers];
    // Longest first, so a value that contains another is replaced whole.
    ordered = all.sort((a, b) => b[0].length - a[0].length);
  }
  return ordered;
}

/**
 * At most `max` characters of outside text, scrubbed before it is cut: a cut
 * through a registered value would leave a prefix the scrubber no longer knows.
 */
export function excerpt(text: string, max: number): string {
  const clean = scrub(text);
  return clean.length > max ? clean.slice(0, max - 1) + '…' : clean;
}

/** Text with every registered secret and API key replaced by its mask, and credentials inside URLs masked. */
export function scrub(text: string): string {
  let out = maskUrlUserinfoIn(text);
  for (const [value, mask] of replacements()) {
    if (out.includes(value)) out = out.split(value).join(mask);
  }
  return out;
}

/**
 * The same for a value about to be printed as JSON: every string (keys too) is
 * scrubbed and nothing else is touched, so the document stays valid whatever
 * the secret looks like.
 */
export function scrubJson(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(scrubJson);
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return scrubJson((value as { toJSON(): unknown }).toJSON());
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[scrub(k)] = scrubJson(v);
    return out;
  }
  return value;
}
