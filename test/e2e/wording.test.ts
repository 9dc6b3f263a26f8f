import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEXC_DOC_ENV, runCli } from '../helpers.js';

// Output that says what it means: no internal codes as prose, the proxy named
// when it is the proxy that fails, no reference to a list that is not there.

describe('network failures in words', () => {
  it('a timeout says how long xcred waited, never "timeout: TIMEOUT"', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'slow', '--timeout', '300', '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    const conn = out.checks.find((c: { id: string }) => c.id === 'connectivity');
    expect(conn.summary).toMatch(/^GET \/api\/v3\/time: no answer within \d+ ms \(timed out\)$/);
    expect(r.stdout).not.toMatch(/TIMEOUT/);
    const text = await runCli(['check-ip', '--ip-service', 'http://10.255.255.1/ip', '--timeout', '200']);
    expect(text.stdout).not.toMatch(/TIMEOUT/);
  });

  it('a refused proxy connection is named as the proxy, without its password', async () => {
    const proxy = 'http://user:hunter2@127.0.0.1:9';
    const r = await runCli(['diagnose', 'mexc', '--base-url', 'https://api.mexc.com', '--ip-service', 'https://api.ipify.org', '--proxy', proxy, '--json'], { env: MEXC_DOC_ENV });
    expect(r.code).toBe(3);
    const conn = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'connectivity');
    expect(conn.summary).toBe('GET /api/v3/time: the proxy http://user:***@127.0.0.1:9 refused the connection (ECONNREFUSED): check --proxy / HTTPS_PROXY');
    expect(conn.hint).toMatch(/^The proxy in the path is not answering/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    const ip = await runCli(['check-ip', '--ip-service', 'https://api.ipify.org', '--timeout', '2000'], { env: { HTTPS_PROXY: proxy } });
    expect(ip.stdout).toContain('the proxy http://user:***@127.0.0.1:9 refused the connection');
    expect(ip.stdout).not.toContain('hunter2');
  });
});

describe('explain, with nothing close', () => {
  it('does not point at a list it does not show', async () => {
    const r = await runCli(['explain', 'mexc', 'xyz']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Nearest known');
    expect(r.stdout).not.toContain('one of them');
    expect(r.stdout).toContain('Give the numeric code from the response, or the whole response (`xcred explain mexc -` reads it from standard input)');
    const near = await runCli(['explain', 'mexc', '700099']);
    expect(near.stdout).toContain('Nearest known codes');
    expect(near.stdout).toContain('with one of them');
  });
});

describe('sign says where it masked the key', () => {
  it('the Crypto.com string to sign holds the key: the text says it is shown masked', async () => {
    const env = { CRYPTO_API_KEY: 'HaTZb9EMihNmJUyNJ19frs', CRYPTO_API_SECRET: 'cxakp_oGDfb6D6JW396cYGz8FHmg' };
    const r = await runCli(['sign', 'cryptocom', '--nonce', '1764031976014'], { env });
    expect(r.stdout).toContain('private/user-balance1HaTZ…9frs1764031976014\n   (the API key inside is shown masked as HaTZ…9frs; the signed string holds the whole key: --show-key prints it)');
    const shown = await runCli(['sign', 'cryptocom', '--nonce', '1764031976014', '--show-key'], { env });
    expect(shown.stdout).not.toContain('shown masked');
  });
});

describe('creds show', () => {
  it('has the age and IP-bound fields, in text and JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcred-show-'));
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg'), XCRED_VAULT_PASSPHRASE: 'correct-horse-battery', XCRED_SCRYPT_LOGN: '10' };
    const add = await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--created', '30d', '--ip-bound'], { env, input: 'mx0vglXcredDemo001\n7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50\n' });
    expect(add.code).toBe(0);
    const text = await runCli(['creds', 'show', 'mexc'], { env });
    expect(text.stdout).toMatch(/^ {2}age {8}30 days$/m);
    expect(text.stdout).toMatch(/^ {2}IP-bound {3}yes$/m);
    const json = JSON.parse((await runCli(['creds', 'show', 'mexc', '--json'], { env })).stdout);
    expect(json).toMatchObject({ ageDays: 30, ipBound: true });
  });
});
