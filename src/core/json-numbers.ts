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
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if ((ch === '-' || (ch >= '0' && ch <= '9')) && m) {
      quoted.push(m[0]);
      out += `"${m[0]}"`;
      i += m[0].length - 1;
      continue;
    }
    out += ch;
  }
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
