import { InputError } from '../errors.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Parse a Crypto.com params object, turning every bare JSON number into the
 * string it was written as. Languages format numbers differently (8000.000 vs
 * 8000, 1e21), which breaks the signature; the docs say to send strings.
 * Returns the numbers it quoted so the caller can warn.
 */
export function parseParamsObject(text: string, what: string): { params: JsonObject; quoted: string[] } {
  const quoted: string[] = [];
  const out = mapJsonNumbers(text, (raw) => {
    quoted.push(raw);
    return JSON.stringify(raw);
  });
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch (err) {
    throw new InputError(`${what} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${what} must be a JSON object such as '{"instrument_name":"BTC_USDT"}'`);
  }
  return { params: value as JsonObject, quoted };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON text with every bare number (outside strings) replaced by what
 * `replace` returns for the number's text, as written: `1.0` stays "1.0".
 * The one scanner behind every place that must not lose how a number was
 * written (signatures cover the text, not the value).
 */
export function mapJsonNumbers(text: string, replace: (raw: string) => string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    NUMBER.lastIndex = i;
    const m = ch === '-' || (ch >= '0' && ch <= '9') ? NUMBER.exec(text) : null;
    if (m) {
      out += replace(m[0]);
      i += m[0].length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

// A marker no JSON string from outside can start with: random per process.
const MARK = `\u0000${Math.random().toString(36).slice(2)}${Date.now().toString(36)}:`;

/** JSON.parse with every bare number given to `wrap` as the text it was written as; undefined when the text is not JSON. */
export function parseJsonKeepingNumbers<T>(text: string, wrap: (raw: string) => T): unknown {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const marked = mapJsonNumbers(text, (raw) => JSON.stringify(MARK + raw));
  return JSON.parse(marked, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? wrap(v.slice(MARK.length)) : v));
}
