import { createRequire } from 'node:module';
import ccxt from 'ccxt';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';

// ccxt (a real client, pinned in package.json) pointed at the emulator, and
// only at it. Two guards make sure no request can leave the machine:
// - every ccxt instance's fetch() refuses a URL whose host is not 127.0.0.1;
// - below ccxt, net.connect (which undici, ccxt's HTTP engine, opens sockets
//   with) refuses any non-loopback address.
// Both record what they refused; the test files assert the record is empty.

export const refused: string[] = [];

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const net = createRequire(import.meta.url)('node:net') as Record<string, unknown>;
for (const name of ['connect', 'createConnection'] as const) {
  const original = net[name] as (...args: unknown[]) => unknown;
  net[name] = (...args: unknown[]) => {
    const first = args[0];
    const host = typeof first === 'object' && first !== null ? ((first as { host?: string }).host ?? 'localhost') : typeof args[1] === 'string' ? args[1] : 'localhost';
    if (typeof first === 'object' && first !== null && 'path' in first) return original(...args); // a Unix socket
    if (!LOOPBACK.has(host)) {
      refused.push(`net.${name} ${host}`);
      throw new Error(`test guard: refused a connection to ${host} (only 127.0.0.1 is allowed)`);
    }
    return original(...args);
  };
}

type Exchange = InstanceType<typeof ccxt.Exchange>;

export function guard<T extends Exchange>(ex: T): T {
  const original = ex.fetch.bind(ex);
  ex.fetch = (async (url: string, ...rest: unknown[]) => {
    const host = new URL(url).hostname;
    if (host !== '127.0.0.1') {
      refused.push(url);
      throw new Error(`test guard: ccxt tried to reach ${url}`);
    }
    return (original as (...a: unknown[]) => Promise<unknown>)(url, ...rest);
  }) as T['fetch'];
  return ex;
}

/** Every leaf of urls.api, replaced: ccxt deep-merges them, so a key left out would keep a real host. */
export const mexcUrls = (o: string) => ({
  spot: { public: o, private: o },
  spot2: { public: `${o}/open/api/v2`, private: `${o}/open/api/v2` },
  contract: { public: `${o}/api/v1/contract`, private: `${o}/api/v1/private` },
  broker: { private: `${o}/api/v3/broker` },
});
export const cryptocomUrls = (o: string) => ({ base: o, v1: `${o}/exchange/v1`, v2: `${o}/v2`, derivatives: `${o}/v2` });

function leaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(leaves);
  return [];
}

function point<T extends Exchange>(ex: T, urls: Record<string, unknown>): T {
  ex.urls['api'] = urls;
  const leaked = leaves(ex.urls['api']).filter((u) => new URL(u).hostname !== '127.0.0.1');
  if (leaked.length) throw new Error(`ccxt still points at ${leaked.join(', ')}`);
  return ex;
}

const common = { enableRateLimit: false, timeout: 10_000 };

export function mexc(e: RunningEmulator, options: Record<string, unknown> = {}): Exchange {
  const ex = new ccxt.mexc({ apiKey: DEMO_KEYS.mexc.apiKey, secret: DEMO_KEYS.mexc.secret, ...common, options });
  return guard(point(ex, mexcUrls(e.urls.origin)));
}

export function cryptocom(e: RunningEmulator): Exchange {
  const ex = new ccxt.cryptocom({ apiKey: DEMO_KEYS.cryptocom.apiKey, secret: DEMO_KEYS.cryptocom.secret, ...common });
  return guard(point(ex, cryptocomUrls(e.urls.origin)));
}

/** Point an instance at another emulator, keeping the markets it loaded. */
export function repoint(ex: Exchange, e: RunningEmulator): Exchange {
  return point(ex, ex.id === 'mexc' ? mexcUrls(e.urls.origin) : cryptocomUrls(e.urls.origin));
}

/** 'OK', or the class of what ccxt threw (its own error hierarchy: assert on the exact class). */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (err) {
    return (err as Error).constructor.name;
  }
}
