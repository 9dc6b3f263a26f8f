import { Agent, EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import { maskUrlUserinfoIn } from '../core/redact-url.js';
import { displayProxy, type FailureKind, type HttpFailure } from './failure.js';

export { describeFailure, displayProxy, type FailureKind, type HttpFailure } from './failure.js';

// Real HTTP over undici. Never throws for network trouble: every call returns
// either a response or a classified failure, so a check can say "could not
// tell" instead of "bad key".

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

/** The proxy in the path, if any, for a URL (explicit flag first, then the environment). */
export function proxyFor(url: string, explicit: string | undefined, env: Record<string, string | undefined>): string | null {
  if (explicit) return explicit;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  const host = u.hostname;
  for (const raw of noProxy.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw === '*') return null;
    const entry = raw.replace(/^\*?\./, '').replace(/:\d+$/, '');
    if (host === entry || host.endsWith('.' + entry)) return null;
  }
  const proxy = u.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  return proxy && proxy !== '' ? proxy : null;
}

/** The undici dispatcher every xcred call uses: proxy path, TLS (extra CA), connect/headers/body timeouts. */
export function dispatcherFor(opts: HttpOptions): Dispatcher {
  const connect = {
    timeout: opts.timeoutMs,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.family ? { family: opts.family, autoSelectFamily: false } : {}),
  };
  const common = { headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, connect };
  if (opts.proxy) return new ProxyAgent({ uri: opts.proxy, ...common, requestTls: connect });
  const env = process.env;
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) {
    return new EnvHttpProxyAgent({ ...common, requestTls: connect } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  }
  return new Agent(common);
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
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const maxBody = opts.maxBodyBytes ?? 1 << 20;
  try {
    new URL(req.url);
  } catch {
    return { ok: false, failure: { kind: 'bad-url', code: 'ERR_INVALID_URL', message: `not a valid URL: ${maskUrlUserinfoIn(req.url)}`, ms: 0 } };
  }
  const dispatcher = dispatcherFor(opts);
  const proxy = proxyFor(req.url, opts.proxy, process.env);
  try {
    const res = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers ?? {},
      body: req.body ?? undefined,
      dispatcher,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > maxBody) {
        truncated = true;
        break;
      }
      chunks.push(chunk as Buffer);
    }
    if (truncated) res.body.destroy();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    return {
      ok: true,
      response: { status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), ms: elapsed(), truncated },
    };
  } catch (err) {
    const failure = classifyFailure(err, elapsed(), proxy);
    // undici's messages can quote the URL or the proxy, credentials included.
    return { ok: false, failure: { ...failure, message: maskUrlUserinfoIn(failure.message) } };
  } finally {
    dispatcher.close().catch(() => {});
  }
}
