import { scrub } from '../secret.js';
import type { HtmlPage } from './types.js';

// HTML where JSON was expected: a CDN, firewall or proxy page. Its numbers
// ("Reference #18.1fcbdc17...", "Error 1020") are never exchange codes.

const MAX_PAGE = 64 * 1024;
const MAX_LINES = 60;

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

/**
 * Finds where HTML pages end. One instance per text: it remembers where the
 * next `</html>` is, so a log full of cut pages is still read once, not once
 * per page.
 */
export class HtmlPages {
  private nextClose = -1;
  private closeSearchedFrom = Infinity;

  constructor(
    private readonly text: string,
    private readonly isEntryStart: (lineStart: number) => boolean,
  ) {}

  /** The end of the page that starts at `start`: after `</html>`, or where a cut paste stops. */
  end(start: number): number {
    const text = this.text;
    if (start < this.closeSearchedFrom || (this.nextClose >= 0 && this.nextClose < start)) {
      const close = /<\/html\s*>/gi;
      close.lastIndex = start;
      const m = close.exec(text);
      this.nextClose = m ? m.index : -1;
      this.closeEnd = m ? m.index + m[0].length : -1;
      this.closeSearchedFrom = start;
    }
    if (this.nextClose >= 0 && this.nextClose - start <= MAX_PAGE) return this.closeEnd;
    // No closing tag near (a cut paste): stop at the next log entry, a blank line, or after MAX_LINES lines.
    const limit = Math.min(text.length, start + MAX_PAGE);
    let i = start;
    for (let n = 0; n < MAX_LINES; n++) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= limit) return limit;
      i = nl + 1;
      if (this.isEntryStart(i) || text.charCodeAt(i) === 10 || (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10)) return nl;
    }
    return i;
  }

  private closeEnd = -1;
}

/** Title, text, CDN and reference of a page. */
export function readHtml(page: string): HtmlPage {
  const titleMatch = /<title[^>]*>([\s\S]{0,300}?)<\/title>/i.exec(page);
  const h1 = /<h1[^>]*>([\s\S]{0,300}?)<\/h1>/i.exec(page);
  const clean = (s: string) => decodeEntities(s.replace(/<[^>]{0,500}>/g, ' ')).replace(/\s+/g, ' ').trim();
  const title = titleMatch ? clean(titleMatch[1]!) || null : h1 ? clean(h1[1]!) || null : null;
  const body = withoutBlocks(page, ['script', 'style', 'head']);
  // Scrubbed before it is cut: a cut through a registered value would leave a prefix the scrubber no longer knows.
  const text = scrub(clean(body)).slice(0, 300);
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

/** The page without its script, style and head blocks (indexOf, not a lazy regex: an unclosed block must not cost quadratic time). */
function withoutBlocks(page: string, tags: string[]): string {
  let out = page;
  for (const tag of tags) {
    const lower = out.toLowerCase();
    let result = '';
    let at = 0;
    for (let i = lower.indexOf(`<${tag}`, at); i >= 0; i = lower.indexOf(`<${tag}`, at)) {
      result += out.slice(at, i) + ' ';
      const close = lower.indexOf(`</${tag}`, i);
      if (close < 0) {
        at = out.length;
        break;
      }
      const gt = lower.indexOf('>', close);
      at = gt < 0 ? out.length : gt + 1;
    }
    out = result + out.slice(at);
  }
  return out;
}
