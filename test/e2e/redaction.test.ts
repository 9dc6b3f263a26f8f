import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type RunResult } from '../helpers.js';

// Issue 12, items 5, 10, 11 and 12: what the output boundary must never print,
// and what it must never break.

const KEY = 'mx0vRedactKey00001';
const SECRET = '0123456789abcdef0123456789abcdef';
const ENV = { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: SECRET };
const PASSWORD = 'Hunter2Proxy';
const all = (r: RunResult) => r.stdout + r.stderr;
const fp = (v: string) => 'sha256:' + createHash('sha256').update(v).digest('hex').slice(0, 8);

/** A hostile (or misconfigured) server: answers 401 with the whole request echoed back. */
let echo: Server;
let echoUrl: string;
beforeAll(async () => {
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 700002, msg: 'Signature for this request is not valid.', echo: { url: req.url, headers: req.headers, body } }));
    });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => echo.close(() => r())));

describe('credentials inside URLs (item 5)', () => {
  const proxied = `http://proxyuser:${PASSWORD}@127.0.0.1:9`;

  it('are masked in every sign output: Base URL, request line, curl, JSON, errors', async () => {
    const base = `http://baseuser:${PASSWORD}@127.0.0.1:9`;
    for (const args of [
      ['sign', 'mexc', '--dry-run', '--base-url', base],
      ['sign', 'mexc', '--dry-run', '--base-url', base, '--json'],
      ['sign', 'mexc', '--dry-run', '--base-url', base, '--show-key'],
      ['sign', 'mexc', '--send', '--base-url', base, '--timeout', '500'],
      ['sign', 'mexc', '--send', '--base-url', base, '--timeout', '500', '--json'],
      ['sign', 'mexc', '--base-url', `${base}/?x=1`],
    ]) {
      const r = await runCli(args, { env: ENV });
      expect(all(r), args.join(' ')).not.toContain(PASSWORD);
      if (args.includes('--dry-run')) expect(r.stdout, args.join(' ')).toContain('baseuser:***@127.0.0.1:9');
    }
    const fromEnv = await runCli(['sign', 'mexc', '--dry-run'], { env: { ...ENV, MEXC_BASE_URL: base } });
    expect(fromEnv.stdout).toContain('http://baseuser:***@127.0.0.1:9/api/v3/account');
    expect(fromEnv.stdout).toMatch(/curl -sS -X GET 'http:\/\/baseuser:\*\*\*@127\.0\.0\.1:9\/api\/v3\/account/);
    expect(all(fromEnv)).not.toContain(PASSWORD);
  });

  it('are masked in diagnose (text, --json, --format md, --verbose) and test-auth', async () => {
    for (const mode of [[], ['--json'], ['--format', 'md'], ['--verbose']]) {
      const args = ['diagnose', 'mexc', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '500', '--no-trade-probe', ...mode];
      const viaBase = await runCli(args, { env: { ...ENV, MEXC_BASE_URL: `http://baseuser:${PASSWORD}@127.0.0.1:9` } });
      expect(all(viaBase), mode.join(' ')).not.toContain(PASSWORD);
      expect(viaBase.stdout, mode.join(' ')).toContain('baseuser:***@');
      const viaProxy = await runCli([...args, '--base-url', 'http://127.0.0.1:9', '--proxy', proxied], { env: ENV });
      expect(all(viaProxy), mode.join(' ')).not.toContain(PASSWORD);
      const viaEnvProxy = await runCli([...args, '--base-url', 'http://127.0.0.1:9'], { env: { ...ENV, HTTPS_PROXY: proxied, HTTP_PROXY: proxied } });
      expect(all(viaEnvProxy), mode.join(' ')).not.toContain(PASSWORD);
      if (mode[0] === '--verbose') expect(viaEnvProxy.stdout).toContain('proxyuser:***@127.0.0.1:9');
    }
    const auth = await runCli(['test-auth', 'mexc', '--base-url', `http://baseuser:${PASSWORD}@127.0.0.1:9`, '--timeout', '500'], { env: ENV });
    expect(all(auth)).not.toContain(PASSWORD);
  });

  it('are masked in check-ip (text and --json)', async () => {
    for (const mode of [[], ['--json']]) {
      const r = await runCli(['check-ip', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '500', ...mode], { env: { HTTPS_PROXY: proxied, HTTP_PROXY: proxied } });
      expect(all(r), mode.join(' ')).not.toContain(PASSWORD);
      expect(r.stdout, mode.join(' ')).toContain('proxyuser:***@127.0.0.1:9');
      const flag = await runCli(['check-ip', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '500', '--proxy', proxied, ...mode]);
      expect(all(flag), mode.join(' ')).not.toContain(PASSWORD);
    }
  });
});

describe('a response that echoes the request (item 10)', () => {
  it('never shows the API key in sign, diagnose or test-auth, in any format', async () => {
    const runs = [
      ['sign', 'mexc', '--send', '--base-url', echoUrl],
      ['sign', 'mexc', '--send', '--base-url', echoUrl, '--json'],
      ['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--json'],
      ['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--format', 'md'],
      ['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--verbose'],
      ['test-auth', 'mexc', '--base-url', echoUrl, '--trade', '--json'],
    ];
    for (const args of runs) {
      const r = await runCli(args, { env: ENV });
      expect(r.stdout, args.join(' ')).toContain('echo'); // the body is shown...
      expect(all(r), args.join(' ')).not.toContain(KEY); // ...with the key masked
      if (args.includes('--json')) expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
    const cdc = await runCli(['diagnose', 'cryptocom', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--format', 'md'], {
      env: { CRYPTOCOM_API_KEY: 'CdcRedactKey0000000001', CRYPTOCOM_API_SECRET: 'cxakp_CdcRedactSecret000001' },
    });
    expect(all(cdc)).not.toContain('CdcRedactKey0000000001');
    expect(cdc.stdout).toContain('CdcR…0001');
  });
});

describe('key and secret swapped (item 11)', () => {
  it('shows the value in the API key slot only as length and fingerprint when it has the secret shape', async () => {
    const env = { MEXC_API_KEY: SECRET, MEXC_SECRET_KEY: KEY };
    const edges = `${SECRET.slice(0, 4)}…${SECRET.slice(-4)}`;
    for (const args of [
      ['sign', 'mexc', '--dry-run'],
      ['sign', 'mexc', '--dry-run', '--json'],
      ['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--json'],
      ['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--format', 'md'],
      ['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--verbose'],
    ]) {
      const r = await runCli(args, { env });
      expect(all(r), args.join(' ')).not.toContain(edges);
      expect(all(r), args.join(' ')).not.toContain(SECRET);
      expect(r.stdout, args.join(' ')).toContain(`len 32, ${fp(SECRET)}`);
    }
  });
});

describe('the scrubber keeps output intact (item 12)', () => {
  it('a secret of "null" or "mexc" does not corrupt JSON or rewrite words', async () => {
    const nul = await runCli(['sign', 'mexc', '--dry-run', '--json'], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: 'null' } });
    expect(nul.code).toBe(0);
    expect(JSON.parse(nul.stdout).body).toBeNull();
    const word = await runCli(['sign', 'mexc', '--dry-run'], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: 'mexc' } });
    expect(word.stdout).toContain('xcred sign mexc: MEXC spot v3');
    const md = await runCli(['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--json'], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: 'mexc' } });
    expect(JSON.parse(md.stdout).exchange).toBe('mexc');
  });

  it('a secret far shorter than the exchange\'s is a credentials-format failure', async () => {
    for (const secret of ['abc', 'mexc', '0123456789ab']) {
      const r = await runCli(['diagnose', 'mexc', '--base-url', echoUrl, '--ip-service', `${echoUrl}/ip`, '--json'], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: secret } });
      const credentials = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'credentials');
      expect(credentials, secret).toMatchObject({ status: 'fail', category: 'credentials-format' });
      expect(credentials.summary).toMatch(new RegExp(`the secret is ${secret.length} characters: far too short`));
    }
    const lint = await runCli(['creds', 'lint', 'mexc', '--json'], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: 'abc' } });
    expect(lint.code).toBe(1);
  });

  it('a long secret with JSON syntax in it is scrubbed in every encoding, and the JSON stays valid', async () => {
    const tricky = 'a"b\\c", "d": null, "e';
    const forms = [tricky, JSON.stringify(tricky).slice(1, -1), encodeURIComponent(tricky)];
    const spot = await runCli(['sign', 'mexc', '--dry-run', '--json', '--param', `note=${tricky}`], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: tricky } });
    const futures = await runCli(['sign', 'mexc-futures', '--dry-run', '--json', '--body', JSON.stringify({ note: tricky })], { env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: tricky } });
    for (const r of [spot, futures]) {
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      for (const f of forms) expect(r.stdout).not.toContain(f);
      expect(JSON.stringify(out)).toContain('[redacted]');
    }
  });
});

describe('an excerpt of a response is scrubbed before it is cut', () => {
  it('a server that echoes the key just across the 300-character cut: no part of the key in text, Markdown or JSON', async () => {
    const { createServer } = await import('node:http');
    const KEY = 'mx0vglXcredDemo001';
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(400, { 'Content-Type': 'application/json' });
      // The body starts {"code":700002,"msg":" (22 characters): the key starts 13 characters before the 300-character cut.
      res.end(JSON.stringify({ code: 700002, msg: 'x'.repeat(265) + String(req.headers['x-mexc-apikey']) + ' end' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    try {
      for (const extra of [['--verbose'], ['--format', 'md'], ['--json']]) {
        const r = await runCli(['diagnose', 'mexc', '--base-url', base, '--ip-service', `${base}/ip`, '--timeout', '2000', ...extra], {
          env: { MEXC_API_KEY: KEY, MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' },
        });
        expect(r.stdout).not.toContain(KEY.slice(0, 10));
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
