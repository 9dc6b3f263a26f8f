import type { IncomingMessage, RequestOptions } from 'node:http';
import { lazyRequire } from '../io/lazy-require.js';
import type { HttpOptions, HttpRequest, HttpResponse } from './http.js';

// HTTP straight to the host with Node's own client (src/net/http.ts says
// when). One fresh connection per request (no agent, `Connection: close`),
// ended with the answer, so nothing is left to keep the process alive. The
// limits are undici's: the whole request, connection included, within
// timeoutMs (an AbortSignal, whose timer does not hold the process); TLS
// verified against Node's CAs plus `ca`; the address family forced when asked.

/** One request; resolves with the answer (the body cut at maxBody bytes), throws network errors. */
export function send(req: HttpRequest, opts: HttpOptions, maxBody: number): Promise<HttpResponse> {
  const started = performance.now();
  const url = new URL(req.url);
  // require(), not import(): a dynamic import in the code-cached bundle prints an ExperimentalWarning.
  const client =
    url.protocol === 'https:' ? (lazyRequire('node:https') as typeof import('node:https')) : url.protocol === 'http:' ? (lazyRequire('node:http') as typeof import('node:http')) : null;
  if (!client) return Promise.reject(Object.assign(new Error(`unsupported protocol ${url.protocol}`), { code: 'ERR_INVALID_URL' }));
  const options: RequestOptions & { ca?: string } = {
    method: req.method,
    headers: req.headers ?? {},
    agent: false,
    signal: AbortSignal.timeout(opts.timeoutMs),
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.family ? { family: opts.family, autoSelectFamily: false } : {}),
  };
  return new Promise<HttpResponse>((resolve, reject) => {
    const request = client.request(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const done = () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8'), ms: Math.round(performance.now() - started), truncated });
      };
      res.on('data', (chunk: Buffer) => {
        if (truncated) return;
        size += chunk.length;
        if (size > maxBody) {
          truncated = true;
          // Enough: the rest is not read, and the connection goes.
          request.destroy();
          done();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', done);
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(req.body ?? undefined);
  });
}
