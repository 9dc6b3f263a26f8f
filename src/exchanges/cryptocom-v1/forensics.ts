import { isObject, parseRawJson, plainNumber, pythonNumber, RawNumber, stringifyRaw, type RawJson } from '../../core/forensics/json-raw.js';
import { quote } from '../../core/forensics/query.js';
import { CLOCK_READ_TWICE_MS } from '../../core/forensics/clock.js';
import type { ApiForensics, ClockWindow, PayloadVariant, SentRequest, SignedParts } from '../../core/forensics/types.js';

// Crypto.com Exchange (v1; legacy v2 signs the same way): sig =
// HMAC(secret, method + id + api_key + paramString + nonce), paramString =
// the official JavaScript objectToString (keys sorted at every level, key +
// value with no separators, arrays flattened without indexes). The variants
// are the other official snippets (Python, Java), ccxt's paramsToString, and
// the mistakes users report (shared/reference/cryptocom-api.md §1, §6, §7).

type Obj = { [key: string]: RawJson };

/** The value as JSON.parse gives it. */
function toPlain(v: RawJson | undefined): unknown {
  if (v instanceof RawNumber) return Number(v.raw);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** String(value) in JavaScript, for the parsed value: what the reference concatenates. */
const jsText = (v: RawJson | undefined) => String(toPlain(v));

interface Style {
  sort: 'all' | 'top' | 'none';
  number(n: RawNumber): string;
  /** null: the key is left out. */
  nullText: string | null;
  bool(b: boolean): string;
  nested: 'flatten' | 'json' | 'object-Object';
  array: 'flatten' | 'indexed' | 'comma' | 'json';
}

const REFERENCE: Style = { sort: 'all', number: (n) => n.js, nullText: 'null', bool: String, nested: 'flatten', array: 'flatten' };

function flatten(v: RawJson, s: Style, depth: number): string {
  if (v instanceof RawNumber) return s.number(v);
  if (v === null) return s.nullText ?? '';
  if (typeof v === 'boolean') return s.bool(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    switch (s.array) {
      case 'flatten':
        return v.map((x) => flatten(x, s, depth + 1)).join('');
      case 'indexed':
        return v.map((x, i) => String(i) + flatten(x, s, depth + 1)).join('');
      case 'comma':
        return String(toPlain(v));
      case 'json':
        return JSON.stringify(toPlain(v));
    }
  }
  if (depth > 0 && s.nested === 'json') return JSON.stringify(toPlain(v));
  if (depth > 0 && s.nested === 'object-Object') return '[object Object]';
  const keys = Object.keys(v);
  if (s.sort === 'all' || (s.sort === 'top' && depth === 0)) keys.sort();
  let out = '';
  for (const k of keys) {
    const x = v[k]!;
    if (x === null && s.nullText === null) continue;
    out += k + flatten(x, s, depth + 1);
  }
  return out;
}

// --- The official Python example (MAX_LEVEL 3, str() of values, no recursion into dicts) ---

function pyRepr(v: RawJson): string {
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return pyStr(v);
}

function pyStr(v: RawJson): string {
  if (v instanceof RawNumber) return pythonNumber(v);
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  return '{' + Object.keys(v).map((k) => `${pyRepr(k)}: ${pyRepr(v[k]!)}`).join(', ') + '}';
}

class Crash extends Error {}

function pythonOfficial(obj: RawJson, level: number): string {
  if (level >= 3) return pyStr(obj);
  // sorted(obj) then obj[key]: anything but a dict raises TypeError (a list of strings crashes the example).
  if (!isObject(obj)) {
    if (obj === '') return '';
    throw new Crash();
  }
  let out = '';
  for (const key of Object.keys(obj).sort()) {
    out += key;
    const v = obj[key]!;
    if (v === null) out += 'null';
    else if (Array.isArray(v)) for (const sub of v) out += pythonOfficial(sub, level + 1);
    else out += pyStr(v);
  }
  return out;
}

// --- The official Java example (TreeMap, MAX_LEVEL 3 then toString(), BigDecimal for doubles) ---

function javaDouble(n: RawNumber): string {
  const x = Number(n.raw);
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const s = String(x);
    return s.includes('.') ? s : s + '.0';
  }
  const [m, e] = x.toExponential().split('e') as [string, string];
  return `${m.includes('.') ? m : m + '.0'}E${Number(e)}`;
}

function javaToString(v: RawJson): string {
  if (v instanceof RawNumber) return /[.eE]/.test(v.raw) ? javaDouble(v) : v.raw;
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'string') return String(v);
  if (Array.isArray(v)) return '[' + v.map(javaToString).join(', ') + ']';
  return '{' + Object.keys(v).map((k) => `${k}=${javaToString(v[k]!)}`).join(', ') + '}';
}

function javaOfficial(obj: RawJson, level: number): string {
  if (level >= 3) return javaToString(obj);
  if (Array.isArray(obj)) return obj.map((x) => javaOfficial(x, level + 1)).join('');
  if (!isObject(obj)) return obj instanceof RawNumber && /[.eE]/.test(obj.raw) ? plainNumber(obj) : javaToString(obj);
  let out = '';
  for (const key of Object.keys(obj).sort()) {
    out += key;
    const v = obj[key]!;
    if (v === null) out += 'null';
    else if (Array.isArray(v) || isObject(v)) out += javaOfficial(v, level + 1);
    else out += v instanceof RawNumber && /[.eE]/.test(v.raw) ? plainNumber(v) : javaToString(v);
  }
  return out;
}

// --- ccxt's cryptocom paramsToString (value.toString() for non-arrays) ---

function ccxtParams(obj: RawJson, level: number): string {
  if (level >= 3) return String(toPlain(obj));
  if (typeof obj === 'string') return obj;
  if (Array.isArray(obj)) throw new Crash(); // it would read the items as keys
  if (!isObject(obj)) return ''; // Object.keys(5) is []
  let out = '';
  for (const key of Object.keys(obj).sort()) {
    out += key;
    const v = obj[key]!;
    if (v === null) throw new Crash(); // null.toString()
    if (Array.isArray(v)) for (const sub of v) out += ccxtParams(sub, level + 1);
    else out += String(toPlain(v));
  }
  return out;
}

function attempt(f: () => string): string | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof Crash) return null;
    throw err;
  }
}

/** The first number in the params that a style writes differently from the reference. */
function firstNumber(v: RawJson, differs: (n: RawNumber) => boolean): RawNumber | null {
  if (v instanceof RawNumber) return differs(v) ? v : null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const hit = firstNumber(x, differs);
      if (hit) return hit;
    }
  } else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      const hit = firstNumber(v[k]!, differs);
      if (hit) return hit;
    }
  }
  return null;
}

interface Body {
  method: string;
  id: RawJson | undefined;
  apiKey: string;
  params: RawJson | undefined;
  nonce: RawJson | undefined;
}

function readBody(req: SentRequest): (Body & { sig: unknown; raw: Obj }) | null {
  const parsed = parseRawJson(req.body);
  if (!isObject(parsed)) return null;
  return { method: jsText(parsed.method), id: parsed.id, apiKey: jsText(parsed.api_key), params: parsed.params, nonce: parsed.nonce, sig: parsed.sig, raw: parsed };
}

const paramsText = (params: RawJson | undefined, s: Style = REFERENCE) => (params === null || params === undefined ? '' : flatten(params, s, 0));

const RULE = 'Crypto.com signs method + id + api_key + params + nonce';

export function cryptocomForensics(window: ClockWindow): ApiForensics {
  return {
    // The official Java verifySignature compares with equalsIgnoreCase.
    hexCase: 'any',

    extract(req) {
      const b = readBody(req);
      if (!b || typeof b.sig !== 'string') return null;
      const nonce = b.nonce;
      const raw = nonce instanceof RawNumber ? nonce.raw : typeof nonce === 'string' ? nonce : null;
      return {
        apiKey: typeof b.raw.api_key === 'string' ? b.raw.api_key : null,
        signature: b.sig,
        time: raw === null ? null : { label: 'nonce', raw, value: /^\d+$/.test(raw) ? Number(raw) : null },
      };
    },

    correct(req) {
      const b = readBody(req)!;
      return [b.method + jsText(b.id) + b.apiKey + paramsText(b.params) + jsText(b.nonce)];
    },

    variants(req: SentRequest, _parts: SignedParts): PayloadVariant[] {
      const b = readBody(req)!;
      const out: PayloadVariant[] = [];
      const id = jsText(b.id);
      const nonce = jsText(b.nonce);
      const ref = paramsText(b.params);
      const build = (o: Partial<{ method: string; id: string; apiKey: string; params: string; nonce: string }>) =>
        (o.method ?? b.method) + (o.id ?? id) + (o.apiKey ?? b.apiKey) + (o.params ?? ref) + (o.nonce ?? nonce);
      const add = (vid: string, o: Parameters<typeof build>[0], sentence: string) => out.push({ id: vid, payload: build(o), sentence });
      const params = b.params;

      // The params string.
      if (params !== null && params !== undefined) {
        const style = (s: Partial<Style>) => paramsText(params, { ...REFERENCE, ...s });
        const top = isObject(params) ? Object.keys(params) : [];
        add('params-keys-unsorted', { params: style({ sort: 'none' }) }, `Your client joins the params in the order it sends them (${top.slice(0, 5).join(', ')}${top.length > 5 ? ', …' : ''}) instead of sorted by key: sort the keys, at every level, before joining each key and its value, as Crypto.com does.`);
        add('params-nested-keys-unsorted', { params: style({ sort: 'top' }) }, 'Your client sorts the top-level params but not the keys of nested objects: Crypto.com sorts them at every level.');
        const numberStyles: Array<[string, (n: RawNumber) => string, (n: RawNumber, t: string) => string]> = [
          ['numbers-as-written', (n) => n.raw, (n) => `Your client signs numbers as written in the body (${quote(n.raw)}), but the exchange reads them as numbers (${quote(n.js)}): send every number as a string ("${n.raw}"), as the docs require, and sign that string.`],
          ['numbers-python-format', pythonNumber, (n, t) => `Your client writes numbers the Python way in the string to sign (${quote(t)} for ${quote(n.raw)}; the exchange gets ${quote(n.js)}): send every number as a string, as the docs require, and sign that string.`],
          ['numbers-plain-format', plainNumber, (n, t) => `Your client writes numbers without an exponent in the string to sign (${quote(t)}; the exchange gets ${quote(n.js)}): send every number as a string, as the docs require, and sign that string.`],
        ];
        for (const [vid, fmt, say] of numberStyles) {
          const n = firstNumber(params, (x) => fmt(x) !== x.js);
          if (n) add(vid, { params: style({ number: fmt }) }, say(n, fmt(n)));
        }
        add('null-as-None', { params: style({ nullText: 'None' }) }, 'Your client signs a null param as "None" (Python\'s str(None)) where the exchange signs "null": leave null params out of the request.');
        add('null-as-empty', { params: style({ nullText: '' }) }, 'Your client signs a null param as an empty string where the exchange signs "null": leave null params out of the request.');
        add('null-left-out', { params: style({ nullText: null }) }, 'Your client leaves null params out of the string to sign but sends them ("key": null): leave them out of the body too.');
        add('booleans-python', { params: style({ bool: (x) => (x ? 'True' : 'False') }) }, 'Your client signs booleans as True/False (Python\'s str()) where the exchange signs true/false: send booleans as the strings "true" and "false".');
        add('arrays-indexed', { params: style({ array: 'indexed' }) }, 'Your client puts array indexes into the string to sign: Crypto.com joins the items of an array one after the other, with no indexes or separators.');
        add('arrays-comma-joined', { params: style({ array: 'comma' }) }, 'Your client joins array items with commas (Array.toString, str.join): Crypto.com joins them with nothing between.');
        add('arrays-as-json', { params: style({ array: 'json' }) }, 'Your client writes arrays as JSON in the string to sign: Crypto.com joins their items (keys and values) with no brackets, quotes or separators.');
        add('nested-as-json', { params: style({ nested: 'json' }) }, 'Your client writes nested objects as JSON in the string to sign: Crypto.com flattens them as key + value, keys sorted, with no braces, quotes or separators.');
        add('nested-as-object-Object', { params: style({ nested: 'object-Object' }) }, 'Your client writes nested objects as "[object Object]" (value.toString()): flatten them as key + value, keys sorted, as the official JavaScript example does.');
        const py = attempt(() => pythonOfficial(params, 0));
        if (py !== null) {
          add('official-python-example', { params: py }, "Your client follows the official Python example, which writes values with Python's str() (True, 1.0, None, nested dicts as {'a': 'b'}) and stops at three levels: follow the official JavaScript example, and send numbers and booleans as strings.");
        }
        add('official-java-example', { params: javaOfficial(params, 0) }, 'Your client follows the official Java example, which writes what is three levels deep with toString() ([POST_ONLY]) and decimals without an exponent: follow the official JavaScript example (recursive, no depth limit), and send numbers as strings.');
        const cc = attempt(() => ccxtParams(params, 0));
        if (cc !== null) {
          add('ccxt-params-to-string', { params: cc }, 'Your client builds the params string as ccxt\'s cryptocom paramsToString does, which writes nested objects as "[object Object]": flatten nested objects as key + value, keys sorted.');
        }
        if (isObject(params)) {
          const pairs = Object.keys(params)
            .sort()
            .map((k) => {
              const v = params[k]!;
              return `${k}=${v !== null && typeof v === 'object' && !(v instanceof RawNumber) ? JSON.stringify(toPlain(v)) : jsText(v)}`;
            });
          add('params-as-query-string', { params: pairs.join('&') }, 'Your client signs the params as key=value pairs joined by "&": Crypto.com joins each key and its value with no "=" or "&" (e.g. instrument_nameBTC_USDT).');
        }
        for (const json of new Set([JSON.stringify(toPlain(params)), stringifyRaw(params)])) {
          add('params-as-json', { params: json }, `Your client signs the params as JSON (${quote(json, 40)}): Crypto.com signs their keys and values joined, keys sorted, with no separators, and empty params as nothing.`);
        }
        if (ref !== '') add('params-left-out', { params: '' }, `Your client leaves the params out of the string to sign: ${RULE}.`);
      }

      // The other parts.
      add('api-key-left-out', { apiKey: '' }, `Your client leaves api_key out of the string to sign: ${RULE}.`);
      for (const p of new Set([req.path, req.path.replace(/^\/+/, '')])) {
        if (p !== b.method) add('method-is-path', { method: p }, `Your client signs the URL path (${quote(p)}) instead of the method name (${quote(b.method)}).`);
      }
      const bare = b.method.replace(/^(private|public)\//, '');
      if (bare !== b.method) add('method-without-prefix', { method: bare }, `Your client signs the method without its prefix (${quote(bare)} instead of ${quote(b.method)}).`);

      const written = (v: RawJson | undefined) => (v instanceof RawNumber ? v.raw : null);
      const idRaw = written(b.id);
      if (idRaw !== null && idRaw !== id) add('id-as-written', { id: idRaw }, `Your client signs the id as written in the body (${quote(idRaw)}) where the exchange reads ${quote(id)}: send the id as a whole number or a string of digits.`);
      if (typeof b.id === 'string') add('id-quoted', { id: JSON.stringify(b.id) }, `Your client signs the id with its JSON quotes (${quote(JSON.stringify(b.id))}): sign the id's text, without quotes.`);
      add('id-left-out', { id: '' }, `Your client leaves the id out of the string to sign: ${RULE}, with the same id as in the body.`);
      if (nonce !== id) add('id-is-nonce', { id: nonce }, `Your client signs the nonce in place of the id, but the body's id is ${quote(id)}: sign the id you send (or send the nonce as the id too, as ccxt does).`);
      for (const other of ['1', '0', '11']) {
        if (other !== id) add('id-differs', { id: other }, `Your client signs id ${other} but sends id ${quote(id)}: sign the id you send.`);
      }

      const nonceRaw = written(b.nonce);
      if (nonceRaw !== null && nonceRaw !== nonce) add('nonce-as-written', { nonce: nonceRaw }, `Your client signs the nonce as written in the body (${quote(nonceRaw)}) where the exchange reads ${quote(nonce)}: send the nonce as a whole number of milliseconds.`);
      if (typeof b.nonce === 'string') add('nonce-quoted', { nonce: JSON.stringify(b.nonce) }, "Your client signs the nonce with its JSON quotes: sign the nonce's text, without quotes.");
      add('nonce-left-out', { nonce: '' }, `Your client leaves the nonce out of the string to sign: ${RULE}.`);
      if (id !== nonce) add('nonce-is-id', { nonce: id }, `Your client signs the id in place of the nonce: ${RULE}.`);
      if (/^\d{11,15}$/.test(nonce)) {
        const n = Number(nonce);
        for (let d = 1; d <= CLOCK_READ_TWICE_MS; d++) {
          for (const signed of [n - d, n + d]) {
            add('nonce-differs', { nonce: String(signed) }, `Your client signs nonce ${signed} but sends nonce ${n} (${d} ms ${signed < n ? 'later' : 'earlier'}): it reads the clock twice. Read it once and use that value in the body and in the string to sign.`);
          }
        }
        add('nonce-seconds-signed', { nonce: String(Math.floor(n / 1000)) }, `Your client signs the nonce in seconds (${Math.floor(n / 1000)}) but sends milliseconds (${n}): use the same millisecond value in both.`);
        add('nonce-seconds-signed', { nonce: String(n / 1000) }, `Your client signs the nonce as seconds with a fraction (${n / 1000}, time.time()) but sends milliseconds (${n}): use the same whole number of milliseconds in both.`);
      }
      return out;
    },

    clockWindow: () => window,
  };
}

export const forensics = cryptocomForensics({
  maxAheadMs: 60_000,
  maxBehindMs: 60_000,
  rule: 'Crypto.com accepts a nonce within 60 s of its clock (40102 INVALID_NONCE otherwise)',
});
