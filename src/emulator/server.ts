import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { lazyRequire } from '../io/lazy-require.js';
import { loadAllApis } from '../exchanges/registry.js';
import type { Finding } from '../core/forensics/types.js';
import { createInspector } from './forensics.js';
import { createState, type DemoKey, type EmulatorState, type ScenarioName } from './state.js';
import { jsonResponse, type ApiRoutes, type EmuRequest, type EmuResponse } from './types.js';

// One HTTP(S) server for every registered exchange API, told apart by the
// path prefix each API's routes declare (MEXC spot /api/v3/, Crypto.com
// /exchange/v1/ ...), plus an IP echo at /ip (plain text, the address the
// emulator "sees"). Nothing here knows an exchange by name.

export interface EmulatorUrls {
  origin: string;
  /** Base URL of each API, by API id. */
  apis: Record<string, string>;
  ipEcho: string;
}

export interface RequestLogEntry {
  time: string;
  api: string;
  method: string;
  path: string;
  status: number;
  verdict: string;
  /** The API key the request carried, masked (null: none). */
  apiKey?: string | null;
  /** What signature forensics found in a refused signature or timestamp. */
  finding?: Finding | null;
}

export interface EmulatorOptions {
  host?: string;
  port?: number;
  scenario?: ScenarioName;
  latencyMs?: number;
  tls?: boolean;
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface EmulatedApi {
  id: string;
  routes: ApiRoutes;
}

export interface RunningEmulator {
  urls: EmulatorUrls;
  state: EmulatorState;
  /** The APIs served, in registry order. */
  apis: EmulatedApi[];
  /** The demo key each API accepts here (they work only against the emulator), by API id. */
  demoKeys: Record<string, { apiKey: string; secret: string }>;
  /** PEM of the self-signed certificate under --tls. */
  certificatePem: string | null;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

/** The API whose mount is a prefix of the path, 'ip-echo', or null. */
function apiOf(apis: readonly EmulatedApi[], path: string): EmulatedApi | 'ip-echo' | null {
  if (path === '/ip') return 'ip-echo';
  return apis.find((a) => path.startsWith(a.routes.mount)) ?? null;
}

/** A path under no API's mount. Guess: a JSON 404 (no exchange documents it). */
function unknownMount(): EmuResponse {
  return jsonResponse(404, { code: 404, msg: 'Not Found' }, '404');
}

/** The rate-limit window per client IP: whether this request is over it. */
function rateLimiter(state: EmulatorState): (ip: string, now: number) => boolean {
  const hits = new Map<string, number[]>();
  return (ip, now) => {
    const limit = state.rateLimit;
    if (!limit) return false;
    const recent = (hits.get(ip) ?? []).filter((t) => now - t < limit.windowMs);
    recent.push(now);
    hits.set(ip, recent);
    return recent.length > limit.max;
  };
}

/**
 * The request path, one step per line: which API, then the scenario-wide
 * answers (rate limit, outage) in the API's own words, then the API's routes
 * (which check the key, the signature and the permission themselves).
 */
export function dispatch(state: EmulatorState, api: EmulatedApi | 'ip-echo' | null, req: EmuRequest, overLimit: (ip: string, now: number) => boolean = () => false): EmuResponse {
  if (api === 'ip-echo') return { status: 200, body: state.clientIp + '\n', headers: { 'Content-Type': 'text/plain' }, verdict: 'ok' };
  if (api === null) return unknownMount();
  if (overLimit(req.clientIp, req.now)) return api.routes.rateLimited(state.rateLimit!.retryAfterS, req);
  if (state.outage) return api.routes.outage(req);
  return api.routes.handle(state, req);
}

/** One demo key per credential group, as the APIs declare them. */
function demoKeysOf(apis: ReadonlyArray<{ facts: { credentialGroup: string }; emulator: ApiRoutes }>): DemoKey[] {
  const out: DemoKey[] = [];
  for (const a of apis) {
    if (!out.some((d) => d.group === a.facts.credentialGroup)) out.push({ group: a.facts.credentialGroup, ...a.emulator.demoKey });
  }
  return out;
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
  const loaded = await loadAllApis();
  const apis: EmulatedApi[] = loaded.map((a) => ({ id: a.facts.id, routes: a.emulator }));
  const state = createState(opts.scenario ?? 'ok', demoKeysOf(loaded));
  if (opts.latencyMs !== undefined) state.latencyMs = opts.latencyMs;
  const overLimit = rateLimiter(state);
  // Forensics runs only when someone reads the log.
  const inspect = opts.onRequest ? createInspector(loaded, state) : null;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const api = apiOf(apis, path);
    let response: EmuResponse;
    let emuReq: EmuRequest | null = null;
    try {
      const body = await readBody(req);
      if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
      const now = Date.now() + state.clockOffsetMs;
      if (body === null) {
        response = jsonResponse(413, { code: 413, msg: 'Request Entity Too Large' }, '413');
      } else {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        emuReq = { method: req.method ?? 'GET', path, rawQuery, headers, body, clientIp: state.clientIp, now };
        response = dispatch(state, api, emuReq, overLimit);
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
    const apiName = api === null ? 'unknown' : api === 'ip-echo' ? api : api.id;
    const inspection = inspect && emuReq && api !== null && api !== 'ip-echo' ? inspect(api.id, emuReq, response) : null;
    opts.onRequest?.({ time: new Date().toISOString(), api: apiName, method: req.method ?? 'GET', path, status: response.status, verdict: response.verdict, ...inspection });
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
      origin,
      apis: Object.fromEntries(apis.map((a) => [a.id, origin + a.routes.basePath])),
      ipEcho: `${origin}/ip`,
    },
    state,
    apis,
    demoKeys: Object.fromEntries(apis.map((a) => [a.id, { apiKey: a.routes.demoKey.apiKey, secret: a.routes.demoKey.secret }])),
    certificatePem,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
