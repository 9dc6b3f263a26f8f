import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// xcred installs as a tool and as a library, from a packed tarball, the way
// a user or a CI job would: a copy of the sources is packed (npm runs
// `prepare`, which builds), the tarball is installed into a temporary global
// prefix and into a temporary project, and used from there. Offline: every
// dependency is in the npm cache already (npm ci put it there).

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env: NPM_ENV, maxBuffer: 16 << 20 });

// One bundle per command (dist/cmd/<command>.cjs, with the SHA-256 the bin's code cache is bound to) and dist/cli.cjs for help and errors.
const COMMAND_BUNDLES = ['check-ip', 'creds', 'decrypt', 'diagnose', 'emulator', 'encrypt', 'explain', 'fingerprint', 'proxy', 'renew-hint', 'sign', 'test-auth'].flatMap((c) => [`dist/cmd/${c}.cjs`, `dist/cmd/${c}.sha256`]);
const EXPECTED_FILES = ['README.md', 'bin/xcred.cjs', 'dist/cli.cjs', 'dist/cli.sha256', ...COMMAND_BUNDLES, 'dist/lib/index.cjs', 'dist/lib/index.d.cts', 'dist/lib/index.d.ts', 'dist/lib/index.mjs', 'package.json'].sort();

let tmp = '';
let copy = '';
let tarball = '';
let packedFiles: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'xcred-package-'));
  // A copy without dist/: whatever the tarball holds was built by `prepare` during `npm pack`.
  copy = join(tmp, 'source');
  mkdirSync(copy);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsup.config.ts', 'README.md', 'src', 'bin']) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const { stdout } = await npm(['pack', '--json', '--pack-destination', tmp], copy);
  const info = JSON.parse(stdout.slice(stdout.indexOf('[')))[0] as { filename: string; files: Array<{ path: string }> };
  tarball = join(tmp, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the package', () => {
  it('`files` ships exactly the bin, the CLI bundles (one per command, and the program for help and errors), the library types and the README (npm pack --dry-run --json)', async () => {
    // In the packed copy, built with declarations (the test suite's own build skips them).
    const { stdout } = await npm(['pack', '--dry-run', '--json', '--ignore-scripts'], copy);
    const listed = (JSON.parse(stdout.slice(stdout.indexOf('[')))[0].files as Array<{ path: string }>).map((f) => f.path).sort();
    expect(listed).toEqual(EXPECTED_FILES);
  });

  it('`prepare` builds: the tarball packed from sources without dist/ holds the built CLI and library', () => {
    expect(packedFiles).toEqual(EXPECTED_FILES);
  });

  it('installs into a global prefix and runs `xcred diagnose mexc --emulator` from PATH in another directory', async () => {
    const prefix = join(tmp, 'prefix');
    await npm(['install', '--global', '--prefix', prefix, '--prefer-offline', tarball], tmp);
    const elsewhere = mkdtempSync(join(tmpdir(), 'xcred-elsewhere-'));
    const env = { PATH: [join(prefix, 'bin'), process.env.PATH].join(delimiter), HOME: elsewhere, NO_COLOR: '1' };
    const r = await run('xcred', ['diagnose', 'mexc', '--emulator'], { cwd: elsewhere, env });
    expect(r.stdout).toContain('✓ Verdict: The key works for what was checked.');
    const version = await run('xcred', ['--version'], { cwd: elsewhere, env });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  }, 180_000);

  it('as a library: imported from ESM, required from CommonJS, typed for TypeScript', async () => {
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bot-settings', private: true, version: '1.0.0' }));
    await npm(['install', '--prefer-offline', tarball], app);

    // ESM: a bot's settings page checks a key when it is saved, against the emulator.
    writeFileSync(
      join(app, 'check.mjs'),
      `import { diagnose, sign, startEmulator } from 'xcred';
const emu = await startEmulator({ scenario: 'wrong-secret' });
const report = await diagnose({ exchange: 'mexc', ...emu.demoKeys['mexc-spot'], baseUrl: emu.urls.apis['mexc-spot'], ipServices: [emu.urls.ipEcho] });
await emu.close();
const signed = await sign({ exchange: 'mexc', apiKey: 'mx0aBYs33eIilxBWC5', secret: '45d0b3c26f2644f19bfb98b07741b2f5', method: 'POST', path: '/api/v3/order', time: 1644489390087,
  params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '1'], ['price', '11']] });
console.log(JSON.stringify({ exitCode: report.exitCode, rootCause: report.rootCause.category, signature: signed.signature, leaked: JSON.stringify(report).includes(emu.demoKeys['mexc-spot'].secret) }));
`,
    );
    const esm = JSON.parse((await run(process.execPath, ['check.mjs'], { cwd: app })).stdout);
    expect(esm).toEqual({ exitCode: 1, rootCause: 'signature', signature: 'fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a', leaked: false });

    // CommonJS.
    writeFileSync(
      join(app, 'check.cjs'),
      `const { diagnose, explain, startEmulator } = require('xcred');
(async () => {
  const emu = await startEmulator();
  const report = await diagnose({ exchange: 'cryptocom', ...emu.demoKeys['cryptocom-v1'], baseUrl: emu.urls.apis['cryptocom-v1'], ipServices: [emu.urls.ipEcho] });
  await emu.close();
  const e = await explain({ exchange: 'cryptocom', input: 40101 });
  console.log(JSON.stringify({ exitCode: report.exitCode, checks: report.checks.length, explained: e.category }));
})();
`,
    );
    const cjs = JSON.parse((await run(process.execPath, ['check.cjs'], { cwd: app })).stdout);
    expect(cjs).toEqual({ exitCode: 0, checks: 8, explained: 'signature' });

    // TypeScript, both module kinds. The @ts-expect-error lines fail the check if the types were missing or `any`.
    const consumer = `import { diagnose, sign, type DiagnoseReport } from 'xcred';
export async function check(apiKey: string, secret: string): Promise<DiagnoseReport> {
  // @ts-expect-error: not an exchange xcred knows
  void sign({ exchange: 'kraken', apiKey, secret });
  const report = await diagnose({ exchange: 'mexc', apiKey, secret });
  // @ts-expect-error: exitCode is 0, 1 or 3
  const bad: 'x' = report.exitCode;
  void bad;
  return report;
}
`;
    writeFileSync(join(app, 'consumer.mts'), consumer);
    writeFileSync(join(app, 'consumer.cts'), consumer);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--skipLibCheck'];
    const typecheck = (files: string[]) => run(process.execPath, [tsc, ...flags, ...files], { cwd: app }).then(() => 'ok', (err: { stdout: string }) => err.stdout);
    expect(await typecheck(['consumer.mts', 'consumer.cts'])).toBe('ok');
    writeFileSync(join(app, 'wrong.mts'), "import { diagnose } from 'xcred';\nvoid diagnose({ exchange: 'mexc', apiKey: 'k' });\n");
    expect(await typecheck(['wrong.mts'])).toMatch(/Property 'secret' is missing/);
  }, 180_000);
});
