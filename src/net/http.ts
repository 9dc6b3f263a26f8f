import { maskUrlUserinfoIn } from '../core/redact-url.js';
import { displayProxy, type FailureKind, type HttpFailure } from './failure.js';

export { describeFailure, displayProxy, type FailureKind, type HttpFailure } from './failure.js';

// Real HTTP. Never throws for network trouble: every call returns either a
// response or a classified failure, so a check can say "could not tell"
// instead of "bad key".
//
// Two paths, chosen per request by proxyFor(), which reads the proxy settings
// exactly as undici's EnvHttpProxyAgent does:
//  - through a proxy (--proxy, HTTPS_PROXY/HTTP_PROXY unless NO_PROXY says
//    otherwise): undici (src/net/undici.ts), the client the design card names;
//  - straight to the host: node:http / node:https (src/net/direct.ts), one
//    connection per request, closed with the answer. Loading undici costs
//    100-150 ms (111 files), and its WebAssembly HTTP parser keeps the process
//    alive ~200 ms after the last output while V8 finishes compiling it;
//    node's own client is already in the binary.

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | null;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  /** Body was cut at the size limit. */
  truncated: boolean;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure };

export interface HttpOptions {
  timeoutMs: number;
  /** Explicit proxy URL; undefined means HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment. */
  proxy?: string | undefined;
  maxBodyBytes?: number;
  /** Extra CA certificates (PEM), e.g. the emulator's self-signed certificate. */
  ca?: string | undefined;
  /** Force IPv4 or IPv6 for the connection (ignored through a proxy). */
  family?: 4 | 6 | undefined;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'CERT_UNTRUSTED',
]);

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * The proxy in the path, if any, for a URL: the explicit flag first, then the
 * environment, read exactly as undici's EnvHttpProxyAgent reads it (lower-case
 * names first; NO_PROXY entries separated by commas or spaces, a leading "."
 * or "*." ignored, a ":port" suffix limiting the entry to that port, "*" alone
 * meaning no proxy at all).
 */
export function proxyFor(url: string, explicit: string | undefined, env: Record<string, string | undefined>): string | null {
  if (explicit) return explicit;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  const proxy = u.protocol === 'https:' ? (env.https_proxy ?? env.HTTPS_PROXY ?? httpProxy) : httpProxy;
  if (!proxy) return null;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  if (noProxy === '*') return null;
  const host = u.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(u.port, 10) || DEFAULT_PORTS[u.protocol] || 0;
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const m = /^(.+):(\d+)$/.exec(raw);
    const entry = (m ? m[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    if (m && Number.parseInt(m[2]!, 10) !== port) continue;
    if (host === entry || host.endsWith(`.${entry}`)) return null;
  }
  return proxy;
}

function rootCause(err: unknown): { code: string; message: string } {
  let e = err as { code?: unknown; message?: string; cause?: unknown; name?: string } | undefined;
  let code = '';
  let message = e?.message ?? String(err);
  for (let depth = 0; e && depth < 5; depth++) {
    // AbortSignal.timeout rejects with a DOMException whose numeric code means nothing here.
    if (e.name === 'TimeoutError') return { code: 'TIMEOUT', message: 'no answer within the timeout' };
    const c = typeof e.code === 'string' ? e.code : '';
    // The deepest system or TLS code is the most telling; undici's wrappers come first.
    if (c && (TLS_CODES.has(c) || /^E[A-Z]+$/.test(c) || !code)) {
      code = c;
      message = e.message ?? message;
    }
    e = e.cause as typeof e;
  }
  return { code: code || 'UNKNOWN', message };
}

/** `proxy`: the proxy the request went through, so a failure to reach it is named as the proxy's. */
export function classifyFailure(err: unknown, ms: number, proxy: string | null = null): HttpFailure {
  const { code, message } = rootCause(err);
  if (proxy && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    const what = code === 'ECONNREFUSED' ? 'refused the connection' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'does not resolve' : 'cannot be reached';
    return { kind: 'proxy', code, message: `the proxy ${displayProxy(proxy)} ${what} (${code}): check --proxy / HTTPS_PROXY`, ms };
  }
  let kind: FailureKind = 'network';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') kind = 'dns';
  else if (code === 'ECONNREFUSED') kind = 'refused';
  else if (code === 'TIMEOUT' || /TIMEOUT/.test(code) || code === 'ETIMEDOUT') kind = 'timeout';
  else if (TLS_CODES.has(code) || /^ERR_TLS|^ERR_SSL|CERT/.test(code)) kind = 'tls';
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') kind = 'reset';
  else if (code === 'UND_ERR_ABORTED' || /proxy/i.test(message)) kind = 'proxy';
  else if (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG') kind = 'bad-url';
  return { kind, code, message, ms };
}

export async function httpRequest(req: HttpRequest, opts: HttpOptions): Promise<HttpOutcome> {
  try {
    new URL(req.url);
  } catch {
    return { ok: false, failure: { kind: 'bad-url', code: 'ERR_INVALID_URL', message: `not a valid URL: ${maskUrlUserinfoIn(req.url)}`, ms: 0 } };
  }
  const proxy = proxyFor(req.url, opts.proxy, process.env);
  const { send } = proxy ? await import('./undici.js') : await import('./direct.js');
  const started = performance.now();
  try {
    return { ok: true, response: await send(req, opts, opts.maxBodyBytes ?? 1 << 20) };
  } catch (err) {
    const failure = classifyFailure(err, Math.round(performance.now() - started), proxy);
    // Error messages can quote the URL or the proxy, credentials included.
    return { ok: false, failure: { ...failure, message: maskUrlUserinfoIn(failure.message) } };
  }
}
