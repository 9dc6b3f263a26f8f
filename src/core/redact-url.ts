// Credentials inside URLs (`http://user:pass@proxy:3128`, a base URL with
// userinfo) are shown as `http://user:***@proxy:3128`. A lone userinfo with no
// password is usually a token, so it is masked whole: `http://***@host`.

const MASK = '***';

/** Mask the userinfo of one URL string; anything that is not such a URL comes back unchanged. */
export function maskUrlUserinfo(url: string): string {
  return maskUrlUserinfoIn(url);
}

// scheme://userinfo@, userinfo running to the last "@" before the first
// character that ends an authority (so a password holding "@" is masked whole,
// and `a@b` in prose without a scheme is left alone).
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'`<>\\[\]{}|]+)@/gi;

/** Mask the userinfo of every URL inside free text (error messages, report lines). */
export function maskUrlUserinfoIn(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(USERINFO, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon >= 0 ? `${scheme}${userinfo.slice(0, colon)}:${MASK}@` : `${scheme}${MASK}@`;
  });
}
