import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { classifyFailure, type HttpFailure } from '../net/http.js';
import { dispatcherFor } from '../net/undici.js';

// The pass-through behind `xcred proxy`: a local HTTP server a bot uses as
// its exchange base URL. Every request goes on to the exchange through
// xcred's own undici path (proxy settings, TLS verification, timeouts), and
// the answer comes back, both streamed. Nothing a signature covers is
// touched: method, path and query string byte for byte, every end-to-end
// header, every body byte. As any HTTP intermediary must (RFC 9110 §7.6.1),
// the hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding, TE,
// Trailer, Upgrade, Proxy-*) and Host belong to each connection and are
// not forwarded; Host names the exchange. A copy of each body, up to a
// limit, is kept for the analysis that follows each answer.

export interface CapturedBody {
  /** The first bytes, up to the capture limit. */
  bytes: Buffer;
  /** The whole length. */
  length: number;
  truncated: boolean;
}

/** One request and its answer, as they went through. */
export interface Exchanged {
  /** ms since the epoch when the request arrived. */
  arrivedAt: number;
  method: string;
  /** The request target exactly as sent: path and query string. */
  target: string;
  path: string;
  rawQuery: string;
  /** Request headers, names in lower case, repeated ones joined with ", ". */
  requestHeaders: Record<string, string>;
  requestBody: CapturedBody;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: CapturedBody;
  /** From arrival to the last byte of the answer. */
  ms: number;
  /** The exchange could not be reached, or the exchange went away mid-answer. */
  failure: HttpFailure | null;
  /** The bot closed the connection before the answer was complete. */
  clientAborted: boolean;
}

export interface ProxyServerOptions {
  /** Where requests go: scheme://host[:port] (a path in it is ignored: the bot's own path is forwarded). */
  upstream: string;
  host: string;
  port: number;
  timeoutMs: number;
  /** An HTTP(S) proxy on the way to the exchange (else HTTPS_PROXY/HTTP_PROXY/NO_PROXY). */
  proxy?: string | undefined;
  /** Extra CA certificates (PEM). */
  ca?: string | undefined;
  /** How much of each body to keep for the analysis. */
  captureBytes?: number;
  /**
   * Refuse a Host header that is not a loopback name or address (set when
   * listening on loopback): a web page that rebinds its own name to 127.0.0.1
   * sends that name.
   */
  checkHost: boolean;
  onExchange(x: Exchanged): void;
  onRefused?(what: Refusal): void;
}

export interface Refusal {
  kind: 'websocket' | 'connect' | 'absolute-form' | 'host' | 'browser';
  method: string;
  /** The path, without its query string. */
  target: string;
  /** Why, for the log (host and browser refusals). */
  reason?: string;
}

export interface RunningProxy {
  /** http://host:port */
  origin: string;
  port: number;
  /** Requests still in flight. */
  inFlight(): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'host', 'expect', 'http2-settings']);

/** Drop what belongs to one connection: the hop-by-hop headers, and any header the Connection header names. */
function endToEnd(raw: readonly string[], connectionHeader: string | undefined): string[] {
  const named = new Set((connectionHeader ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name) && !named.has(name)) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** A copy of the first `limit` bytes of a body, and its whole length. */
class Capture {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  length = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    this.length += chunk.length;
    if (this.#kept < this.limit) {
      const part = chunk.length <= this.limit - this.#kept ? chunk : chunk.subarray(0, this.limit - this.#kept);
      this.#chunks.push(Buffer.from(part));
      this.#kept += part.length;
    }
  }
  captured(): CapturedBody {
    return { bytes: Buffer.concat(this.#chunks), length: this.length, truncated: this.length > this.#kept };
  }
}

/** Passes every chunk on untouched and keeps a copy (request bodies, which undici reads as a stream). */
class Tap extends Transform {
  readonly capture: Capture;
  constructor(limit: number) {
    super();
    this.capture = new Capture(limit);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.capture.add(chunk);
    done(null, chunk);
  }
}

const EMPTY: CapturedBody = { bytes: Buffer.alloc(0), length: 0, truncated: false };

function joinHeaders(h: IncomingMessage['headers'] | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** 127.0.0.1 (and the rest of 127/8), localhost, [::1], with any port. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * What only a browser sends: Origin, and the Fetch metadata headers. A
 * browser sends Sec-Fetch-Site with every Sec-Fetch-Mode; Node's own fetch()
 * (undici), which bots use, sends `Sec-Fetch-Mode: cors` alone. So
 * Sec-Fetch-Mode counts only with another value (no-cors, navigate...).
 */
function browserHeader(req: IncomingMessage): { name: string; value: string } | null {
  const h = req.headers;
  if (h.origin !== undefined) return { name: 'Origin', value: h.origin };
  if (h['sec-fetch-site'] !== undefined) return { name: 'Sec-Fetch-Site', value: String(h['sec-fetch-site']) };
  const mode = h['sec-fetch-mode'];
  if (mode !== undefined && String(mode).trim().toLowerCase() !== 'cors') return { name: 'Sec-Fetch-Mode', value: String(mode) };
  return null;
}

/** A header value as it may be shown: printable ASCII, at most 80 characters. */
function shown(v: string): string {
  const printable = v.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? printable.slice(0, 80) + '…' : printable;
}

/**
 * Whether the request comes from a web page rather than a bot. A page can
 * make the browser send requests here (a cross-site form or fetch, or DNS
 * rebinding its own name to 127.0.0.1): the exchange would see them come from
 * this machine's IP, signed or not. Those requests carry Origin or
 * Sec-Fetch-*, and after a rebinding the page's own name as Host. A request
 * without Host (HTTP/1.0 only; Node refuses it in HTTP/1.1) is not a browser's.
 */
function refusalOf(req: IncomingMessage, checkHost: boolean): { kind: 'host' | 'browser'; reason: string; text: string } | null {
  const host = req.headers.host;
  if (checkHost && host !== undefined && !LOOPBACK_HOST.test(host)) {
    return {
      kind: 'host',
      reason: `Host ${shown(host)} is not a loopback name or address (127.0.0.1, localhost, [::1]): a web page using DNS rebinding, or a name this proxy does not answer to`,
      text: `the Host header (${shown(host)}) is not a loopback name or address; address this proxy as 127.0.0.1, localhost or [::1]`,
    };
  }
  const sent = browserHeader(req);
  if (sent) {
    return {
      kind: 'browser',
      reason: `it carries ${sent.name} ${shown(sent.value)}: a web page's request, not a bot's`,
      text: `a browser request (it carries ${sent.name}): this proxy passes a bot's requests only, not a web page's`,
    };
  }
  return null;
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  const body = Buffer.from(text + '\n');
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), 'X-Content-Type-Options': 'nosniff', 'X-Xcred-Proxy': 'error' });
  res.end(body);
}

export async function startProxyServer(opts: ProxyServerOptions): Promise<RunningProxy> {
  const upstream = new URL(opts.upstream);
  const origin = upstream.origin;
  const dispatcher: Dispatcher = dispatcherFor({ timeoutMs: opts.timeoutMs, proxy: opts.proxy, ca: opts.ca });
  const captureBytes = opts.captureBytes ?? 1 << 20;
  let inFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrivedAt = Date.now();
    const started = performance.now();
    const target = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (!target.startsWith('/')) {
      // "GET http://host/..." is what a bot sends to a forward proxy (HTTP_PROXY): this is not one.
      opts.onRefused?.({ kind: 'absolute-form', method, target: target.replace(/\?.*$/, '') });
      return plain(res, 400, "xcred proxy: this is not a forward HTTP proxy; set it as the bot's exchange base URL instead of HTTPS_PROXY/HTTP_PROXY");
    }
    const refusal = refusalOf(req, opts.checkHost);
    if (refusal) {
      // Nothing goes upstream; an unread request body is discarded by node:http once the answer is out.
      opts.onRefused?.({ kind: refusal.kind, method, target: target.replace(/\?.*$/, ''), reason: refusal.reason });
      return plain(res, 403, `xcred proxy: refused: ${refusal.text}`);
    }
    inFlight++;
    const q = target.indexOf('?');
    const requestHeaders = joinHeaders(req.headers);
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const reqTap = hasBody ? new Tap(captureBytes) : null;
    const resCapture = new Capture(captureBytes);
    const abort = new AbortController();
    let status: number | null = null;
    let responseHeaders: Record<string, string> = {};
    let failure: HttpFailure | null = null;
    let clientAborted = false;
    let upstreamError: unknown = null;
    // --timeout is also a deadline for the whole answer, headers and body: undici's own timeouts only
    // limit each silence, and an exchange (or a hostile host) that trickles a byte at a time would
    // otherwise hold the bot's connection for ever. It runs from when the bot has sent its whole request.
    let deadlinePassed = false;
    let deadline: NodeJS.Timeout | undefined;
    let settled = false;
    let upstreamBody: Dispatcher.ResponseData['body'] | null = null;
    const startDeadline = () => {
      if (settled) return;
      deadline = setTimeout(() => {
        deadlinePassed = true;
        // Mid-answer: cut the bot's connection so it sees a broken answer, never a short one.
        if (res.headersSent) res.destroy();
        upstreamBody?.destroy();
        abort.abort();
      }, opts.timeoutMs);
    };
    if (reqTap) req.once('end', startDeadline);
    else startDeadline();
    res.on('close', () => {
      if (!res.writableFinished && upstreamError === null && !deadlinePassed) {
        clientAborted = true;
        abort.abort();
      }
    });
    try {
      const answer = await dispatcher.request({
        origin,
        path: target,
        method: method as Dispatcher.HttpMethod,
        headers: endToEnd(req.rawHeaders, req.headers.connection),
        body: reqTap ? req.pipe(reqTap) : null,
        // The deadline above decides (and says so); undici's own timeouts stay as a backstop.
        headersTimeout: opts.timeoutMs + 1000,
        bodyTimeout: opts.timeoutMs + 1000,
        signal: abort.signal,
      });
      status = answer.statusCode;
      responseHeaders = joinHeaders(answer.headers);
      const out: string[] = [];
      for (const [k, v] of Object.entries(answer.headers)) {
        if (v === undefined || HOP_BY_HOP.has(k.toLowerCase())) continue;
        for (const one of Array.isArray(v) ? v : [v]) out.push(k, one);
      }
      res.writeHead(answer.statusCode, out);
      upstreamBody = answer.body;
      // pipe(), not pipeline() through a Transform: the extra stage cost milliseconds per answer.
      answer.body.on('data', (c: Buffer) => resCapture.add(c));
      answer.body.once('error', (e) => {
        if (!clientAborted && !deadlinePassed) upstreamError = e;
        res.destroy();
      });
      answer.body.pipe(res);
      await finished(res);
      if (upstreamError) throw upstreamError;
    } catch (err) {
      if (!clientAborted) {
        const ms = Math.round(performance.now() - started);
        failure = deadlinePassed
          ? { kind: 'timeout', code: 'DEADLINE', message: `the exchange did not ${status === null ? 'answer' : 'finish its answer'} within ${opts.timeoutMs} ms (--timeout)`, ms }
          : classifyFailure(upstreamError ?? err, ms);
        if (!res.headersSent) {
          plain(res, failure.kind === 'timeout' ? 504 : 502, `xcred proxy: no answer from ${origin}: ${failure.kind} (${failure.code}): ${failure.message}`);
        } else {
          // Mid-answer: cut the connection so the bot sees a broken answer, never a short one.
          res.destroy();
        }
      }
    } finally {
      settled = true;
      clearTimeout(deadline);
      inFlight--;
    }
    opts.onExchange({
      arrivedAt,
      method,
      target,
      path: q < 0 ? target : target.slice(0, q),
      rawQuery: q < 0 ? '' : target.slice(q + 1),
      requestHeaders,
      requestBody: reqTap ? reqTap.capture.captured() : EMPTY,
      status,
      responseHeaders,
      responseBody: resCapture.captured(),
      ms: performance.now() - started,
      failure,
      clientAborted,
    });
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5000;
  server.headersTimeout = Math.max(opts.timeoutMs, 10_000);
  server.requestTimeout = 0; // large uploads are streamed: no limit on a whole request...
  server.setTimeout(Math.max(60_000, opts.timeoutMs * 3)); // ...but a bot connection silent this long in mid-request is closed
  const refuseSocket = (socket: Socket, status: string, text: string) => {
    const body = text + '\n';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    opts.onRefused?.({ kind: 'websocket', method: req.method ?? 'GET', target: (req.url ?? '/').replace(/\?.*$/, '') });
    refuseSocket(socket, '501 Not Implemented', "xcred proxy passes REST calls only and refuses WebSocket upgrades: connect the bot's streams (wss://) to the exchange directly");
  });
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    opts.onRefused?.({ kind: 'connect', method: 'CONNECT', target: req.url ?? '' });
    refuseSocket(socket, '405 Method Not Allowed', "xcred proxy is not a forward proxy (CONNECT): set it as the bot's exchange base URL instead of HTTPS_PROXY");
  });
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) refuseSocket(socket, '400 Bad Request', 'xcred proxy: malformed HTTP request');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    origin: `http://${host}:${address.port}`,
    port: address.port,
    inFlight: () => inFlight,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        // Requests still running get the timeout to finish, then their connections are cut.
        setTimeout(() => server.closeAllConnections?.(), opts.timeoutMs).unref();
      });
      await dispatcher.close().catch(() => {});
    },
  };
}
