import { HTML_START, HtmlPages, readHtml, statusFromPage } from './html.js';
import { readObject, readPairs, type Member, type Value } from './literal.js';
import type { ExchangeHint, ExtractContext, Extraction, Finding, PasteFormat } from './types.js';

// From any text (one pasted error, a whole bot log) to every exchange error
// in it. One forward pass over the lines: cheap tests decide which lines need
// a closer look, and every reader moves forward only, so a 10 MB log costs
// about as much as reading it.

const CODE_KEYS = new Set(['code', 'errorcode', 'error_code', 'errcode', 'err_code', 'retcode', 'ret_code']);
const MESSAGE_KEYS = ['msg', 'message', 'errormessage', 'error_message', 'errmsg', 'err_msg', 'error'];
const STATUS_KEYS = new Set(['status', 'statuscode', 'status_code', 'httpstatus', 'http_status']);

/** Lines that start a log entry: ISO dates (Docker's too), dd/mm/yyyy, syslog, a bare time. */
const TIMESTAMP = /[ \t]*\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d{4}\/\d\d\/\d\d[ T]\d\d:\d\d|\d\d\/\d\d\/\d{4}[ ,T]\d\d:\d\d|\d\d:\d\d:\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)/y;
/** Lines that continue the entry above: indented, stack frames, tracebacks, closing brackets. */
const CONTINUATION = /^(?:\s|at |File "|Traceback|During handling|The above exception|[}\])]|\.\.\.)/;

/** A line worth a closer look at all. */
const INTERESTING = /[{<]|code|status|http|msg|message|\d\d\d:\s/i;
/** A `{` worth reading: an error-ish key soon after it, or a multi-line object. */
const OBJECT_KEYS = /(?:code|msg|message|error)["']?\s*[:=]/i;

/** `code: N` / `"code":N` / `code=N` outside any braces, and the message keys around it. */
const PAIR_KEY = /(?<![\w$"'.-])(["']?)(code|errorCode|error_code|errCode|err_code|msg|message|errorMessage|error_message|errMsg|err_msg)\1\s*[:=]/g;
/** "status code: 400" is an HTTP status, "exit code=1" a process: not exchange codes. */
const NOT_AN_EXCHANGE_CODE = /(?:status|http|exit|return|response|process)[\s_-]*$/i;
/** `700002: Signature for this request...` in a sentence, a title, a C# client's message. */
const LOOSE = /(?<![\w.:/#-])(-?\d{3,7}):\s+([A-Za-z\u3400-\u9fff][^\n]{2,300})/g;
/** pymexc: `MexcAPIError: (code=700003): Timestamp ...` */
const AFTER_CODE_MESSAGE = /^\)?\s*:\s*(\S[^\n]{0,300})/;

/** Any of the status patterns could match here. */
const STATUS_HINT = /HTTP[/\s"]|status|[1-5]\d\d\s+[A-Z]/i;

// Whitespace runs are bounded ({1,8}): hostile input full of spaces must not make a pattern backtrack.
const STATUS_PATTERNS: RegExp[] = [
  // curl -i, urllib3's `"POST /path HTTP/1.1" 401 49` (49 is the body length), raw status lines, "HTTP 429".
  /\bHTTP(?:\/\d(?:\.\d)?"?)?[ \t]{1,8}([1-5]\d\d)\b/gi,
  // hummingbot "HTTP status is 400.", rotki "responded with HTTP status 401:".
  /\bHTTP[ \t]{1,8}status(?:[ \t]{1,8}code)?(?:[ \t]{1,8}is)?[ \t]{0,8}[:=]?[ \t]{0,8}([1-5]\d\d)\b/gi,
  // axios "Request failed with status code 400", status=401, status_code: 429.
  /\bstatus(?:[ _-]?code)?(?:[ \t]{1,8}is)?[ \t]{0,8}[:=]?[ \t]{0,8}([1-5]\d\d)\b/gi,
  // ccxt: `mexc GET https://... 403 Forbidden`.
  /\b(?:GET|POST|PUT|DELETE|PATCH)[ \t]{1,8}https?:\/\/\S{1,4000}?[ \t]{1,8}([1-5]\d\d)\b/g,
  // "401 Unauthorized", "503 Service Unavailable", requests' "401 Client Error".
  /\b([1-5]\d\d)[ \t]{1,8}(?:Bad Request|Unauthorized|Forbidden|Not Found|Too Many Requests|I'm a teapot|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out|Request Timeout|Client Error|Server Error)\b/gi,
];

/**
 * ccxt writes `<Class>: <exchange id> <body>`: `AuthenticationError: mexc {`,
 * `[ExchangeError] cryptocom {`, `ccxt.base.errors.InvalidOrder: mexc {`,
 * PHP's `ccxt\AuthenticationError: mexc {`; freqtrade `... Message: mexc {`.
 * Tested on the two words before the body, never with a scan of the line.
 */
const EXCEPTION_WORD = /^\[?((?:[\w.\\]*[.\\])?(?:[A-Z][A-Za-z]*)?(?:Error|Exception|NotAvailable|Nonce|Order|Funds|Symbol|Denied|Timeout|Protection|Exceeded|NotSupported|Request|Response))\]?:?$|^Message:$/;
const EXCHANGE_WORD = /^['"(\[]*([a-z][a-z0-9_.]{1,24})$/i;
const URL_HOST = /https?:\/\/([a-z0-9.-]+)/gi;

/** The exception class and exchange id just before a body (`... AuthenticationError: mexc `), or a known name there. */
const NO_PREFIX = { exception: null, hint: null, ccxt: false } as const;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function beforeBody(text: string, from: number, to: number, names: ReadonlyMap<string, string[]>): { exception: string | null; hint: ExchangeHint | null; ccxt: boolean } {
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

interface Marker {
  offset: number;
  line: number;
  entry: number;
  status: number;
  used: boolean;
}

interface Raw extends Finding {
  offset: number;
  /** Where the body it belongs to starts: errors of one body share it (a batch answer). */
  root: number;
}

export function extractErrors(input: string, ctx: ExtractContext): Extraction {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineCount = text.endsWith('\n') ? lineStarts.length - 1 : lineStarts.length;
  const lineEnd = (li: number) => (li + 1 < lineStarts.length ? lineStarts[li + 1]! - 1 : text.length);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // Log entries: a timestamped line and what follows it; without timestamps, each unindented line.
  let stamped = 0;
  let nonBlank = 0;
  const stampAt = (li: number) => {
    TIMESTAMP.lastIndex = lineStarts[li]!;
    const m = TIMESTAMP.exec(text);
    return m !== null && m.index + m[0].length <= lineEnd(li);
  };
  for (let li = 0; li < lineCount && nonBlank < 5000; li++) {
    if (lineEnd(li) - lineStarts[li]! === 0 || text.slice(lineStarts[li], Math.min(lineEnd(li), lineStarts[li]! + 64)).trim() === '') continue;
    nonBlank++;
    if (stampAt(li)) stamped++;
  }
  const timestamped = stamped >= 2 && stamped * 5 >= nonBlank;
  const entryOf = new Int32Array(Math.max(lineCount, 1));
  const startsEntry = (li: number): boolean => {
    if (timestamped) return stampAt(li);
    const head = text.slice(lineStarts[li], Math.min(lineEnd(li), lineStarts[li]! + 64));
    return head.trim() !== '' && !CONTINUATION.test(head);
  };
  let entry = 0;
  for (let li = 0; li < lineCount; li++) {
    if (li > 0 && startsEntry(li)) entry++;
    entryOf[li] = entry;
  }
  const isEntryStartAt = (offset: number) => {
    const li = lineOf(offset);
    return lineStarts[li] === offset && li < lineCount && startsEntry(li);
  };

  const raws: Raw[] = [];
  const markers: Marker[] = [];
  const names = new Map<string, string[]>();
  for (const ex of ctx.exchanges) for (const n of ex.names) names.set(n.toLowerCase(), [...(names.get(n.toLowerCase()) ?? []), ex.id]);
  const hosts = new Map<string, string[]>();
  for (const ex of ctx.exchanges) for (const h of ex.hosts) hosts.set(h.toLowerCase(), [...(hosts.get(h.toLowerCase()) ?? []), ex.id]);
  const escape = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const anyName = names.size > 0 ? new RegExp(`(?<![\\w])(?:${[...names.keys()].map(escape).join('|')})(?![\\w])`, 'gi') : null;
  const hintCache = new Map<number, ExchangeHint | null>();

  /** The exchange a line names by its URL host or a name on it (bot logger paths, "MEXC[mexc]"). */
  const lineHint = (li: number): ExchangeHint | null => {
    const cached = hintCache.get(li);
    if (cached !== undefined) return cached;
    const line = text.slice(lineStarts[li], lineEnd(li));
    let found: ExchangeHint | null = null;
    if (line.includes('://')) {
      URL_HOST.lastIndex = 0;
      for (let m = URL_HOST.exec(line); m && !found; m = URL_HOST.exec(line)) {
        const apis = hosts.get(m[1]!.toLowerCase());
        if (apis) found = { name: m[1]!.toLowerCase(), apis, via: 'host' };
      }
    }
    if (!found && anyName) {
      anyName.lastIndex = 0;
      for (let m = anyName.exec(line); m; m = anyName.exec(line)) {
        const name = m[0].toLowerCase();
        const apis = names.get(name)!;
        if (found && found.apis.join() !== apis.join()) {
          found = null; // two exchanges on one line: no hint
          break;
        }
        found = { name, apis, via: 'name' };
      }
    }
    hintCache.set(li, found);
    return found;
  };

  /** What the text just before a body says: the ccxt exception and exchange id, or a known name. */
  const prefixOf = (offset: number): { exception: string | null; hint: ExchangeHint | null; ccxt: boolean } => {
    const li = lineOf(offset);
    return beforeBody(text, Math.max(lineStarts[li]!, offset - 200), offset, names);
  };

  const push = (f: Omit<Raw, 'line' | 'entry' | 'hint' | 'exception'> & { hint?: ExchangeHint | null; exception?: string | null }, anchor: number) => {
    const li = lineOf(f.offset);
    const pre = prefixOf(anchor);
    // Success bodies (code 0 or 200, success:true) need no exchange hint: they are counted, not explained.
    const looksLikeSuccess = f.success === true || f.code === 0 || f.code === 200;
    raws.push({
      kind: f.kind,
      code: f.code,
      message: f.message,
      success: f.success,
      httpStatus: f.httpStatus,
      format: pre.ccxt && f.format !== 'html' && f.format !== 'http-status' ? 'ccxt' : f.format,
      exception: f.exception ?? pre.exception,
      hint: f.hint ?? pre.hint ?? (looksLikeSuccess ? null : lineHint(li)),
      line: li + 1,
      loose: f.loose,
      html: f.html,
      ip: f.ip,
      entry: entryOf[li] ?? 0,
      offset: f.offset,
      root: f.root,
    });
  };

  /** Errors in one literal (and the literals nested in it, and JSON escaped inside its strings). */
  const collect = (obj: Value & { t: 'obj' }, root: number, anchor: number, format: PasteFormat, inherited: number | null, depth: number): boolean => {
    let status = inherited;
    for (const m of obj.members) {
      if (STATUS_KEYS.has(m.key.toLowerCase()) && m.value.t === 'num' && m.value.v >= 100 && m.value.v <= 599) status = m.value.v;
    }
    let childFound = false;
    for (const m of obj.members) childFound = collectValue(m.value, root, anchor, format, status, depth) || childFound;
    const rec = recordOf(obj.members);
    if (rec.code !== null || (rec.message !== null && rec.success === false)) {
      push(
        {
          kind: 'error',
          code: rec.code,
          message: rec.message,
          success: rec.success,
          httpStatus: status,
          format,
          loose: false,
          html: null,
          ip: ipIn(rec.message),
          offset: rec.codeOffset ?? obj.start,
          root,
        },
        anchor,
      );
      return true;
    }
    if (!childFound && rec.message !== null && status !== null && status >= 400) {
      // A client's error object with the status but no body code (axios with the body cut to [Object]).
      push({ kind: 'http', code: null, message: rec.message, success: null, httpStatus: status, format, loose: false, html: null, ip: null, offset: obj.start, root }, anchor);
      return true;
    }
    return childFound;
  };

  const collectValue = (v: Value, root: number, anchor: number, format: PasteFormat, status: number | null, depth: number): boolean => {
    if (v.t === 'obj') return collect(v, root, anchor, format, status, depth);
    if (v.t === 'arr') {
      let found = false;
      for (const item of v.items) found = collectValue(item, root, anchor, format, status, depth) || found;
      return found;
    }
    if (v.t === 'str' && depth < 3 && v.v.length < 65536 && v.v.includes('{') && /code|msg|message/i.test(v.v)) {
      // A body kept as a string: `{"message": "mexc {\"code\":10072,...}"}`, a pino log's msg.
      return scanInner(v.v, v.start, depth + 1);
    }
    return false;
  };

  /** Scan the decoded content of a string; findings sit on the string's line. */
  const scanInner = (inner: string, at: number, depth: number): boolean => {
    let found = false;
    for (let i = inner.indexOf('{'); i >= 0; i = inner.indexOf('{', i + 1)) {
      const r = readObject(inner, i, inner.length);
      const fmt = formatOf(r.value.members);
      const before = raws.length;
      const pre = beforeBody(inner, Math.max(0, i - 200), i, names);
      collect(r.value, at, at, fmt, null, depth);
      for (let k = before; k < raws.length; k++) {
        const f = raws[k]!;
        f.offset = at;
        f.line = lineOf(at) + 1;
        f.entry = entryOf[f.line - 1] ?? 0;
        if (pre.hint) f.hint = pre.hint;
        if (pre.ccxt) {
          f.format = 'ccxt';
          f.exception = pre.exception;
        }
      }
      found = found || raws.length > before;
      i = Math.max(i, r.end - 1);
    }
    return found;
  };

  const pages = new HtmlPages(text, isEntryStartAt);
  let consumed = 0; // everything before this offset belongs to a literal or a page already read
  for (let li = 0; li < lineCount; li++) {
    const start = Math.max(lineStarts[li]!, consumed);
    const end = lineEnd(li);
    if (start >= end) continue;
    const line = text.slice(start, end);
    if (!INTERESTING.test(line)) continue;

    // An HTML page: read it whole, and nothing in it is a code.
    const html = HTML_START.exec(line);
    const htmlAt = html ? start + html.index : -1;

    // Literals on this line (they may run over several lines).
    const covered: Array<[number, number]> = [];
    const scanTo = htmlAt >= 0 ? htmlAt : end;
    // Searched in the line itself: an unbounded indexOf on the whole text would make a brace-less log quadratic.
    // Without an error-ish key on the line, only a `{` that ends it (a multi-line literal) is worth reading.
    const lineHasKeys = OBJECT_KEYS.test(line);
    const trimmed = line.trimEnd();
    const openerAtEnd = trimmed.endsWith('{') ? trimmed.length - 1 : -1;
    for (let j = lineHasKeys ? line.indexOf('{') : openerAtEnd; j >= 0 && start + j < scanTo; j = lineHasKeys ? line.indexOf('{', j + 1) : -1) {
      const i = start + j;
      const multiLine = j === openerAtEnd;
      if (!multiLine && !OBJECT_KEYS.test(text.slice(i + 1, Math.min(end, i + 400)))) continue;
      const r = readObject(text, i, Math.min(text.length, i + 4 * 1024 * 1024));
      if (r.value.members.length === 0) continue;
      collect(r.value, i, i, formatOf(r.value.members), null, 0);
      covered.push([i, r.end]);
      if (r.end > end) {
        consumed = r.end;
        break;
      }
      j = r.end - 1 - start;
    }

    // Outside the literals: status lines, bare pairs, `N: message`.
    const segments = uncovered(start, Math.min(end, scanTo), covered);
    let statusesOnLine: Map<number, number> | null = null;
    for (const [a, b] of segments) {
      const seg = text.slice(a, b);
      if (STATUS_HINT.test(seg)) {
        statusesOnLine ??= new Map();
        for (const re of STATUS_PATTERNS) {
          re.lastIndex = 0;
          for (let m = re.exec(seg); m; m = re.exec(seg)) {
            const status = Number(m[1]);
            const offset = a + m.index;
            const seen = statusesOnLine.get(status);
            if (seen === undefined || offset < seen) statusesOnLine.set(status, offset);
          }
        }
      }
      const found = pairsIn(a, b);
      looseIn(a, b, found);
    }
    if (statusesOnLine) for (const [status, offset] of statusesOnLine) markers.push({ offset, line: li + 1, entry: entryOf[li] ?? 0, status, used: false });

    if (htmlAt >= 0) {
      const pageEnd = pages.end(htmlAt);
      const page = readHtml(text.slice(htmlAt, pageEnd));
      push(
        {
          kind: 'http',
          code: null,
          message: page.title ?? (page.text || null),
          success: null,
          httpStatus: statusFromPage(page),
          format: 'html',
          loose: false,
          html: page,
          ip: null,
          offset: htmlAt,
          root: htmlAt,
        },
        htmlAt,
      );
      consumed = Math.max(consumed, pageEnd);
    }
  }

  function pairsIn(a: number, b: number): Set<number> {
    const found = new Set<number>();
    const seg = text.slice(a, b);
    if (!/code/i.test(seg)) return found;
    PAIR_KEY.lastIndex = 0;
    for (let m = PAIR_KEY.exec(seg); m; m = PAIR_KEY.exec(seg)) {
      const at = a + m.index;
      const r = readPairs(text, at, b);
      const members = r.value;
      const rec = recordOf(members);
      PAIR_KEY.lastIndex = Math.max(PAIR_KEY.lastIndex, r.end - a);
      if (rec.code === null) continue;
      const codeMember = members.find((x) => CODE_KEYS.has(x.key.toLowerCase()))!;
      if (NOT_AN_EXCHANGE_CODE.test(text.slice(Math.max(a, codeMember.keyStart - 20), codeMember.keyStart))) continue;
      let message = rec.message;
      const q = members[0]!.quote;
      let format: PasteFormat = q === '"' ? 'json' : q === "'" ? 'python-repr' : members[0]!.sep === '=' ? 'key-value' : 'prose';
      if (message === null) {
        const after = AFTER_CODE_MESSAGE.exec(text.slice(r.end, b));
        if (after) {
          message = after[1]!.trim();
          format = 'library';
        }
      }
      // A bare `code: 1` with no message is a process or a counter, not an exchange; quoted keys are JSON fragments.
      if (message === null && codeMember.quote === '') continue;
      push({ kind: 'error', code: rec.code, message: cleanMessage(message), success: rec.success, httpStatus: null, format, loose: false, html: null, ip: ipIn(message), offset: rec.codeOffset ?? at, root: at }, at);
      found.add(rec.codeOffset ?? at);
    }
    return found;
  }

  function looseIn(a: number, b: number, taken: Set<number>): void {
    const seg = text.slice(a, b);
    if (!/\d\d\d:\s/.test(seg)) return;
    LOOSE.lastIndex = 0;
    for (let m = LOOSE.exec(seg); m; m = LOOSE.exec(seg)) {
      const at = a + m.index;
      if (taken.has(at)) continue;
      const message = m[2]!.replace(/\s*,\s*\d+ bytes received.*$|\s+,\s.*$/, '').trim();
      push({ kind: 'error', code: Number(m[1]), message: cleanMessage(message), success: null, httpStatus: null, format: 'loose', loose: true, html: null, ip: ipIn(message), offset: at, root: at }, at);
    }
  }

  raws.sort((x, y) => x.offset - y.offset);
  attachStatuses(raws, markers, timestamped);

  // Status lines nobody's body claimed: an HTTP answer on its own (urllib3 lines, a bare curl -I).
  for (const k of markers) {
    if (k.used || k.status < 400) continue;
    const li = k.line - 1;
    raws.push({
      kind: 'http',
      code: null,
      message: null,
      success: null,
      httpStatus: k.status,
      format: 'http-status',
      exception: null,
      hint: lineHint(li) ?? prefixOf(k.offset).hint,
      line: k.line,
      loose: false,
      html: null,
      ip: null,
      entry: k.entry,
      offset: k.offset,
      root: k.offset,
    });
  }
  raws.sort((x, y) => x.offset - y.offset);

  // Without timestamps, a ccxt exception that restates the body printed just above it (verbose mode) is the same event.
  if (!timestamped) {
    for (let i = 1; i < raws.length; i++) {
      const f = raws[i]!;
      if (f.format !== 'ccxt') continue;
      for (let j = i - 1; j >= 0 && f.line - raws[j]!.line <= 4; j--) {
        const g = raws[j]!;
        if (g.code === f.code && g.message === f.message && g.entry !== f.entry) {
          f.entry = g.entry;
          break;
        }
      }
    }
  }

  // The offsets stay on the objects (they are Findings with two more fields): copying 100k findings costs more than it is worth.
  return { findings: raws, lines: lineCount, timestamped, entryOf: (line: number) => entryOf[line - 1] ?? 0 };
}

/**
 * A status line belongs to the first body after it (same log entry, or within
 * 60 lines of a paste), and to any later restatement of the same error; a
 * status after a body on the same line (rotki, requests) belongs to it too.
 * The body's own status (axios `status: 400`) always wins.
 */
function attachStatuses(raws: Raw[], markers: Marker[], timestamped: boolean): void {
  markers.sort((x, y) => x.offset - y.offset);
  let p = 0; // first finding at or after the current marker: both lists are in text order
  for (let mi = 0; mi < markers.length; mi++) {
    const k = markers[mi]!;
    while (p < raws.length && raws[p]!.offset < k.offset) p++;
    // A status after a body on the same line (rotki, requests) belongs to that body.
    for (let j = p - 1; j >= 0 && raws[j]!.line === k.line; j--) {
      if (raws[j]!.httpStatus === null) {
        raws[j]!.httpStatus = k.status;
        k.used = true;
      }
    }
    const nextOffset = markers[mi + 1]?.offset ?? Infinity;
    const first = raws[p];
    if (!first || first.offset > nextOffset) continue;
    if (timestamped ? first.entry !== k.entry : first.line - k.line > 60) continue;
    const group = new Set<string>();
    for (let j = p; j < raws.length; j++) {
      const f = raws[j]!;
      if (f.offset > nextOffset || (timestamped ? f.entry !== k.entry : f.line - k.line > 60)) break;
      const key = `${f.code}|${f.message}`;
      const sameBody = f.root === first.root || f.line === first.line;
      if (sameBody) group.add(key);
      else if (!group.has(key)) continue;
      k.used = true;
      if (f.httpStatus === null) f.httpStatus = k.status;
    }
  }
}

function uncovered(a: number, b: number, covered: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = a;
  for (const [s, e] of covered) {
    if (s > at) out.push([at, Math.min(s, b)]);
    at = Math.max(at, e);
  }
  if (at < b) out.push([at, b]);
  return out.filter(([s, e]) => e > s);
}

interface Record_ {
  code: number | null;
  codeOffset: number | null;
  message: string | null;
  success: boolean | null;
}

function recordOf(members: Member[]): Record_ {
  let code: number | null = null;
  let codeOffset: number | null = null;
  let success: boolean | null = null;
  const messages = new Map<string, string>();
  let data: string | null = null;
  for (const m of members) {
    const key = m.key.toLowerCase();
    const v = m.value;
    if (code === null && CODE_KEYS.has(key)) {
      if (v.t === 'num' && Number.isSafeInteger(v.v) && !v.raw.includes('.')) code = v.v;
      else if (v.t === 'str' && /^\s*-?\d{1,12}\s*$/.test(v.v)) code = Number(v.v.trim());
      if (code !== null) codeOffset = v.start;
    } else if (key === 'success' && v.t === 'lit' && typeof v.v === 'boolean') success = v.v;
    else if (MESSAGE_KEYS.includes(key) && (v.t === 'str' || v.t === 'bare') && v.v.trim() !== '' && !messages.has(key)) messages.set(key, v.v);
    else if (key === 'data' && v.t === 'str') data = v.v;
  }
  const message = MESSAGE_KEYS.map((k) => messages.get(k)).find((m) => m !== undefined) ?? data;
  return { code, codeOffset, message: cleanMessage(message), success };
}

function formatOf(members: Member[]): PasteFormat {
  const first = members[0];
  if (!first) return 'json';
  if (first.quote === '"') return 'json';
  if (first.quote === "'") return 'python-repr';
  return first.sep === '=' ? 'java-map' : 'js-inspect';
}

/** Trim what terminals and log boxes add around a message. */
function cleanMessage(message: string | null): string | null {
  if (message === null) return null;
  const m = message.replace(/[\s|>]+$/, '').trim();
  return m === '' ? null : m.length > 500 ? m.slice(0, 500) + '…' : m;
}

function ipIn(message: string | null): string | null {
  const m = message ? /IP\s*\[([^\]]{2,64})\]/i.exec(message) : null;
  return m ? m[1]!.trim() : null;
}
