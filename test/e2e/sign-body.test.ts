import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';
import { runCli } from '../helpers.js';

// `sign mexc --body`: what xcred signs must be what the exchange verifies.
// Form bodies are signed after the query (the docs' Example 3); JSON bodies
// are not signed (broker endpoints, ccxt); a GET carries no body.

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ scenario: 'ok' });
});
afterAll(() => emu.close());

const env = () => ({ MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret });
const send = (body: string) =>
  runCli(['sign', 'mexc', '--send', '--json', '--base-url', emu.urls.apis['mexc-spot']!, '--method', 'POST', '--path', '/api/v3/order/test', '--param', 'symbol=BTCUSDT', '--body', body], { env: env() });

describe('sign mexc --body is accepted by the exchange it signs for', () => {
  it('a form body: signed after the query, accepted', async () => {
    const r = await send('side=BUY&type=LIMIT&quantity=1&price=11');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stringToSign).toMatch(/timestamp=\d+side=BUY&type=LIMIT&quantity=1&price=11$/);
  });

  it('a JSON body: only the query is signed, accepted, and the note says why', async () => {
    const r = await send('{"side":"BUY","type":"LIMIT","quantity":"1","price":"11"}');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stringToSign).toMatch(/timestamp=\d+$/);
    expect(JSON.stringify(out.notes)).toMatch(/JSON body is not signed/);
  });

  it('a body on a GET: a usage error, exit 2, nothing sent', async () => {
    const r = await runCli(['sign', 'mexc', '--send', '--base-url', emu.urls.apis['mexc-spot']!, '--body', '{"a":1}'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/sends no body/);
  });
});
