import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, request } from 'node:http';
import { BIN } from '../helpers.js';
import type { WireRequest } from './clients.js';

// Sending exact bytes (node:http, no URL normalisation), and running the
// built `xcred proxy` as a user's shell would.

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function send(origin: string, r: WireRequest, agent?: Agent): Promise<WireResponse> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: r.method, path: r.target, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body ?? undefined);
  });
}

export interface SpawnedProxy {
  child: ChildProcessWithoutNullStreams;
  origin: string;
  listening: Record<string, unknown>;
  events: Array<Record<string, unknown>>;
  stdout(): string;
  stderr(): string;
  /** Wait until there are more than `count` request events. */
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  /** The first request event for this path at or after index `from`. */
  eventFor(path: string, from: number, timeoutMs?: number): Promise<Record<string, any>>;
  /** Ctrl-C, then the exit code. */
  stop(): Promise<number | null>;
  /** The exit code once it stops by itself (--count). */
  exited(): Promise<number | null>;
}

export async function spawnProxy(args: string[], env: Record<string, string>, opts: { cwd?: string } = {}): Promise<SpawnedProxy> {
  const child = spawn(process.execPath, [BIN, 'proxy', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? '/nonexistent-home', NO_COLOR: '1', ...env },
    cwd: opts.cwd ?? new URL('../../fixtures/empty-cwd', import.meta.url).pathname,
  });
  let out = '';
  let err = '';
  const events: Array<Record<string, unknown>> = [];
  let listening: Record<string, unknown> | null = null;
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!args.includes('--json') || line === '') continue;
      const e = JSON.parse(line) as Record<string, unknown>;
      if (e.type === 'listening') listening = e;
      else events.push(e);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d));
  const wait = async (ok: () => boolean, timeoutMs: number, what: string) => {
    const until = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; stdout: ${out.slice(-2000)}; stderr: ${err.slice(-2000)}`);
      if (child.exitCode !== null) throw new Error(`xcred proxy exited ${child.exitCode}: ${err}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  if (args.includes('--json')) await wait(() => listening !== null, 15_000, 'the listening event');
  else await wait(() => /Listening on\s+(\S+)/.test(out), 15_000, 'the start banner');
  const origin = args.includes('--json') ? String(listening!.listen) : /Listening on\s+(\S+)/.exec(out)![1]!;
  return {
    child,
    origin,
    listening: listening ?? {},
    events,
    stdout: () => out,
    stderr: () => err,
    waitForEvents: (count, timeoutMs = 10_000) => wait(() => events.filter((e) => e.type === 'request').length > count, timeoutMs, `request event ${count + 1}`),
    eventFor: async (path, from, timeoutMs = 10_000) => {
      const find = () => events.filter((e) => e.type === 'request').slice(from).find((e) => e.path === path);
      await wait(() => find() !== undefined, timeoutMs, `an event for ${path}`);
      return find()!;
    },
    exited: () => (child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((r) => child.on('exit', (code) => r(code)))),
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const closed = new Promise<number | null>((r) => child.on('close', r));
      child.kill('SIGINT');
      return closed;
    },
  };
}
