import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli, type RunResult } from '../helpers.js';

// Random and hostile input to every kind of input xcred takes. Whatever comes
// in, xcred must end with a documented exit code, a one-line error when it
// refuses, no stack trace, no hang, and no file changed.

const RUNS = Number(process.env.XCRED_FUZZ_RUNS ?? 20);
// Any URL that slips through goes to a dead local proxy, never the internet.
const SAFE_ENV = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' };
const DEMO = { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' };

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '-', '--', '-1', '0', '1e309', 'NaN', '{', '[]', '{"a":', '%00', '../../../etc/passwd', 'http://', 'ftp://x', '\u200b', '\ufeff', '"', "'", '#', '$(id)', '`id`', 'a'.repeat(3000), '2026-02-30', '99999999999999999999'),
).map((s) => s.replace(/\u0000/g, '')); // argv and env cannot carry NUL

function wellBehaved(r: RunResult, allowed: number[], json: boolean): void {
  expect(r.code, `exit code; stderr: ${r.stderr}`).not.toBeNull(); // null: killed by the hang guard
  expect(allowed).toContain(r.code);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr).not.toMatch(/internal error/);
  if (r.code === 2) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  if (json && r.stdout.trim() !== '') expect(() => JSON.parse(r.stdout)).not.toThrow();
}

const OPTION_TARGETS: Array<(v: string) => string[]> = [
  (v) => ['sign', 'mexc', '--dry-run', '--json', '--param', v],
  (v) => ['sign', 'mexc', '--dry-run', '--json', '--recv-window', v],
  (v) => ['sign', 'mexc', '--dry-run', '--json', '--timestamp', v],
  (v) => ['sign', 'mexc', '--dry-run', '--json', '--path', v],
  (v) => ['sign', 'mexc', '--dry-run', '--json', '--method', v],
  (v) => ['sign', 'mexc', '--dry-run', '--json', '--base-url', v],
  (v) => ['sign', 'cryptocom', '--dry-run', '--json', '--params', v],
  (v) => ['sign', 'cryptocom', '--dry-run', '--json', '--nonce', v],
  (v) => ['sign', 'mexc-futures', '--dry-run', '--json', '--body', v],
  (v) => ['sign', v, '--dry-run', '--json'],
  (v) => ['explain', 'mexc', '--json', v],
  (v) => ['explain', 'cryptocom', '--json', '--status', v, '40101'],
  (v) => ['renew-hint', 'mexc', '--json', '--created', v],
  (v) => ['renew-hint', 'cryptocom', '--json', '--created', '2026-01-01', '--rotate-days', v],
  (v) => ['check-ip', '--json', '--timeout', '300', '--ip-service', v],
  (v) => ['check-ip', '--json', '--timeout', '300', '--ip-service', 'http://127.0.0.1:9', '--whitelist', v],
  (v) => ['diagnose', 'mexc', '--json', '--emulator', v],
  (v) => ['diagnose', 'mexc', '--json', '--emulator', 'ok', '--whitelist', v],
  (v) => ['diagnose', 'mexc', '--json', '--emulator', 'ok', '--timeout', v],
  (v) => ['emulator', '--json', '--port', v.length ? v : 'x', '--scenario', 'nope'],
  (v) => ['fingerprint', '--json', '--env', v],
];

describe('hostile input', () => {
  it('options: a documented exit code and a one-line error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: OPTION_TARGETS.length - 1 }), hostile, async (target, value) => {
        const args = OPTION_TARGETS[target]!(value);
        wellBehaved(await runCli(args, { env: { ...DEMO, ...SAFE_ENV } }), [0, 1, 2, 3], true);
      }),
      { numRuns: RUNS * 4 },
    );
  }, 240_000);

  it('environment variables: credentials and base URLs', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.constantFrom('MEXC_API_KEY', 'MEXC_SECRET_KEY', 'MEXC_BASE_URL', 'XCRED_IP_WHITELIST', 'XCRED_SCRYPT_LOGN', 'NO_COLOR'), async (a, b, name) => {
        const env = { ...DEMO, ...SAFE_ENV, [name]: a, CRYPTOCOM_API_KEY: b, CRYPTOCOM_API_SECRET: a };
        wellBehaved(await runCli(['sign', 'mexc', '--dry-run', '--json'], { env }), [0, 2], true);
        wellBehaved(await runCli(['creds', 'lint', '--json'], { env }), [0, 1, 2], true);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('.env files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcred-fuzz-env-'));
    const line = fc.oneof(hostile, hostile.map((v) => `MEXC_API_KEY=${v}`), hostile.map((v) => `MEXC_SECRET_KEY="${v}`), fc.constant('export MEXC_SECRET_KEY=a#b'));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), async (lines, eol) => {
        const file = join(dir, '.env');
        writeFileSync(file, lines.join(eol));
        const env = { ...SAFE_ENV, HOME: dir };
        wellBehaved(await runCli(['sign', 'mexc', '--dry-run', '--json', '--env-file', file], { env }), [0, 2], true);
        wellBehaved(await runCli(['creds', 'lint', 'mexc', '--json', '--env-file', file], { env }), [0, 1, 2], true);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('pasted responses', async () => {
    const pasted = fc.oneof(hostile, fc.json(), fc.json().map((j) => `HTTP/1.1 401 Unauthorized\r\n\r\n${j}`), fc.record({ code: fc.oneof(fc.integer(), fc.string()), msg: fc.string() }).map((o) => JSON.stringify(o)));
    await fc.assert(
      fc.asyncProperty(pasted, fc.constantFrom('mexc', 'mexc-futures', 'cryptocom'), async (text, exchange) => {
        wellBehaved(await runCli(['explain', exchange, '--json', '-'], { input: text }), [0, 1, 2], true);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 240_000);

  it('vault files: random or damaged bytes are a clear error and stay untouched', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xcred-fuzz-vault-'));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg'), XCRED_VAULT_PASSPHRASE: 'fuzz-passphrase', XCRED_SCRYPT_LOGN: '10', ...SAFE_ENV };
    const added = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env, input: `${DEMO.MEXC_API_KEY}\n${DEMO.MEXC_SECRET_KEY}\n` });
    expect(added.code).toBe(0);
    const vault = join(home, 'cfg', 'xcred', 'vault');
    const good = readFileSync(vault);
    mkdirSync(join(home, 'cfg', 'xcred'), { recursive: true });
    const damaged = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const b = Buffer.from(good);
        b[i % b.length]! ^= x;
        return b;
      }),
      fc.nat().map((n) => good.subarray(0, n % good.length)),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (bytes) => {
        writeFileSync(vault, bytes);
        const hash = createHash('sha256').update(bytes).digest('hex');
        wellBehaved(await runCli(['sign', 'mexc', '--dry-run', '--json'], { env }), [2], true);
        wellBehaved(await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'x'], { env, input: `${DEMO.MEXC_API_KEY}\n${DEMO.MEXC_SECRET_KEY}\n` }), [2], false);
        expect(createHash('sha256').update(readFileSync(vault)).digest('hex')).toBe(hash);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
