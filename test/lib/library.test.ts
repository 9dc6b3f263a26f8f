import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIp, diagnose, explain, sign, startEmulator, XcredError, type RunningEmulator } from '../../src/lib.js';
import { DEMO_KEYS } from '../apis.js';
import { MEXC_DOC_ENV, runCli } from '../helpers.js';

// The library returns the objects `xcred <command> --json` prints. Compared
// here with the CLI's own output for the same inputs; only what differs by
// nature (timings, where the key came from) is set aside.

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ scenario: 'wrong-secret' });
});
afterAll(() => emu.close());

const VOLATILE = /\d+ ms (ahead of|behind)|\b\d+ ms\b|±\d+ ms|"xcredVersion": "[^"]+"|"durationMs": \d+|"time": "[^"]+"|"ms": \d+|argument apiKey|argument secret|environment MEXC_API_KEY|environment MEXC_SECRET_KEY|argument baseUrl|flag --base-url/g;
const normal = (x: unknown) => JSON.stringify(x, null, 2).replace(VOLATILE, '…');

describe('diagnose()', () => {
  it('returns the report `xcred diagnose --json` prints, and never the secret', async () => {
    const { apiKey, secret } = DEMO_KEYS.mexc;
    const report = await diagnose({ exchange: 'mexc', apiKey, secret, baseUrl: emu.urls.apis['mexc-spot']!, ipServices: [emu.urls.ipEcho] });
    const cli = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json'], { env: { MEXC_API_KEY: apiKey, MEXC_SECRET_KEY: secret } });
    expect(report.exitCode).toBe(1);
    expect(report.rootCause?.category).toBe('signature');
    expect(normal(report)).toBe(normal(JSON.parse(cli.stdout)));
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(report.checks[0]!.details.join(' ')).toContain('from argument apiKey');
  });

  it('bad options throw an XcredError (exit code 2); an unreachable exchange is a report with exit code 3', async () => {
    await expect(diagnose({ exchange: 'kraken' as never, apiKey: 'k', secret: 's' })).rejects.toThrow(XcredError);
    await expect(diagnose({ exchange: 'mexc', apiKey: 'k', secret: 's', baseUrl: 'ftp://x' })).rejects.toMatchObject({ exitCode: 2 });
    const r = await diagnose({ exchange: 'mexc', ...DEMO_KEYS.mexc, baseUrl: 'http://127.0.0.1:9', ipServices: [], timeoutMs: 500 });
    expect(r.exitCode).toBe(3);
  });
});

describe('sign()', () => {
  it('reproduces the MEXC documentation example byte for byte, key masked, and sends nothing', async () => {
    const out = await sign({
      exchange: 'mexc',
      apiKey: MEXC_DOC_ENV.MEXC_API_KEY,
      secret: MEXC_DOC_ENV.MEXC_SECRET_KEY,
      method: 'POST',
      path: '/api/v3/order',
      params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '1'], ['price', '11']],
      time: 1644489390087,
    });
    expect(out.signature).toBe('fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a');
    expect(out).toMatchObject({ dryRun: true, sent: false, headers: { 'X-MEXC-APIKEY': 'mx0a…BWC5' }, endpoint: { readOnly: false } });
    expect(JSON.stringify(out)).not.toContain(MEXC_DOC_ENV.MEXC_SECRET_KEY);
    expect(JSON.stringify(out)).not.toContain(MEXC_DOC_ENV.MEXC_API_KEY);
  });

  it('Crypto.com: the seed 002 request, params as an object', async () => {
    const out = await sign({ exchange: 'cryptocom', apiKey: 'HaTZb9EMihNmJUyNJ19frs', secret: 'cxakp_oGDfb6D6JW396cYGz8FHmg', time: 1764031976014, id: 1 });
    expect(out.signature).toBe('db730a749acd41a0744a0ba597ac5230a6a3b58ea7d02a01401a8a9d73eea3f7');
    const numbers = await sign({ exchange: 'cryptocom', apiKey: 'token', secret: 'secretKey', path: 'private/get-order-detail', params: { order_id: 53287421324 }, time: 1587846358253, id: 11 });
    expect(numbers.signature).toBe('02ef0a52c9428e5d3dcc5dd24d534ca39ef73f35acd3f6945f139a2364ef67a9');
  });
});

describe('explain() and checkIp()', () => {
  it('explain: the same document as the CLI', async () => {
    const lib = await explain({ exchange: 'mexc', input: { code: 700006, msg: 'IP [203.0.113.7] not in the ip white list' } });
    const cli = JSON.parse((await runCli(['explain', 'mexc', '{"code":700006,"msg":"IP [203.0.113.7] not in the ip white list"}', '--json'])).stdout);
    expect(lib).toEqual(cli);
    expect(lib.reported.ip).toBe('203.0.113.7');
  });

  it('checkIp: the same document as the CLI', async () => {
    const lib = await checkIp({ ipServices: [emu.urls.ipEcho], whitelist: ['203.0.113.0/24'] });
    const cli = JSON.parse((await runCli(['check-ip', '--ip-service', emu.urls.ipEcho, '--whitelist', '203.0.113.0/24', '--json'])).stdout);
    expect(normal(lib)).toBe(normal(cli));
    expect(lib).toMatchObject({ ok: true, egress: { ipv4: '203.0.113.10' } });
  });
});
