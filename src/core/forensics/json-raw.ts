import { parseJsonKeepingNumbers } from '../json-numbers.js';

// JSON read without losing how its numbers were written: `1.0` and `1` are
// the same number to JSON.parse but not to a client that signed "1.0".
// Numbers become RawNumber objects holding their text.

export class RawNumber {
  constructor(readonly raw: string) {}
  /** What JavaScript's String(Number(x)) gives: the official JS reference. */
  get js(): string {
    return String(Number(this.raw));
  }
}

export type RawJson = string | RawNumber | boolean | null | RawJson[] | { [key: string]: RawJson };

/** Parse JSON text, keeping each number's text; undefined when it is not JSON. */
export function parseRawJson(text: string): RawJson | undefined {
  return parseJsonKeepingNumbers(text, (raw) => new RawNumber(raw)) as RawJson | undefined;
}

export function isObject(v: RawJson | undefined): v is { [key: string]: RawJson } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);
}

/** JSON text again; numbers as written unless `number` says otherwise. */
export function stringifyRaw(
  v: RawJson,
  opts: { sortKeys?: boolean; itemSep?: string; keySep?: string; number?: (n: RawNumber) => string; asciiOnly?: boolean } = {},
): string {
  const itemSep = opts.itemSep ?? ',';
  const keySep = opts.keySep ?? ':';
  const num = opts.number ?? ((n: RawNumber) => n.raw);
  const str = (s: string) => {
    const j = JSON.stringify(s);
    return opts.asciiOnly ? j.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) : j;
  };
  const walk = (x: RawJson): string => {
    if (x instanceof RawNumber) return num(x);
    if (x === null) return 'null';
    if (typeof x === 'boolean') return String(x);
    if (typeof x === 'string') return str(x);
    if (Array.isArray(x)) return '[' + x.map(walk).join(itemSep) + ']';
    const keys = Object.keys(x);
    if (opts.sortKeys) keys.sort();
    return '{' + keys.map((k) => str(k) + keySep + walk(x[k]!)).join(itemSep) + '}';
  };
  return walk(v);
}

/** Python's repr() of the float a JSON number becomes (ints stay as written). */
export function pythonNumber(n: RawNumber): string {
  if (!/[.eE]/.test(n.raw)) return n.raw.replace(/^-0$/, '0');
  const x = Number(n.raw);
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return n.raw.startsWith('-') ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp >= -4 && exp < 16) {
    // Fixed notation with at least one digit after the point.
    let s: string;
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      s = intPart + '.' + (frac || '0');
    } else {
      s = '0.' + '0'.repeat(-exp - 1) + digits;
    }
    return sign + s;
  }
  const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Java's BigDecimal(x).stripTrailingZeros().toPlainString(): no exponent, no trailing zeros. */
export function plainNumber(n: RawNumber): string {
  const x = Number(n.raw);
  if (!Number.isFinite(x)) return n.raw;
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  if (exp >= digits.length - 1) return sign + digits + '0'.repeat(exp - digits.length + 1);
  if (exp >= 0) return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  return sign + '0.' + '0'.repeat(-exp - 1) + digits;
}
