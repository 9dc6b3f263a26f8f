import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';
import { send } from '../forensics/wire.js';
import { spawnProxy, type SpawnedProxy } from '../forensics/wire.js';

// 1,000 requests through `xcred proxy` from 10 concurrent keep-alive clients.
// A recorder sits in front of the emulator and keeps exactly what arrived
// (method, request target, raw headers, body bytes); each request must arrive
// as the client sent it, and each answer must reach the client as the
// emulator sent it. Latency is measured by `npm run bench`, not here.

const CLIENTS = 10;
const PER_CLIENT = 100;
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

interface Seen {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
  responseSha: string;
}

let emu: RunningEmulator;
let recorder: Server;
let recorderOrigin: string;
let proxy: SpawnedProxy;
const seen = new Map<string, Seen>();

const endToEnd = (raw: string[]) => {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP.has(raw[i]!.toLowerCase())) out.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
  return out;
};

beforeAll(async () => {
  emu = await startEmulator({ scenario: 'ok' });
  const upstream = new URL(emu.urls.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  recorder = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (d: Buffer) => parts.push(d));
        up.on('end', () => {
          const answer = Buffer.concat(parts);
          const id = req.headers['x-load-id'];
          if (typeof id === 'string') {
            seen.set(id, { method: req.method!, target: req.url!, headers: endToEnd(req.rawHeaders), body: body.toString('latin1'), responseSha: createHash('sha256').update(answer).digest('hex') });
          }
          res.writeHead(up.statusCode!, up.headers);
          res.end(answer);
        });
      });
      forward.end(body);
    });
  });
  await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
  recorderOrigin = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  proxy = await spawnProxy(['mexc', '--base-url', recorderOrigin, '--port', '0', '--json', '--count', String(CLIENTS * PER_CLIENT)], {
    MEXC_API_KEY: DEMO_KEYS.mexc.apiKey,
    MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret,
  });
});

afterAll(async () => {
  await proxy?.stop();
  await new Promise((r) => recorder?.close(r));
  await emu?.close();
});

describe('xcred proxy under load', () => {
  it(`${CLIENTS * PER_CLIENT} requests from ${CLIENTS} concurrent clients arrive byte for byte, and their answers come back byte for byte`, async () => {
    const { apiKey, secret } = DEMO_KEYS.mexc;
    const sent = new Map<string, { method: string; target: string; headers: Array<[string, string]>; body: string }>();
    const mismatches: string[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        for (let i = 0; i < PER_CLIENT; i++) {
          const id = `c${client}-r${i}`;
          const post = i % 3 === 0;
          // Values that a careless intermediary would re-encode or re-order.
          const query = `symbol=BTCUSDT&memo=${encodeURIComponent(`a b(${id})`).replace(/\(/g, '%28').replace(/\)/g, '%29')}&list=BTC,ETH&recvWindow=5000&timestamp=${Date.now()}`;
          const body = post ? `side=BUY&type=LIMIT&quantity=0.0001&price=20000&note=${randomBytes(6).toString('hex')}` : '';
          const signature = createHmac('sha256', secret).update(query + body).digest('hex');
          const headers: Array<[string, string]> = [
            ['x-mexc-apikey', apiKey],
            ['content-type', 'application/json'],
            ['x-load-id', id],
            ['x-dup', 'one'],
            ['x-dup', 'two'],
            ['accept', '*/*'],
            ...(post ? ([['content-length', String(body.length)]] as Array<[string, string]>) : []),
          ];
          const target = `/api/v3/${post ? 'order/test' : 'openOrders'}?${query}&signature=${signature}`;
          const method = post ? 'POST' : 'GET';
          sent.set(id, { method, target, headers, body });
          const flat: Record<string, string | string[]> = {};
          for (const [k, v] of headers) flat[k] = k in flat ? ([] as string[]).concat(flat[k]!, v) : v;
          const res = await send(proxy.origin, { method, target, headers: flat as Record<string, string>, ...(post ? { body } : {}) }, agent);
          const r = seen.get(id);
          if (!r) mismatches.push(`${id}: never reached the emulator (${res.status})`);
          else if (createHash('sha256').update(res.body).digest('hex') !== r.responseSha) mismatches.push(`${id}: the answer changed on the way back`);
          if (res.status !== 200) mismatches.push(`${id}: status ${res.status} ${res.body.toString()}`);
        }
        agent.destroy();
      }),
    );
    expect(mismatches).toEqual([]);
    for (const [id, s] of sent) {
      const r = seen.get(id)!;
      expect({ method: r.method, target: r.target, headers: r.headers, body: r.body }, id).toEqual({ method: s.method, target: s.target, headers: s.headers, body: s.body });
    }
    // The proxy logged every request, all accepted, and stopped by itself after --count.
    await proxy.waitForEvents(CLIENTS * PER_CLIENT - 1, 30_000);
    const events = proxy.events.filter((e) => e.type === 'request');
    expect(events).toHaveLength(CLIENTS * PER_CLIENT);
    expect(events.every((e) => e.outcome === 'ok')).toBe(true);
    expect(await proxy.stop()).toBe(0);
    const summary = proxy.events.find((e) => e.type === 'summary') as { requests: number; outcomes: Record<string, number> };
    expect(summary).toMatchObject({ requests: CLIENTS * PER_CLIENT, outcomes: { ok: CLIENTS * PER_CLIENT } });
  }, 120_000);
});
