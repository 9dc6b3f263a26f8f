import type { HtmlPage } from './types.js';

// HTML where JSON was expected: a CDN, firewall or proxy page. Its numbers
// ("Reference #18.1fcbdc17...", "Error 1020") are never exchange codes.

const MAX_PAGE = 64 * 1024;
const MAX_LINES = 400;

/** Where an HTML document starts on a line, if it does. */
export const HTML_START = /<(?:!doctype\s+html|html[\s>])/i;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** The end of an HTML page that starts at `start`: after `</html>`, or where a cut paste stops. */
export function htmlEnd(text: string, start: number, isEntryStart: (lineStart: number) => boolean): number {
  const limit = Math.min(text.length, start + MAX_PAGE);
  const close = /<\/html\s*>/gi;
  close.lastIndex = start;
  const m = close.exec(text);
  if (m && m.index < limit) return m.index + m[0].length;
  // No closing tag (a cut paste): stop at the next log entry, or after MAX_LINES lines.
  let i = start;
  for (let n = 0; n < MAX_LINES; n++) {
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= limit) return limit;
    i = nl + 1;
    if (isEntryStart(i)) return nl;
  }
  return i;
}

/** Title, text, CDN and reference of a page. */
export function readHtml(page: string): HtmlPage {
  const titleMatch = /<title[^>]*>([\s\S]{0,300}?)<\/title>/i.exec(page);
  const h1 = /<h1[^>]*>([\s\S]{0,300}?)<\/h1>/i.exec(page);
  const clean = (s: string) => decodeEntities(s.replace(/<[^>]{0,500}>/g, ' ')).replace(/\s+/g, ' ').trim();
  const title = titleMatch ? clean(titleMatch[1]!) || null : h1 ? clean(h1[1]!) || null : null;
  const body = page
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<head\b[\s\S]*?<\/head\s*>/i, ' ');
  const text = clean(body).slice(0, 300);
  const decoded = decodeEntities(page);
  const ref = /Reference\s*#\s*([0-9a-f]+(?:\.[0-9a-f]+)+)/i.exec(decoded);
  let cdn: string | null = null;
  if (/cloudflare/i.test(decoded)) cdn = 'Cloudflare';
  else if (ref || /akamai|edgesuite|AkamaiGHost/i.test(decoded)) cdn = 'Akamai';
  else if (/cloudfront/i.test(decoded)) cdn = 'CloudFront';
  return { title, text, cdn, reference: ref ? ref[1]! : null };
}

/** A status the page states itself ("403 Forbidden", "502 Bad Gateway"), never a CDN's own error number. */
export function statusFromPage(page: HtmlPage): number | null {
  for (const s of [page.title, page.text.slice(0, 120)]) {
    const m = s ? /\b([45]\d\d)\s+(?:Forbidden|Unauthorized|Bad Request|Not Found|Too Many Requests|Internal Server Error|Bad Gateway|Service (?:Temporarily )?Unavailable|Gateway Time-?out|Request Timeout)\b/i.exec(s) : null;
    if (m) return Number(m[1]);
  }
  return null;
}
