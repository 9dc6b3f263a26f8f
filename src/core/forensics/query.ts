import { rfc3986 } from '../encoding.js';

// Query strings as sent, and the ways clients re-encode them. Used by the
// forensics of query-signing APIs to rebuild what a client may have signed.

export interface QueryPair {
  key: string;
  value: string;
  /** "k" alone (no "=") is written back as it came. */
  hasEq: boolean;
}

/** Split a raw query string into pairs, keeping every byte (no decoding). */
export function parseQuery(raw: string): QueryPair[] {
  if (raw === '') return [];
  return raw
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? { key: p, value: '', hasEq: false } : { key: p.slice(0, i), value: p.slice(i + 1), hasEq: true };
    });
}

export function pairText(p: QueryPair): string {
  return p.hasEq ? `${p.key}=${p.value}` : p.key;
}

export function formatPairs(pairs: readonly QueryPair[]): string {
  return pairs.map(pairText).join('&');
}

/** %XX decoding only ("+" stays "+"); malformed escapes are left as they are. */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(%[0-9A-Fa-f]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

const hex = (c: string) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/** Python urllib.parse.quote(s, safe=''), UTF-8, spaces as %20. */
function pythonQuote(s: string, safe: string): string {
  return Array.from(new TextEncoder().encode(s))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

/** Letters, digits and - . _ : left alone by every encoder below. */
const PLAIN = /^[A-Za-z0-9_.-]*$/;
const plainOr = (f: (s: string) => string) => (s: string) => (PLAIN.test(s) ? s : f(s));

/** The encoders clients use, applied to a decoded value. The hint says how each differs from RFC 3986. */
export const ENCODERS: ReadonlyArray<{ id: string; encode(s: string): string; hint: string }> = ([
  { id: 'rfc3986', encode: rfc3986, hint: 'percent-encoded (RFC 3986, uppercase %XX)' },
  { id: 'uri-component', encode: encodeURIComponent, hint: "with encodeURIComponent, which leaves ( ) ! ' * unencoded" },
  {
    id: 'form',
    encode: (s: string) => new URLSearchParams([['', s]]).toString().slice(1),
    hint: 'form-encoded (URLSearchParams, urlencode: spaces as "+")',
  },
  { id: 'python-quote', encode: (s: string) => pythonQuote(s, '/'), hint: 'with Python quote(), which leaves "/" unencoded' },
  { id: 'python-quote-plus', encode: (s: string) => pythonQuote(s.replace(/ /g, '\u0000'), '').replace(/%00/g, '+'), hint: 'with Python quote_plus() (spaces as "+")' },
  { id: 'escape-all', encode: (s: string) => s.replace(/[^A-Za-z0-9]/g, (c) => (c.charCodeAt(0) < 128 ? hex(c) : encodeURIComponent(c))), hint: 'with every non-alphanumeric character percent-encoded' },
] as const).map((e) => ({ ...e, encode: e.id === 'escape-all' ? e.encode : plainOr(e.encode) }));

export function lowerPercent(s: string): string {
  return s.replace(/%[0-9A-Fa-f]{2}/g, (m) => m.toLowerCase());
}

export function upperPercent(s: string): string {
  return s.replace(/%[0-9A-Fa-f]{2}/g, (m) => m.toUpperCase());
}

/** The first pair that differs between two lists of the same length, as "sent" and "signed" text. */
export function firstDifference(sent: readonly QueryPair[], signed: readonly QueryPair[]): { sent: string; signed: string } | null {
  for (let i = 0; i < Math.min(sent.length, signed.length); i++) {
    const a = pairText(sent[i]!);
    const b = pairText(signed[i]!);
    if (a !== b) return { sent: a, signed: b };
  }
  return null;
}

/** Quote a fragment for a sentence: backticks, shortened in the middle when long. */
export function quote(text: string, max = 60): string {
  const t = text.length > max ? `${text.slice(0, max / 2 - 1)}…${text.slice(-(max / 2 - 1))}` : text;
  return '`' + t + '`';
}

/** "a, b, c" (names only: values may be long). */
export function keyOrder(pairs: readonly QueryPair[], max = 6): string {
  const keys = pairs.map((p) => p.key);
  return keys.length > max ? keys.slice(0, max).join(', ') + ', …' : keys.join(', ');
}

/**
 * Every other order of a short list (up to `max` items, so at most 119 orders
 * for 5): for clients whose HTTP library re-orders what they signed (Go's
 * url.Values.Encode sorts by name, some builders use hash maps).
 */
export function otherOrders<T>(items: readonly T[], max = 5): T[][] {
  if (items.length < 2 || items.length > max) return [];
  const out: T[][] = [];
  const a = [...items];
  const c = new Array<number>(a.length).fill(0);
  let i = 1;
  while (i < a.length) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      out.push([...a]);
      c[i]!++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}
