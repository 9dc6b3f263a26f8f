import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { lazyRequire } from '../io/lazy-require.js';
import { displayProxy } from './failure.js';
import { proxyFor } from './http.js';

// DNS, TCP and TLS to the exchange, each timed and each allowed to fail on
// its own, so "cannot resolve", "refused" and "intercepted certificate" are
// told apart. Sends no HTTP data.

export type StepResult =
  | { ok: true; ms: number; detail: string }
  | { ok: false; ms: number; code: string; detail: string }
  | { skipped: string };

export interface ConnectivityResult {
  host: string;
  port: number;
  proxy: string | null;
  dns: StepResult;
  tcp: StepResult;
  tls: StepResult;
  /** Issuer of the certificate presented, when TLS ran. */
  issuer: string | null;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'TIMEOUT' })), ms);
    }),
  ]);
}

const elapsed = (t0: number) => Math.round(performance.now() - t0);

export async function probeConnectivity(url: string, opts: { timeoutMs: number; proxy?: string | undefined; ca?: string | undefined }): Promise<ConnectivityResult> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  const rawProxy = proxyFor(url, opts.proxy, process.env);
  // Shown in reports: never with the proxy's user and password.
  const proxy = rawProxy === null ? null : displayProxy(rawProxy);
  const result: ConnectivityResult = { host, port, proxy, dns: { skipped: '' }, tcp: { skipped: '' }, tls: { skipped: '' }, issuer: null };
  if (proxy) {
    const why = `a proxy (${proxy}) is in the path: the HTTP check goes through it`;
    return { ...result, dns: { skipped: why }, tcp: { skipped: why }, tls: { skipped: why } };
  }

  let address = host;
  let t0 = performance.now();
  if (isIP(host)) {
    result.dns = { skipped: 'the base URL uses an IP address' };
  } else {
    try {
      const all = await withTimeout((lazyRequire('node:dns/promises') as typeof import('node:dns/promises')).lookup(host, { all: true }), opts.timeoutMs, 'DNS lookup');
      address = all[0]!.address;
      result.dns = { ok: true, ms: elapsed(t0), detail: all.map((a) => a.address).slice(0, 4).join(', ') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      result.dns = { ok: false, ms: elapsed(t0), code, detail: code === 'ENOTFOUND' ? `${host} does not resolve` : (err as Error).message };
      result.tcp = { skipped: 'DNS failed' };
      result.tls = { skipped: 'DNS failed' };
      return result;
    }
  }

  t0 = performance.now();
  let socket: Socket;
  try {
    socket = await withTimeout(
      new Promise<Socket>((resolve, reject) => {
        const s = netConnect({ host: address, port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      }),
      opts.timeoutMs,
      'TCP connect',
    );
    result.tcp = { ok: true, ms: elapsed(t0), detail: `${address}:${port}` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    result.tcp = { ok: false, ms: elapsed(t0), code, detail: `${address}:${port}: ${code === 'ECONNREFUSED' ? 'connection refused' : (err as Error).message}` };
    result.tls = { skipped: 'TCP failed' };
    return result;
  }

  if (u.protocol !== 'https:') {
    socket.destroy();
    result.tls = { skipped: 'plain HTTP base URL (no TLS)' };
    return result;
  }
  t0 = performance.now();
  try {
    const tls = await withTimeout(
      new Promise<TLSSocket>((resolve, reject) => {
        // Verification is done by hand below, so the certificate can be named even when it is refused.
        // node:tls only for an https base URL (a plain-HTTP one, such as the emulator's, never loads it).
        const s = (lazyRequire('node:tls') as typeof import('node:tls')).connect({ socket, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, ...(opts.ca ? { ca: opts.ca } : {}) });
        s.once('secureConnect', () => resolve(s));
        s.once('error', reject);
      }),
      opts.timeoutMs,
      'TLS handshake',
    );
    const cert = tls.getPeerCertificate();
    const issuer = cert?.issuer ? [cert.issuer.O, cert.issuer.CN].filter(Boolean).join(' / ') : null;
    result.issuer = issuer || null;
    if (tls.authorized) {
      result.tls = { ok: true, ms: elapsed(t0), detail: `${tls.getProtocol()}, certificate issued by ${issuer ?? 'unknown'}` };
    } else {
      const code = String(tls.authorizationError ?? 'CERT_UNTRUSTED');
      result.tls = { ok: false, ms: elapsed(t0), code, detail: `certificate refused (${code}), issued by ${issuer ?? 'unknown'}` };
    }
    tls.destroy();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    result.tls = { ok: false, ms: elapsed(t0), code, detail: (err as Error).message };
    socket.destroy();
  }
  return result;
}
