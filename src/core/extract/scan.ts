import { beforeBody, LineHints } from './hints.js';
import { HTML_START, HtmlPages, readHtml, statusFromPage } from './html.js';
import { TextLines } from './lines.js';
import { readObject, readPairs, type Value } from './literal.js';
import { CODE_KEYS, STATUS_KEYS, cleanMessage, formatOf, ipIn, recordOf } from './records.js';
import { attachStatuses, statusesIn, type Marker, type Placed as Raw } from './status.js';
import type { ExchangeHint, ExtractContext, Extraction, PasteFormat } from './types.js';

// From any text (one pasted error, a whole bot log) to every exchange error
// in it. One forward pass over the lines: cheap tests decide which lines need
// a closer look, and every reader moves forward only, so a 10 MB log costs
// about as much as reading it.

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

export function extractErrors(input: string, ctx: ExtractContext): Extraction {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new TextLines(text);
  const lineStarts = lines.starts;
  const lineCount = lines.count;
  const lineEnd = (li: number) => lines.end(li);
  const lineOf = (offset: number) => lines.lineOf(offset);
  const entryOf = lines.entryOf;
  const timestamped = lines.timestamped;

  const raws: Raw[] = [];
  const markers: Marker[] = [];
  const hints = new LineHints(ctx.exchanges);
  const names = hints.names;
  const lineHint = (li: number): ExchangeHint | null => hints.of(li, text.slice(lineStarts[li], lineEnd(li)));

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

  const pages = new HtmlPages(text, (offset) => lines.isEntryStartAt(offset));
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
      const found = statusesIn(text.slice(a, b));
      if (found) for (const [status, at] of found) if (!statusesOnLine?.has(status)) (statusesOnLine ??= new Map()).set(status, a + at);
      looseIn(a, b, pairsIn(a, b));
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

