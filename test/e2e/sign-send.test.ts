import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, MEXC_DOC_ENV, runCli } from '../helpers.js';

// `xcred sign` sends nothing unless --send; a request that can change the
// account goes out only with --yes or a "y" typed on the terminal. A counting
// server stands in for the exchange: what matters is whether anything arrived.

let server: Server;
let base: string;
const received: Array<{ method: string; url: string }> = [];
const CDC_ENV = { CRYPTOCOM_API_KEY: 'XcredDemoKey0000000001', CRYPTOCOM_API_SECRET: 'cxakp_XcredDemoSecret0000001' };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    res.setHeader('Content-Type', 'application/json');
    res.end(req.url?.startsWith('/exchange') ? '{"id":1,"code":0,"result":{}}' : '{"balances":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  received.length = 0;
});

const ORDER = ['--method', 'POST', '--path', '/api/v3/order', '--param', 'symbol=BTCUSDT', '--param', 'side=BUY', '--param', 'type=LIMIT', '--param', 'quantity=1', '--param', 'price=11'];

describe('xcred sign sends nothing unless --send', () => {
  it('no flag and --dry-run both sign and send nothing, even for an order', async () => {
    for (const extra of [[], ['--dry-run']]) {
      const r = await runCli(['sign', 'mexc', '--json', '--base-url', base, ...ORDER, ...extra], { env: MEXC_DOC_ENV });
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ dryRun: true, sent: false, endpoint: { readOnly: false } });
      expect(out.signature).toMatch(/^[0-9a-f]{64}$/);
    }
    const text = await runCli(['sign', 'mexc', '--base-url', base, ...ORDER], { env: MEXC_DOC_ENV });
    expect(text.stdout).toContain('(dry run: nothing sent)');
    expect(text.stdout).toMatch(/Not sent\. This request can change the account \(POST \/api\/v3\/order places or changes orders/);
    expect(received).toEqual([]);
  });

  it('--send of a read is sent without asking, and the answer is explained', async () => {
    const r = await runCli(['sign', 'mexc', '--send', '--json', '--base-url', base], { env: MEXC_DOC_ENV });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: false, sent: true, endpoint: { readOnly: true }, response: { status: 200 } });
    expect(received.map((x) => x.method + ' ' + x.url.split('?')[0])).toEqual(['GET /api/v3/account']);
  });

  it('--send of an order without --yes and without a terminal: exit 2, nothing sent', async () => {
    const r = await runCli(['sign', 'mexc', '--send', '--json', '--base-url', base, ...ORDER], { env: MEXC_DOC_ENV });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/^not sent: POST \/api\/v3\/order places or changes orders .*Add --yes to send it anyway/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(received).toEqual([]);
  });

  it('--send --yes sends the order', async () => {
    const r = await runCli(['sign', 'mexc', '--send', '--yes', '--json', '--base-url', base, ...ORDER], { env: MEXC_DOC_ENV });
    expect(JSON.parse(r.stdout).sent).toBe(true);
    expect(received.map((x) => x.method + ' ' + x.url.split('?')[0])).toEqual(['POST /api/v3/order']);
  });

  it('Crypto.com: get-* methods are sent, create-order needs --yes', async () => {
    const cdc = `${base}/exchange/v1`;
    const read = await runCli(['sign', 'cryptocom', '--send', '--json', '--base-url', cdc, '--path', 'private/get-order-detail', '--params', '{"order_id":"1"}'], { env: CDC_ENV });
    expect(JSON.parse(read.stdout).sent).toBe(true);
    const order = await runCli(['sign', 'cryptocom', '--send', '--json', '--base-url', cdc, '--path', 'private/create-order', '--params', '{"instrument_name":"BTC_USDT","side":"BUY","type":"LIMIT","price":"1","quantity":"1"}'], { env: CDC_ENV });
    expect(order.code).toBe(2);
    expect(received.map((x) => x.url)).toEqual(['/exchange/v1/private/get-order-detail']);
  });

  it('contradictions are usage errors', async () => {
    expect((await runCli(['sign', 'mexc', '--send', '--dry-run'], { env: MEXC_DOC_ENV })).stderr).toMatch(/--send and --dry-run contradict each other/);
    expect((await runCli(['sign', 'mexc', '--yes'], { env: MEXC_DOC_ENV })).stderr).toMatch(/--yes only matters with --send/);
  });
});

const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;

describe.skipIf(!hasScript)('on a terminal, --send asks first (run under script(1), a real pseudo-terminal)', () => {
  const onTty = (answer: string) => {
    const cmd = [process.execPath, BIN, 'sign', 'mexc', '--send', '--base-url', base, ...ORDER].map((a) => `'${a}'`).join(' ');
    return new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { PATH: process.env.PATH!, HOME: process.env.HOME!, NO_COLOR: '1', ...MEXC_DOC_ENV } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        if (out.includes('[y/N]')) child.stdin.end(`${answer}\n`);
      });
      child.on('close', (code: number | null) => resolve({ code, out }));
    });
  };

  it('"n" (or anything but y): nothing sent, exit 2', async () => {
    const r = await onTty('n');
    expect(r.out).toMatch(/This request can change your account: POST \/api\/v3\/order places or changes orders/);
    expect(r.out).toContain('not sent: not confirmed');
    expect(r.code).toBe(2);
    expect(received).toEqual([]);
  });

  it('"y": sent', async () => {
    const r = await onTty('y');
    expect(r.code).toBe(0);
    expect(r.out).toContain('6. Response');
    expect(received.map((x) => x.method)).toEqual(['POST']);
  });
});

describe('sign --send says whether the request reached the exchange', () => {
  it('refused connection: sent false, "never left"; no answer in time after sending an order: sent null, "check its open orders"', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((r) => dead.close(r));
    const refused = await runCli(['sign', 'mexc', '--send', '--json', '--base-url', deadUrl], { env: MEXC_DOC_ENV });
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ sent: false, response: { failure: { kind: 'refused' } } });
    expect((await runCli(['sign', 'mexc', '--send', '--base-url', deadUrl], { env: MEXC_DOC_ENV })).stdout).toContain('The request never left this machine');

    // A server that reads the order and never answers.
    const silent = createServer((req) => req.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const json = await runCli(['sign', 'mexc', '--send', '--yes', '--json', '--timeout', '300', '--base-url', silentUrl, ...ORDER], { env: MEXC_DOC_ENV });
      expect(json.code).toBe(3);
      expect(JSON.parse(json.stdout)).toMatchObject({ sent: null, response: { failure: { kind: 'timeout' } } });
      const text = await runCli(['sign', 'mexc', '--send', '--yes', '--timeout', '300', '--base-url', silentUrl, ...ORDER], { env: MEXC_DOC_ENV });
      expect(text.stdout).toContain('The request may have reached the exchange: check its open orders and history before sending it again.');
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});
