import type { Finding } from './types.js';

// HTTP status lines and phrases in text, and which body each belongs to.

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

/** The statuses written in a stretch of one line, each at its first offset in it. */
export function statusesIn(seg: string): Map<number, number> | null {
  if (!STATUS_HINT.test(seg)) return null;
  let out: Map<number, number> | null = null;
  for (const re of STATUS_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(seg); m; m = re.exec(seg)) {
      const status = Number(m[1]);
      out ??= new Map();
      const seen = out.get(status);
      if (seen === undefined || m.index < seen) out.set(status, m.index);
    }
  }
  return out;
}

export interface Marker {
  offset: number;
  line: number;
  entry: number;
  status: number;
  used: boolean;
}

/** A finding with where it sits in the text. */
export interface Placed extends Finding {
  offset: number;
  /** Where the body it belongs to starts: errors of one body share it (a batch answer). */
  root: number;
}

/**
 * A status line belongs to the first body after it (same log entry, or within
 * 60 lines of a paste), and to any later restatement of the same error; a
 * status after a body on the same line (rotki, requests) belongs to it too.
 * The body's own status (axios `status: 400`) always wins.
 */
export function attachStatuses(raws: Placed[], markers: Marker[], timestamped: boolean): void {
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

