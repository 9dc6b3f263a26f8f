// What an HTTP answer is, before asking what it means.

/** An HTML page: a captive portal, a CDN or proxy error page, a website instead of an API. */
export function isHtmlPage(r: { headers: Record<string, string>; body: string }): boolean {
  const type = r.headers['content-type'] ?? '';
  return /text\/html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(r.body);
}

/** Seconds from a Retry-After header (seconds or an HTTP date), or null. */
export function retryAfterSeconds(headers: Record<string, string>, now = Date.now()): number | null {
  const v = headers['retry-after']?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, Math.round((at - now) / 1000)) : null;
}
