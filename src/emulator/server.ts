import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { lazyRequire } from '../io/lazy-require.js';
import { handleCryptocom } from './cryptocom.js';
import { handleMexcFutures } from './mexc-futures.js';
import { handleMexcSpot } from './mexc-spot.js';
import { createState, type EmulatorState, type ScenarioName } from './state.js';
import { jsonResponse, type EmuRequest, type EmuResponse } from './types.js';

// One HTTP(S) server for every emulated API, told apart by path:
//   /api/v3/...                MEXC spot v3
//   /api/v1/...                MEXC futures (contract API)
//   /exchange/v1/<method>      Crypto.com Exchange v1
//   /v2/<method>               Crypto.com legacy v2
//   /ip                        IP echo (plain text, the address the emulator "sees")

export interface EmulatorUrls {
  mexc: string;
  mexcFutures: string;
  cryptocom: string;
  cryptocomV2: string;
  ipEcho: string;
}

export interface RequestLogEntry {
  time: string;
  api: string;
  method: string;
  path: string;
  status: number;
  verdict: string;
}

export interface EmulatorOptions {
  host?: string;
  port?: number;
  scenario?: ScenarioName;
  latencyMs?: number;
  tls?: boolean;
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RunningEmulator {
  urls: EmulatorUrls;
  state: EmulatorState;
  /** PEM of the self-signed certificate under --tls. */
  certificatePem: string | null;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

type Api = 'mexc-spot' | 'mexc-futures' | 'cryptocom-v1' | 'cryptocom-v2' | 'ip-echo' | 'unknown';

function apiOf(path: string): Api {
  if (path.startsWith('/api/v3/')) return 'mexc-spot';
  if (path.startsWith('/api/v1/')) return 'mexc-futures';
  if (path.startsWith('/exchange/v1/')) return 'cryptocom-v1';
  if (path.startsWith('/v2/')) return 'cryptocom-v2';
  if (path === '/ip') return 'ip-echo';
  return 'unknown';
}

function outage(api: Api): EmuResponse {
  switch (api) {
    case 'mexc-spot':
      return jsonResponse(503, { code: 503, msg: 'service not available, please try again' }, '503');
    case 'mexc-futures':
      return jsonResponse(503, { success: false, code: 501, message: 'System busy' }, '501');
    case 'cryptocom-v2':
      return jsonResponse(500, { code: 10001, message: 'SYS_ERROR' }, '10001');
    default:
      return jsonResponse(500, { code: 50001, message: 'INTERNAL_SERVER_ERROR' }, '50001');
  }
}

function rateLimited(api: Api, retryAfterS: number): EmuResponse {
  const headers = { 'Retry-After': String(retryAfterS) };
  switch (api) {
    case 'mexc-spot':
      return jsonResponse(429, { code: 429, msg: 'Too Many Requests' }, '429', headers);
    case 'mexc-futures':
      return jsonResponse(429, { success: false, code: 510, message: 'Excessive frequency of requests' }, '510', headers);
    case 'cryptocom-v2':
      return jsonResponse(429, { code: 10006, message: 'TOO_MANY_REQUESTS' }, '10006', headers);
    default:
      return jsonResponse(429, { code: 42901, message: 'TOO_MANY_REQUESTS' }, '42901', headers);
  }
}

export function dispatch(state: EmulatorState, api: Api, req: EmuRequest): EmuResponse {
  if (api === 'ip-echo') return { status: 200, body: state.clientIp + '\n', headers: { 'Content-Type': 'text/plain' }, verdict: 'ok' };
  if (api === 'unknown') return jsonResponse(404, { code: 404, msg: 'Not Found' }, '404');
  if (state.outage) return outage(api);
  switch (api) {
    case 'mexc-spot':
      return handleMexcSpot(state, req);
    case 'mexc-futures':
      return handleMexcFutures(state, req);
    case 'cryptocom-v1':
      return handleCryptocom(state, req, 'v1', req.path.slice('/exchange/v1/'.length));
    case 'cryptocom-v2':
      return handleCryptocom(state, req, 'v2', req.path.slice('/v2/'.length));
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = createState(opts.scenario ?? 'ok');
  if (opts.latencyMs !== undefined) state.latencyMs = opts.latencyMs;
  const hits = new Map<string, number[]>();

  const overLimit = (ip: string, now: number): boolean => {
    const limit = state.rateLimit;
    if (!limit) return false;
    const recent = (hits.get(ip) ?? []).filter((t) => now - t < limit.windowMs);
    recent.push(now);
    hits.set(ip, recent);
    return recent.length > limit.max;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const api = apiOf(path);
    let response: EmuResponse;
    try {
      const body = await readBody(req);
      if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
      const now = Date.now() + state.clockOffsetMs;
      if (body === null) {
        response = jsonResponse(413, { code: 413, msg: 'Request Entity Too Large' }, '413');
      } else if (api !== 'ip-echo' && api !== 'unknown' && overLimit(state.clientIp, now)) {
        response = rateLimited(api, state.rateLimit!.retryAfterS);
      } else {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        response = dispatch(state, api, { method: req.method ?? 'GET', path, rawQuery, headers, body, clientIp: state.clientIp, now });
      }
      // Crypto.com has no time endpoint: clients read this header, so it carries the scenario's clock.
      res.setHeader('Date', new Date(now).toUTCString());
    } catch {
      response = jsonResponse(400, { code: 400, msg: 'Bad Request' }, '400');
    }
    res.statusCode = response.status;
    if (!response.headers?.['Content-Type']) res.setHeader('Content-Type', 'application/json');
    for (const [k, v] of Object.entries(response.headers ?? {})) res.setHeader(k, v);
    res.end(response.body);
    opts.onRequest?.({ time: new Date().toISOString(), api, method: req.method ?? 'GET', path, status: response.status, verdict: response.verdict });
  };

  let server: Server;
  let certificatePem: string | null = null;
  if (opts.tls) {
    const { generate } = lazyRequire('selfsigned') as typeof import('selfsigned');
    const pems = await generate([{ name: 'commonName', value: 'xcred emulator' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    certificatePem = pems.cert;
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => void handler(req, res));
  } else {
    server = createHttpServer((req, res) => void handler(req, res));
  }
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `${opts.tls ? 'https' : 'http'}://${host}:${address.port}`;
  return {
    urls: {
      mexc: origin,
      mexcFutures: origin,
      cryptocom: `${origin}/exchange/v1`,
      cryptocomV2: `${origin}/v2`,
      ipEcho: `${origin}/ip`,
    },
    state,
    certificatePem,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
