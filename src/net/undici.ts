import { Agent, EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { HttpOptions, HttpRequest, HttpResponse } from './http.js';

// HTTP over undici: every request that goes through a proxy (src/net/http.ts
// picks the path), and `xcred proxy`'s forwarding (src/proxy/server.ts).
// Loaded only then: undici is 111 files and a WebAssembly parser.

/** The undici dispatcher: proxy path, TLS (extra CA), connect/headers/body timeouts. */
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

/** One request through its own dispatcher, closed afterwards (no connection outlives the answer). Throws network errors. */
export async function send(req: HttpRequest, opts: HttpOptions, maxBody: number): Promise<HttpResponse> {
  const started = performance.now();
  const dispatcher = dispatcherFor(opts);
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
    return { status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), ms: Math.round(performance.now() - started), truncated };
  } finally {
    dispatcher.close().catch(() => {});
  }
}
