// A tolerant reader for the object literals people paste: JSON, Python dict
// reprs ('single quotes', True/False/None), Node's util.inspect (bare keys,
// [Object]), Java/Kotlin Map.toString ({code=1, msg=text with, commas}) and
// bare `key: value, key: value` pairs. It never throws and never backtracks:
// it reads forward once, and when the text stops making sense it returns what
// it has read so far with the position where it stopped (truncated pastes,
// hand-redacted values and `...` still give their code and message).

export type Value =
  | { t: 'obj'; start: number; end: number; members: Member[]; closed: boolean }
  | { t: 'arr'; start: number; end: number; items: Value[] }
  | { t: 'str'; start: number; end: number; v: string }
  | { t: 'num'; start: number; end: number; v: number; raw: string }
  | { t: 'lit'; start: number; end: number; v: boolean | null }
  | { t: 'bare'; start: number; end: number; v: string };

export interface Member {
  key: string;
  /** The quote around the key: '"', "'" or '' (bare). */
  quote: string;
  sep: ':' | '=';
  keyStart: number;
  value: Value;
}

export interface ReadResult<T> {
  value: T;
  /** Where reading stopped (after the closing brace when it closed). */
  end: number;
  /** The text stopped making sense before the literal ended. */
  failed: boolean;
}

const MAX_DEPTH = 32;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?n?/y;
const LITERAL = /(?:true|false|null|True|False|None|undefined|NaN|Infinity)(?![\w$])/y;
const IDENT = /[A-Za-z_$][\w$.-]*/y;
const DIGITS_KEY = /\d+/y;
const INSPECT_REF = /<ref \*\d+>\s*/y;
/** util.inspect's class names before a literal: `ClientRequest {`, `[Object: null prototype] {`, `Object [AxiosHeaders] {`, `Map(2) {`. */
const CLASS_PREFIX = /(?:\[[A-Za-z][^\]\n]{0,60}\]\s*|[A-Za-z_$][\w$]*(?:\s*\[[\w$ :-]{1,60}\])?(?:\(\d+\))?\s+)(?=\{)/y;
/** util.inspect's symbol keys: `[Symbol(kCapture)]: false`. */
const SYMBOL_KEY = /\[[^\]\n]{1,80}\]/y;
/** After a comma: does a new `key:` or `key=` start here? (Java maps put commas inside values.) */
const NEXT_KEY = /\s*(?:["']?[A-Za-z_$][\w$.-]*["']?)\s*[:=]/y;
/** logfmt (`level=error code=10212 msg="..."`): pairs separated by spaces. */
const LOGFMT_NEXT = /[ \t]+[A-Za-z_][\w.-]*=/y;

class Reader {
  pos: number;
  failed = false;

  constructor(
    readonly text: string,
    start: number,
    readonly limit: number,
  ) {
    this.pos = start;
  }

  private ch(): string {
    return this.pos < this.limit ? this.text[this.pos]! : '';
  }

  private at(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m || m.index + m[0].length > this.limit) return null;
    return m[0];
  }

  /** Skip spaces; newlines too unless `sameLine`. */
  skipWs(sameLine: boolean): void {
    while (this.pos < this.limit) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13 || (!sameLine && c === 10)) this.pos++;
      else break;
    }
  }

  /** `{ members }` from an opening brace; tolerant of truncation. */
  object(depth: number): Value & { t: 'obj' } {
    const start = this.pos;
    this.pos++; // {
    const members = this.members(depth, false);
    let closed = false;
    if (!this.failed && this.ch() === '}') {
      this.pos++;
      closed = true;
    }
    return { t: 'obj', start, end: this.pos, members, closed };
  }

  /**
   * key: value pairs until a closing brace, the limit, or (braceless) the end
   * of the line. Stops at the first thing that is not a pair and sets `failed`.
   */
  members(depth: number, braceless: boolean): Member[] {
    const out: Member[] = [];
    for (;;) {
      this.skipWs(braceless);
      const c = this.ch();
      if (c === '' || c === '}' || (braceless && c === '\n')) return out;
      if (c === ',') {
        this.pos++;
        continue;
      }
      // Python's and inspect's truncation marks: `...`, `…`, `... 3 more items`.
      if (c === '.' && this.text.startsWith('...', this.pos)) {
        this.pos += 3;
        const more = this.at(/ \d+ more items?/y);
        if (more) this.pos += more.length;
        continue;
      }
      if (c === '…') {
        this.pos++;
        continue;
      }
      const keyStart = this.pos;
      let key: string | null = null;
      let quote = '';
      if (c === '"' || c === "'" || c === '`') {
        const s = this.string(c);
        if (s === null) return this.fail(out);
        key = s.v;
        quote = c;
      } else {
        key = this.at(IDENT) ?? this.at(DIGITS_KEY) ?? this.at(SYMBOL_KEY);
        if (key === null) return this.fail(out);
        this.pos += key.length;
      }
      this.skipWs(true);
      const sep = this.ch();
      if (sep !== ':' && sep !== '=') return this.fail(out, keyStart);
      this.pos++;
      this.skipWs(braceless);
      const value = this.value(depth + 1, braceless ? 'line' : 'object');
      out.push({ key, quote, sep, keyStart, value });
      if (this.failed) return out;
      this.skipWs(braceless);
      const next = this.ch();
      if (next === ',' || next === '}' || next === '' || (braceless && next === '\n')) continue;
      if (braceless && sep === '=' && /[A-Za-z_]/.test(next) && this.text[this.pos - 1] !== undefined && /\s/.test(this.text[this.pos - 1]!)) {
        LOGFMT_NEXT.lastIndex = this.pos - 1;
        if (LOGFMT_NEXT.test(this.text)) continue;
      }
      return this.fail(out);
    }
  }

  private fail(out: Member[], at = this.pos): Member[] {
    this.failed = true;
    this.pos = at;
    return out;
  }

  private value(depth: number, context: 'object' | 'array' | 'line'): Value {
    const start = this.pos;
    const ref = this.at(INSPECT_REF);
    if (ref) this.pos += ref.length;
    const cls = this.at(CLASS_PREFIX);
    if (cls) this.pos += cls.length;
    const c = this.ch();
    if (depth > MAX_DEPTH) {
      this.failed = true;
      return { t: 'bare', start, end: this.pos, v: '' };
    }
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth, context);
    if (c === '"' || c === "'" || c === '`') {
      const s = this.string(c);
      if (s) return s;
      return this.bare(start, context);
    }
    const num = this.at(NUMBER);
    if (num !== null && this.delimits(this.pos + num.length, context)) {
      this.pos += num.length;
      const raw = num.endsWith('n') ? num.slice(0, -1) : num;
      return { t: 'num', start, end: this.pos, v: Number(raw), raw };
    }
    const lit = this.at(LITERAL);
    if (lit !== null && this.delimits(this.pos + lit.length, context)) {
      this.pos += lit.length;
      const v = lit === 'true' || lit === 'True' ? true : lit === 'false' || lit === 'False' ? false : null;
      return { t: 'lit', start, end: this.pos, v };
    }
    return this.bare(start, context);
  }

  /** Does a value end here (a comma, a closing bracket, the end of the line)? */
  private delimits(i: number, context: 'object' | 'array' | 'line'): boolean {
    while (i < this.limit && (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '\r')) i++;
    if (i >= this.limit) return true;
    const c = this.text[i]!;
    if (c === ',' || c === '\n' || c === '}') return true;
    if (c === ']') return context === 'array';
    if (context !== 'line') return false;
    if (c === ')' || c === ';') return true;
    LOGFMT_NEXT.lastIndex = i - 1;
    return i > 0 && LOGFMT_NEXT.test(this.text);
  }

  private array(depth: number, context: 'object' | 'array' | 'line'): Value {
    const start = this.pos;
    // util.inspect placeholders: [Object], [Array], [Function: name], [Getter/Setter].
    const placeholder = this.at(/\[(?:Object|Array|Function[^\]\n]*|Getter[^\]\n]*|Setter|Circular[^\]\n]*)\](?!\s*[{[])/y);
    if (placeholder) {
      this.pos += placeholder.length;
      return { t: 'bare', start, end: this.pos, v: placeholder };
    }
    this.pos++;
    const items: Value[] = [];
    for (;;) {
      this.skipWs(false);
      const c = this.ch();
      if (c === ']') {
        this.pos++;
        return { t: 'arr', start, end: this.pos, items };
      }
      if (c === '') return { t: 'arr', start, end: this.pos, items };
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '.' && this.text.startsWith('...', this.pos)) {
        this.pos += 3;
        const more = this.at(/ \d+ more items?/y);
        if (more) this.pos += more.length;
        continue;
      }
      const before = this.pos;
      items.push(this.value(depth + 1, 'array'));
      if (this.failed) return { t: 'arr', start, end: this.pos, items };
      if (this.pos === before) {
        // Not a value: treat the rest of the brackets as text (an IP list, a note).
        this.pos = start;
        return this.bare(start, context);
      }
    }
  }

  /** A quoted string, escapes decoded. A raw newline ends it (a truncated paste). */
  private string(q: string): (Value & { t: 'str' }) | null {
    const start = this.pos;
    let i = this.pos + 1;
    let out = '';
    let runStart = i;
    while (i < this.limit) {
      const c = this.text[i]!;
      if (c === q) {
        out += this.text.slice(runStart, i);
        this.pos = i + 1;
        return { t: 'str', start, end: this.pos, v: out };
      }
      if (c === '\n') break;
      if (c === '\\' && i + 1 < this.limit) {
        out += this.text.slice(runStart, i);
        const e = this.text[i + 1]!;
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(this.text.slice(i + 2, i + 4))) {
          out += String.fromCharCode(parseInt(this.text.slice(i + 2, i + 4), 16));
          i += 4;
        } else {
          out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
        }
        runStart = i;
        continue;
      }
      i++;
    }
    if (i === this.pos + 1) return null;
    // Unterminated: keep what there is (the paste was cut).
    out += this.text.slice(runStart, i);
    this.pos = i;
    return { t: 'str', start, end: this.pos, v: out };
  }

  /**
   * Unquoted text: a Java map value (`msg=IP [1.2.3.4] not in the ip white
   * list`), a redacted `XXXXXXXX`, an inspect oddity. Ends at the closing
   * brace, the end of the line, or a comma that starts the next `key=`.
   */
  private bare(start: number, context: 'object' | 'array' | 'line'): Value {
    let depth = 0;
    let i = this.pos;
    for (; i < this.limit; i++) {
      const c = this.text[i]!;
      if (c === '\n') break;
      if (context === 'line' && (c === ' ' || c === '\t')) {
        LOGFMT_NEXT.lastIndex = i;
        if (LOGFMT_NEXT.test(this.text)) break;
      }
      if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if (depth === 0) {
        if (c === '}' || (c === ']' && context === 'array')) break;
        if (c === ',') {
          if (context === 'array') break;
          NEXT_KEY.lastIndex = i + 1;
          if (NEXT_KEY.test(this.text)) break;
        }
      }
    }
    const v = this.text.slice(this.pos, i).trim();
    this.pos = i;
    if (/^-?\d+$/.test(v)) return { t: 'num', start, end: i, v: Number(v), raw: v };
    return { t: 'bare', start, end: i, v };
  }
}

/** Read an object literal that starts at `start` (a `{`), up to `limit`. */
export function readObject(text: string, start: number, limit: number): ReadResult<Value & { t: 'obj' }> {
  const r = new Reader(text, start, limit);
  const value = r.object(0);
  return { value, end: Math.max(r.pos, start + 1), failed: r.failed };
}

/** Read `key: value, key=value ...` with no braces, to the end of the line at most. */
export function readPairs(text: string, start: number, limit: number): ReadResult<Member[]> {
  const r = new Reader(text, start, limit);
  const value = r.members(0, true);
  return { value, end: Math.max(r.pos, start + 1), failed: r.failed };
}
