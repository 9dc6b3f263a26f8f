import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdentifier } from '../../src/core/secret.js';
import { BIN } from '../helpers.js';
import { DEMO_KEYS } from '../apis.js';
import { API } from '../apis.js';
import { startUpstream, type TestUpstream } from '../forensics/upstream.js';
import { send, spawnProxy } from '../forensics/wire.js';

// Forensics handle secrets by design: the proxy analyses with the secret
// xcred holds, the emulator with the one it holds. Neither may print one, in
// text or --json, not even when a client sends its secret as the key or as
// the signature; API keys appear only masked.

const CANARY_KEY = 'mx0vCanaryKey00001';
const CANARY_SECRET = 'c4a7a3e5b1d2f60718293a4b5c6d7e8f';
const forms = (s: string) => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('hex'), maskIdentifier(s)];
const sign = (secret: string, q: string) => createHmac('sha256', secret).update(q).digest('hex');
const spotHeaders = (key: string) => ({ 'X-MEXC-APIKEY': key, 'Content-Type': 'application/json' });

let up: TestUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(async () => {
  await up.close();
});

describe('xcred proxy never prints a secret', () => {
  it.each([[[]], [['--json']], [['--verbose']]])('with %j, whatever the client sends', async (mode) => {
    const p = await spawnProxy(['mexc', '--base-url', up.origin, '--port', '0', ...mode], { MEXC_API_KEY: CANARY_KEY, MEXC_SECRET_KEY: CANARY_SECRET });
    const q = () => `symbol=BTCUSDT&recvWindow=5000&timestamp=${Date.now()}`;
    const requests = [
      // right signature (the exchange refuses anyway), a secret with a newline, the secret sent as the key, the secret sent as the signature
      (() => { const x = q(); return { target: `/api/v3/account?${x}&signature=${sign(CANARY_SECRET, x)}`, headers: spotHeaders(CANARY_KEY) }; })(),
      (() => { const x = q(); return { target: `/api/v3/account?${x}&signature=${sign(CANARY_SECRET + '\n', x)}`, headers: spotHeaders(CANARY_KEY) }; })(),
      (() => { const x = q(); return { target: `/api/v3/account?${x}&signature=${sign(CANARY_KEY, x)}`, headers: spotHeaders(CANARY_SECRET) }; })(),
      (() => { const x = q(); return { target: `/api/v3/account?${x}&signature=${CANARY_SECRET}`, headers: spotHeaders(CANARY_KEY) }; })(),
      // the key inside the query string, in a request the analyser quotes
      (() => { const x = `apiKey=${CANARY_KEY}&note=a%20b%28c%29&timestamp=${Date.now()}`; return { target: `/api/v3/sub-account/apiKey?${x}&signature=${sign(CANARY_SECRET, decodeURIComponent(x))}`, headers: spotHeaders(CANARY_KEY) }; })(),
    ];
    for (const r of requests) await send(p.origin, { method: 'GET', ...r });
    await p.waitForEvents(mode.includes('--json') ? requests.length - 1 : -1).catch(() => {});
    for (let i = 0; i < 200 && (p.stdout().match(/ key /g) ?? []).length < requests.length && !mode.includes('--json'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await p.stop()).toBe(1);
    const out = p.stdout() + p.stderr();
    for (const f of forms(CANARY_SECRET)) expect(out, `the secret (as ${f.length} chars) leaked`).not.toContain(f);
    expect(out).not.toContain(CANARY_KEY);
    expect(out).toContain(maskIdentifier(CANARY_KEY));
    expect(out).toContain('(a secret, not shown)');
    // The analyser did run: the findings name the mistakes without showing what they are made of.
    expect(out).toMatch(/secret-trailing-newline|ends with a newline/);
    expect(out).toMatch(/key and secret are swapped/);
    expect(out).toMatch(/carries the secret itself where the signature belongs/);
  });
});

describe('xcred emulator never prints the secret it holds, and masks keys in its request log', () => {
  it.each([[[]], [['--json']]])('with %j', async (mode) => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--scenario', 'wrong-secret', ...mode], { env: { PATH: process.env.PATH!, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    for (let i = 0; i < 500 && !/MEXC_BASE_URL=([^\s"]+)/.test(stdout); i++) await new Promise((r) => setTimeout(r, 10));
    const base = /MEXC_BASE_URL=([^\s"]+)/.exec(stdout)![1]!;
    const banner = stdout.length;
    const { apiKey, secret, otherSecret } = API['mexc-spot'].emulator.demoKey;
    const q = () => `recvWindow=5000&timestamp=${Date.now()}`;
    const x1 = q();
    await send(base, { method: 'GET', target: `/api/v3/account?${x1}&signature=${sign(secret, x1)}`, headers: spotHeaders(apiKey) });
    const x2 = q();
    await send(base, { method: 'GET', target: `/api/v3/account?${x2}&signature=${sign(apiKey, x2)}`, headers: spotHeaders(secret) });
    const x3 = q();
    await send(base, { method: 'GET', target: `/api/v3/account?${x3}&signature=${sign(otherSecret + ' ', x3)}`, headers: spotHeaders(apiKey) });
    const cdc = DEMO_KEYS.cryptocom;
    const body = JSON.stringify({ id: 1, method: 'private/user-balance', api_key: cdc.apiKey, params: {}, nonce: Date.now(), sig: 'f'.repeat(64) });
    await send(base, { method: 'POST', target: '/exchange/v1/private/user-balance', headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }, body });
    const requestLines = (text: string) => (text.match(/"type":"request"|(GET|POST) +\//g) ?? []).length;
    for (let i = 0; i < 300 && requestLines(stdout.slice(banner)) < 4; i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    const log = stdout.slice(banner) + stderr;
    expect(requestLines(log)).toBe(4);
    // The secret the emulated exchange holds in this scenario is never printed at all.
    for (const f of forms(otherSecret)) expect(stdout + stderr).not.toContain(f);
    // The demo values are public and in the banner, but the request log shows neither a secret nor a whole key.
    for (const f of [...forms(secret), ...forms(API['cryptocom-v1'].emulator.demoKey.secret)]) expect(log).not.toContain(f);
    expect(log).not.toContain(apiKey);
    expect(log).not.toContain(cdc.apiKey);
    if (mode.includes('--json')) {
      const events = log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
      expect(events.filter((e) => e.type === 'request').map((e) => e.apiKey)).toEqual([maskIdentifier(apiKey), '(a secret, not shown)', maskIdentifier(apiKey), maskIdentifier(cdc.apiKey)]);
      expect(events[1]!.finding.variant).toBe('key-secret-swapped');
    } else {
      expect(log).toMatch(/key and secret are swapped/);
    }
  });
});
