import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../apis.js';
import { startEmulator } from '../../src/emulator/server.js';

// A few thousand signed requests from several concurrent clients: every
// verdict must be right (no cross-talk between requests), and the heap must
// not grow with the request count.

const CLIENTS = 6;
const PER_CLIENT = 500;
const { apiKey, secret } = DEMO_KEYS.mexc;

function call(agent: Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('emulator under load', () => {
  it(`${CLIENTS * PER_CLIENT} signed requests from ${CLIENTS} clients: no wrong verdict, flat memory`, async () => {
    const emu = await startEmulator({ scenario: 'ok' });
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = () => {
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    let wrong = 0;
    const round = async (n: number) =>
      Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          const agent = new Agent({ keepAlive: true, maxSockets: 4 });
          for (let i = 0; i < n; i++) {
            const good = (i + client) % 3 !== 0; // a third carry a wrong signature
            const query = `symbol=C${client}N${i}&recvWindow=5000&timestamp=${Date.now()}`;
            const sig = createHmac('sha256', good ? secret : 'x' + secret).update(query).digest('hex');
            const r = await call(agent, `${emu.urls.apis['mexc-spot']!}/api/v3/openOrders?${query}&signature=${sig}`, {
              'X-MEXC-APIKEY': apiKey,
              'Content-Type': 'application/json',
            });
            const ok = good ? r.status === 200 && r.body === '[]' : r.status === 400 && JSON.parse(r.body).code === 700002;
            if (!ok) wrong++;
          }
          agent.destroy();
        }),
      );
    await round(50); // warm-up
    const before = heap();
    const t0 = performance.now();
    await round(PER_CLIENT);
    const seconds = (performance.now() - t0) / 1000;
    const growthMb = (heap() - before) / 2 ** 20;
    await emu.close();
    expect(wrong).toBe(0);
    expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
    expect(growthMb).toBeLessThan(8);
    console.log(`load: ${CLIENTS * PER_CLIENT} requests in ${seconds.toFixed(1)} s, heap growth ${growthMb.toFixed(2)} MiB`);
  }, 120_000);
});
