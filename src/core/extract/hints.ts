import type { ExchangeHint } from './types.js';

// Which exchange a body belongs to: the ccxt exception and exchange id just
// before it, the host of a URL on its line, or a known name there.

/**
 * ccxt writes `<Class>: <exchange id> <body>`: `AuthenticationError: mexc {`,
 * `[ExchangeError] cryptocom {`, `ccxt.base.errors.InvalidOrder: mexc {`,
 * PHP's `ccxt\AuthenticationError: mexc {`; freqtrade `... Message: mexc {`.
 * Tested on the two words before the body, never with a scan of the line.
 */
const EXCEPTION_WORD = /^\[?((?:[\w.\\]*[.\\])?(?:[A-Z][A-Za-z]*)?(?:Error|Exception|NotAvailable|Nonce|Order|Funds|Symbol|Denied|Timeout|Protection|Exceeded|NotSupported|Request|Response))\]?:?$|^Message:$/;
const EXCHANGE_WORD = /^['"(\[]*([a-z][a-z0-9_.]{1,24})$/i;

/** The exception class and exchange id just before a body (`... AuthenticationError: mexc `), or a known name there. */
const NO_PREFIX = { exception: null, hint: null, ccxt: false } as const;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function beforeBody(text: string, from: number, to: number, names: ReadonlyMap<string, string[]>): { exception: string | null; hint: ExchangeHint | null; ccxt: boolean } {
  // The two words just before the body, read backwards (no split: this runs for every finding of a big log).
  let e = to;
  if (e <= from || !isSpace(text.charCodeAt(e - 1))) return NO_PREFIX;
  while (e > from && isSpace(text.charCodeAt(e - 1))) e--;
  let s = e;
  while (s > from && !isSpace(text.charCodeAt(s - 1))) s--;
  if (e - s < 2 || e - s > 30) return NO_PREFIX;
  const exchange = EXCHANGE_WORD.exec(text.slice(s, e));
  if (!exchange) return NO_PREFIX;
  let e2 = s;
  while (e2 > from && isSpace(text.charCodeAt(e2 - 1))) e2--;
  let s2 = e2;
  while (s2 > from && e2 - s2 < 120 && !isSpace(text.charCodeAt(s2 - 1))) s2--;
  const name = exchange[1]!.toLowerCase();
  const cls = EXCEPTION_WORD.exec(text.slice(s2, e2));
  if (cls && /^[a-z]/.test(exchange[1]!)) return { exception: cls[1] ?? null, hint: { name, apis: names.get(name) ?? [], via: 'ccxt' }, ccxt: true };
  const apis = names.get(name);
  return apis ? { exception: null, hint: { name, apis, via: 'ccxt' }, ccxt: false } : NO_PREFIX;
}


const URL_HOST = /https?:\/\/([a-z0-9.-]+)/gi;

/** Names and hosts of the registered exchange APIs, and the hint each line gives (cached: several bodies share a line). */
export class LineHints {
  readonly names = new Map<string, string[]>();
  private readonly hosts = new Map<string, string[]>();
  private readonly anyName: RegExp | null;
  private readonly cache = new Map<number, ExchangeHint | null>();

  constructor(exchanges: ReadonlyArray<{ id: string; names: readonly string[]; hosts: readonly string[] }>) {
    for (const ex of exchanges) {
      for (const n of ex.names) this.names.set(n.toLowerCase(), [...(this.names.get(n.toLowerCase()) ?? []), ex.id]);
      for (const h of ex.hosts) this.hosts.set(h.toLowerCase(), [...(this.hosts.get(h.toLowerCase()) ?? []), ex.id]);
    }
    const escape = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.anyName = this.names.size > 0 ? new RegExp(`(?<![\\w])(?:${[...this.names.keys()].map(escape).join('|')})(?![\\w])`, 'gi') : null;
  }

  /** The exchange line `li` names by its URL host, or by a name on it (bot logger paths, "MEXC[mexc]"). */
  of(li: number, line: string): ExchangeHint | null {
    const cached = this.cache.get(li);
    if (cached !== undefined) return cached;
    let found: ExchangeHint | null = null;
    if (line.includes('://')) {
      URL_HOST.lastIndex = 0;
      for (let m = URL_HOST.exec(line); m && !found; m = URL_HOST.exec(line)) {
        const apis = this.hosts.get(m[1]!.toLowerCase());
        if (apis) found = { name: m[1]!.toLowerCase(), apis, via: 'host' };
      }
    }
    if (!found && this.anyName) {
      this.anyName.lastIndex = 0;
      for (let m = this.anyName.exec(line); m; m = this.anyName.exec(line)) {
        const name = m[0].toLowerCase();
        const apis = this.names.get(name)!;
        if (found && found.apis.join() !== apis.join()) {
          found = null; // two exchanges on one line: no hint
          break;
        }
        found = { name, apis, via: 'name' };
      }
    }
    this.cache.set(li, found);
    return found;
  }
}
