import { describe, expect, it } from 'vitest';
import { MEXC_DOC_ENV, runCli } from '../helpers.js';

const CDC_ENV = { CRYPTO_API_KEY: 'HaTZb9EMihNmJUyNJ19frs', CRYPTO_API_SECRET: 'cxakp_oGDfb6D6JW396cYGz8FHmg' };

describe('xcred sign --dry-run', () => {
  it('reproduces MEXC doc Example 2 byte for byte', async () => {
    const r = await runCli(
      ['sign', 'mexc', '--dry-run', '--json', '--method', 'POST', '--path', '/api/v3/order', '--timestamp', '1644489390087',
        '--param', 'symbol=BTCUSDT', '--param', 'side=BUY', '--param', 'type=LIMIT', '--param', 'quantity=1', '--param', 'price=11'],
      { env: MEXC_DOC_ENV },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.signature).toBe('fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a');
    expect(out.url).toBe(
      'https://api.mexc.com/api/v3/order?symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000&timestamp=1644489390087&signature=fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a',
    );
    expect(out.headers).toEqual({ 'X-MEXC-APIKEY': 'mx0a…BWC5', 'Content-Type': 'application/json' });
    expect(r.stdout).not.toContain(MEXC_DOC_ENV.MEXC_SECRET_KEY);
    expect(r.stdout).not.toContain(MEXC_DOC_ENV.MEXC_API_KEY);
  });

  it('reproduces the seed 002 Crypto.com request, key masked in every field', async () => {
    const r = await runCli(['sign', 'cryptocom', '--dry-run', '--json', '--nonce', '1764031976014', '--id', '1'], { env: CDC_ENV });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.signature).toBe('db730a749acd41a0744a0ba597ac5230a6a3b58ea7d02a01401a8a9d73eea3f7');
    expect(out.stringToSign).toBe('private/user-balance1HaTZ…9frs1764031976014');
    expect(out.url).toBe('https://api.crypto.com/exchange/v1/private/user-balance');
    expect(JSON.parse(out.body)).toMatchObject({ id: 1, method: 'private/user-balance', params: {}, nonce: 1764031976014 });
    expect(out.credentials.apiKey.source).toBe('environment CRYPTO_API_KEY');
    expect(r.stdout).not.toContain('cxakp_oGDfb6D6JW396cYGz8FHmg');
    expect(r.stdout).not.toContain('HaTZb9EMihNmJUyNJ19frs');
  });

  it('shows the key only with --show-key, never the secret', async () => {
    const r = await runCli(['sign', 'cryptocom', '--dry-run', '--show-key', '--nonce', '1764031976014'], { env: CDC_ENV });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('private/user-balance1HaTZb9EMihNmJUyNJ19frs1764031976014');
    expect(r.stdout).not.toContain('cxakp_oGDfb6D6JW396cYGz8FHmg');
    expect(r.stdout).toMatch(/len 28, sha256:[0-9a-f]{8}/);
  });

  it('prints the steps and a curl command that reads the key from the environment', async () => {
    const r = await runCli(['sign', 'mexc', '--dry-run', '--timestamp', '1644489390087'], { env: MEXC_DOC_ENV });
    expect(r.code).toBe(0);
    for (const step of ['1. Inputs', '2. String to sign', '3. Signature', '4. Request', '5. Reproduce with curl']) expect(r.stdout).toContain(step);
    expect(r.stdout).toContain('recvWindow=5000&timestamp=1644489390087');
    expect(r.stdout).toContain('1103ce19f47c037fc03b8b9d674e10ee76e53272851eb2a3b10321cd353fb9bf');
    expect(r.stdout).toContain(`"$MEXC_API_KEY"`);
  });

  it('signs futures GET with sorted params and POST with the exact body', async () => {
    const get = await runCli(
      ['sign', 'mexc-futures', '--dry-run', '--json', '--timestamp', '1644489390087', '--path', '/api/v1/private/order/list',
        '--param', 'symbol=BTC_USDT', '--param', 'page_num=1', '--param', 'page_size=20'],
      { env: MEXC_DOC_ENV },
    );
    expect(JSON.parse(get.stdout).signature).toBe('51a6189b23d578f1d50b14da4f4cda3cc5afb53d19095a9e9436bb1dd6ced504');
    const body = '{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}';
    const post = await runCli(
      ['sign', 'mexc-futures', '--dry-run', '--json', '--timestamp', '1644489390087', '--path', '/api/v1/private/order/submit', '--body', body],
      { env: MEXC_DOC_ENV },
    );
    const out = JSON.parse(post.stdout);
    expect(out.method).toBe('POST');
    expect(out.body).toBe(body);
    expect(out.signature).toBe('fb451d857d6ae2cda67ea286bc9159011ef7b47b2e2c395fce222b01100035ff');
  });

  it('reads the secret from stdin, dropping the newline echo adds', async () => {
    const r = await runCli(['sign', 'mexc', '--dry-run', '--json', '--secret-stdin', '--timestamp', '1644489390087'], {
      env: { MEXC_API_KEY: MEXC_DOC_ENV.MEXC_API_KEY },
      input: MEXC_DOC_ENV.MEXC_SECRET_KEY + '\n',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).signature).toBe('1103ce19f47c037fc03b8b9d674e10ee76e53272851eb2a3b10321cd353fb9bf');
  });

  it('warns and sends JSON numbers in Crypto.com params as strings', async () => {
    const r = await runCli(['sign', 'cryptocom', '--dry-run', '--json', '--path', 'private/get-order-detail', '--params', '{"order_id": 53287421324}', '--nonce', '1587846358253', '--id', '11'], {
      env: { CRYPTOCOM_API_KEY: 'token', CRYPTOCOM_API_SECRET: 'secretKey' },
    });
    const out = JSON.parse(r.stdout);
    expect(out.signature).toBe('02ef0a52c9428e5d3dcc5dd24d534ca39ef73f35acd3f6945f139a2364ef67a9');
    expect(JSON.parse(out.body).params).toEqual({ order_id: '53287421324' });
    expect(out.notes.join(' ')).toMatch(/as strings/);
  });
});

describe('xcred sign: bad input is one line, exit 2, no stack', () => {
  it.each([
    [['sign', 'kraken', '--dry-run'], /unknown exchange "kraken"/],
    [['sign', 'mexc', '--dry-run', '--param', 'novalue'], /malformed --param "novalue"/],
    [['sign', 'cryptocom', '--dry-run', '--params', '{"a":'], /--params is not valid JSON/],
    [['sign', 'mexc-futures', '--dry-run', '--body', '{nope'], /--body is not valid JSON/],
    [['sign', 'mexc', '--dry-run', '--recv-window', '70000'], /above MEXC's limit of 60000/],
    [['sign', 'mexc', '--dry-run', '--timestamp', '1644489390'], /looks like seconds/],
    [['sign', 'mexc', '--dry-run', '--bogus'], /unknown option '--bogus'/],
    [['sign', 'mexc', '--dry-run', '--base-url', 'ftp://x'], /--base-url must be http/],
  ])('%j', async (args, message) => {
    const r = await runCli(args, { env: MEXC_DOC_ENV });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('names the variables to set when credentials are missing', async () => {
    const r = await runCli(['sign', 'mexc', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no MEXC spot v3 API key: set MEXC_API_KEY/);
  });

  it('prints one JSON error document under --json', async () => {
    const r = await runCli(['sign', 'cryptocom', '--dry-run', '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: false, exitCode: 2, error: { kind: 'usage' } });
  });
});

describe('a closed pipe', () => {
  it('`xcred ... | head -1` ends quietly, no stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const { BIN } = await import('../helpers.js');
    const r = spawnSync('sh', ['-c', `node ${BIN} explain mexc 700002 | head -c 10; node ${BIN} --help | head -c 10`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
  });
});

describe('colour and the code cache', () => {
  it('colour only when forced or on a terminal; NO_COLOR wins', async () => {
    const { MEXC_DOC_ENV: env } = await import('../helpers.js');
    const piped = await runCli(['explain', 'mexc', '700002'], { env: { NO_COLOR: '' } });
    expect(piped.stdout).not.toContain('\u001b[');
    const forced = await runCli(['explain', 'mexc', '700002'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const both = await runCli(['explain', 'mexc', '700002'], { env: { NO_COLOR: '1', FORCE_COLOR: '1', ...env } });
    expect(both.stdout).not.toContain('\u001b[');
  });

  it('keeps one V8 code cache per build, private to the user', async () => {
    const { mkdtempSync, readdirSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const cache = mkdtempSync(join(tmpdir(), 'xcred-cache-'));
    for (let i = 0; i < 3; i++) expect((await runCli(['explain', 'mexc', '700002'], { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    const files = readdirSync(join(cache, 'xcred'));
    if (typeof ((await import('node:module')).default as { enableCompileCache?: unknown }).enableCompileCache !== 'function') {
      expect(files).toHaveLength(1);
      expect(statSync(join(cache, 'xcred', files[0]!)).mode & 0o777).toBe(0o600);
      expect(statSync(join(cache, 'xcred')).mode & 0o777).toBe(0o700);
    }
  });
});

describe('the bundle', () => {
  it('has no native import(): under the code cache it would print an ExperimentalWarning', async () => {
    const { readFileSync } = await import('node:fs');
    const bundle = readFileSync(new URL('../../dist/cli.cjs', import.meta.url), 'utf8');
    expect(bundle.match(/\bimport\(["'`]/g) ?? []).toEqual([]);
  });
});
