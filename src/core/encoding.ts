/**
 * RFC 3986 percent-encoding with uppercase hex: everything but the unreserved
 * set A-Z a-z 0-9 - . _ ~ is encoded. encodeURIComponent leaves ! ' ( ) *
 * alone, which is the bug behind MEXC 700002 for `network=BEP20(BSC)`.
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** `k=v&k=v` with both sides RFC 3986 encoded, order kept. */
export function encodePairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
}
