import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

// A stand-in exchange on 127.0.0.1 for the proxy's plumbing tests: streams,
// slow and silent answers, compressed refusals, odd headers. MEXC-shaped
// where it matters (700002 refusals, /api/v3/time).

export interface TestUpstream {
  origin: string;
  /** What the last upload looked like. */
  uploads: Array<{ sha256: string; bytes: number; firstChunkAt: number }>;
  downloads: Array<{ lastChunkAt: number }>;
  /** Most requests in flight at once. */
  maxInFlight: number;
  connections: number;
  /** Every request target it received, in order. */
  targets: string[];
  close(): Promise<void>;
}

export const REFUSAL = JSON.stringify({ code: 700002, msg: 'Signature for this request is not valid.' });

/** The bytes /download sends: deterministic, so both ends can hash them. */
export function downloadBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

export async function startUpstream(): Promise<TestUpstream> {
  const state: TestUpstream = { origin: '', uploads: [], downloads: [], maxInFlight: 0, connections: 0, targets: [], close: async () => {} };
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    state.targets.push(req.url ?? '');
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/upload') {
      const hash = createHash('sha256');
      let bytes = 0;
      let firstChunkAt = 0;
      req.on('data', (d: Buffer) => {
        if (!firstChunkAt) firstChunkAt = Date.now();
        bytes += d.length;
        hash.update(d);
      });
      req.on('end', () => {
        const u = { sha256: hash.digest('hex'), bytes, firstChunkAt };
        state.uploads.push(u);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(u));
      });
      return;
    }
    req.resume();
    req.on('end', () => {
      switch (url.pathname) {
        case '/download': {
          const all = downloadBytes(Number(url.searchParams.get('n') ?? 1024));
          res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
          let at = 0;
          const step = 1 << 16;
          const pump = () => {
            while (at < all.length - step) {
              const more = res.write(all.subarray(at, at + step));
              at += step;
              if (!more) return void res.once('drain', pump);
            }
            // Hold the last piece back: the first bytes must already be with the client.
            setTimeout(() => {
              state.downloads.push({ lastChunkAt: Date.now() });
              res.end(all.subarray(at));
            }, 300);
          };
          pump();
          return;
        }
        case '/slow':
          setTimeout(() => res.end('{}'), 300);
          return;
        case '/never':
          return; // no answer at all
        case '/trickle': {
          // Headers at once, then one byte every 100 ms, never ending: no silence long enough for a per-chunk timeout.
          res.writeHead(200, { 'Content-Type': 'application/json' });
          const drip = setInterval(() => res.write(' '), 100);
          res.on('close', () => clearInterval(drip));
          return;
        }
        case '/gzip-refusal': {
          const gz = gzipSync(REFUSAL);
          res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length) });
          res.end(gz);
          return;
        }
        case '/headers':
          res.writeHead(418, [
            ['Content-Type', 'text/plain'],
            ['Set-Cookie', 'a=1; Path=/'],
            ['Set-Cookie', 'b=2; Path=/'],
            ['X-Custom', '  spaced value  '],
            ['Cache-Control', 'no-store'],
          ].flat());
          res.end("I'm a teapot");
          return;
        case '/empty':
          res.writeHead(204);
          res.end();
          return;
        case '/api/v3/time':
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ serverTime: Date.now() }));
          return;
        default:
          if (url.pathname.startsWith('/api/')) {
            // MEXC's rule first: a timestamp more than 5 s old (or 1 s ahead) is 700003, anything else here 700002.
            const ts = Number(url.searchParams.get('timestamp') ?? NaN);
            const stale = Number.isFinite(ts) && (Date.now() - ts > 5000 || ts - Date.now() >= 1000);
            res.writeHead(400, { 'Content-Type': 'application/json' });
            res.end(stale ? JSON.stringify({ code: 700003, msg: 'Timestamp for this request is outside of the recvWindow.' }) : REFUSAL);
            return;
          }
          res.writeHead(404);
          res.end('not found');
      }
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

/** A port nothing listens on. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
