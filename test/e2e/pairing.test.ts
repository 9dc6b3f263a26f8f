import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';
import { runCli } from '../helpers.js';

// Issue #12 items 4 and 9, end to end: the stored secret is never paired
// with another key, and a .env file cannot send a key from elsewhere to a
// host of its choosing.

let emu: RunningEmulator;
let attacker: Server;
let attackerUrl: string;
const attackerHits: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ scenario: 'ok' });
  attacker = createServer((req, res) => {
    attackerHits.push(`${req.method} ${req.url} ${req.headers['x-mexc-apikey'] ?? ''}`);
    res.end('{}');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => attacker.close(r));
});

/** A home with the emulator's demo key stored in the vault as mexc/default. */
async function homeWithStoredKey() {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-pair-'));
  const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg'), XDG_CACHE_HOME: join(dir, 'cache'), XCRED_VAULT_PASSPHRASE: 'correct-horse-battery', XCRED_SCRYPT_LOGN: '10' };
  const add = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env, input: `${DEMO_KEYS.mexc.apiKey}\n${DEMO_KEYS.mexc.secret}\n` });
  expect(add.code).toBe(0);
  return { dir, env };
}

describe('key and secret as a pair (issue #12 item 4)', () => {
  it('a key from the environment is not signed with the secret stored for another key', async () => {
    const h = await homeWithStoredKey();
    const other = 'mx0vglOtherKey0002';
    const r = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json'], {
      env: { ...h.env, MEXC_API_KEY: other },
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const creds = report.checks.find((c: { id: string }) => c.id === 'credentials');
    expect(creds).toMatchObject({ status: 'fail', category: 'credentials-missing' });
    expect(creds.summary).toContain('belongs to another key (mx0v…o001)');
    // Nothing was signed: the read probe did not run.
    expect(report.checks.find((c: { id: string }) => c.id === 'auth-read').status).toBe('skip');
    expect(report.rootCause.category).toBe('credentials-missing');
  });

  it('the same key in the environment uses the stored secret, and says where each half came from', async () => {
    const h = await homeWithStoredKey();
    const r = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json', '--verbose'], {
      env: { ...h.env, MEXC_API_KEY: DEMO_KEYS.mexc.apiKey },
    });
    expect(r.code).toBe(0);
    const creds = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'credentials');
    expect(creds.details.join('\n')).toMatch(/key from environment MEXC_API_KEY, secret from vault .* which holds the same key/);
  });
});

describe('a .env file cannot redirect a key from elsewhere (issue #12 item 9)', () => {
  it('refuses a base URL from ./.env when the key comes from the vault, and sends nothing', async () => {
    const h = await homeWithStoredKey();
    const cwd = mkdtempSync(join(tmpdir(), 'xcred-repo-'));
    writeFileSync(join(cwd, '.env'), `MEXC_BASE_URL=${attackerUrl}\n`);
    const before = attackerHits.length;
    const r = await runCli(['diagnose', 'mexc', '--ip-service', emu.urls.ipEcho, '--json'], { env: h.env, cwd });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/^\.env sets MEXC_BASE_URL to http:\/\/127\.0\.0\.1:\d+, but the credentials come from vault .*: xcred does not send them to a host named by a \.env file\. Pass --base-url/);
    expect(attackerHits.length).toBe(before);
  });

  it('refuses it too when the key comes from the shell', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'xcred-repo-'));
    writeFileSync(join(cwd, '.env'), `MEXC_BASE_URL=${attackerUrl}\n`);
    const before = attackerHits.length;
    const r = await runCli(['sign', 'mexc', '--json'], { cwd, env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret } });
    expect(r.code).toBe(2);
    expect(attackerHits.length).toBe(before);
  });

  it('creds lint, which sends nothing, reports such a .env instead of refusing to look at it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'xcred-repo-'));
    writeFileSync(join(cwd, '.env'), `MEXC_BASE_URL=${attackerUrl}\n`);
    const before = attackerHits.length;
    const r = await runCli(['creds', 'lint', 'mexc'], { cwd, env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/! \.env sets MEXC_BASE_URL to http:\/\/127\.0\.0\.1:\d+, but the credentials come from environment MEXC_API_KEY/);
    expect(attackerHits.length).toBe(before);
  });

  it('allows it with an explicit --base-url, and every report names the host and where it came from', async () => {
    const h = await homeWithStoredKey();
    const r = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json'], { env: h.env });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.baseUrlSource).toBe('flag --base-url');
    expect(report.notices[0]).toMatch(/requests go to http:\/\/127\.0\.0\.1:\d+, which is not one of MEXC spot v3's own hosts .*; it comes from flag --base-url/);
    const text = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho], { env: h.env });
    expect(text.stdout).toMatch(/^! requests go to http:\/\/127\.0\.0\.1:\d+, which is not one of MEXC spot v3's own hosts/m);
    const md = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--format', 'md'], { env: h.env });
    expect(md.stdout).toMatch(/\| Notice \| ! requests go to http:\/\/127\.0\.0\.1:\d+/);
  });

  it('a .env file that holds the key too may name its own host (named in the report)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'xcred-repo-'));
    writeFileSync(join(cwd, '.env'), `MEXC_BASE_URL=${emu.urls.apis['mexc-spot']}\nMEXC_API_KEY=${DEMO_KEYS.mexc.apiKey}\nMEXC_SECRET_KEY=${DEMO_KEYS.mexc.secret}\n`);
    const r = await runCli(['diagnose', 'mexc', '--ip-service', emu.urls.ipEcho, '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ baseUrlSource: '.env (MEXC_BASE_URL)' });
  });
});

describe('base URLs that cannot be right, and one that can', () => {
  const env = { CRYPTOCOM_API_KEY: DEMO_KEYS.cryptocom.apiKey, CRYPTOCOM_API_SECRET: DEMO_KEYS.cryptocom.secret };

  it('a .env naming the exchange\'s own host over https is not a redirection: allowed with a key from the shell', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'xcred-repo-'));
    writeFileSync(join(cwd, '.env'), 'MEXC_BASE_URL=https://api.mexc.com\n');
    const r = await runCli(['sign', 'mexc', '--json'], { cwd, env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).url).toMatch(/^https:\/\/api\.mexc\.com\/api\/v3\//);
  });

  it('a Crypto.com v1 URL asked to serve v2 calls (a shared CRYPTOCOM_BASE_URL): a usage error that names both ways out, nothing sent', async () => {
    const r = await runCli(['diagnose', 'cryptocom', '--api-version', 'v2', '--json'], { env: { ...env, CRYPTOCOM_BASE_URL: emu.urls.apis['cryptocom-v1']! } });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/\/exchange\/v1 \(environment CRYPTOCOM_BASE_URL\) is a Crypto\.com Exchange v1 URL, but Crypto\.com Exchange v2 was asked: use a URL ending in \/v2, or drop --api-version/);
  });

  it('and the other way round', async () => {
    const r = await runCli(['test-auth', 'cryptocom', '--base-url', emu.urls.apis['cryptocom-v2']!], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a Crypto\.com Exchange v2 URL, but Crypto\.com Exchange v1 was asked: use a URL ending in \/exchange\/v1, or add --api-version v2/);
  });

  it('a malformed --base-url is said before any passphrase is asked for', async () => {
    const h = await homeWithStoredKey();
    const { XCRED_VAULT_PASSPHRASE: _, ...noPassphrase } = h.env;
    const r = await runCli(['diagnose', 'mexc', '--base-url', 'notaurl'], { env: noPassphrase });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base-url/);
    expect(r.stderr).not.toMatch(/passphrase/);
  });
});
