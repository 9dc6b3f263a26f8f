import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILD_LOG } from '../global-setup.js';
import { runCli } from '../helpers.js';

// The rules for help, version and usage errors (README "Exit codes"):
// help you ask for goes to stdout with exit 0; help shown because a command is
// missing goes to stderr with exit 2; --json turns all of it into one JSON document.

describe('help and version', () => {
  it('`xcred` alone: help on stderr, exit 2; under --json one JSON error document', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: xcred');
    expect(r.stderr).toMatch(/xcred: missing command/);
    const j = await runCli(['--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { kind: 'usage' } });
  });

  it('`xcred creds` without a subcommand is a usage error too', async () => {
    const r = await runCli(['creds']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: xcred creds');
  });

  it('--help and `help` print to stdout with exit 0', async () => {
    for (const args of [['--help'], ['help'], ['diagnose', '--help'], ['help', 'diagnose']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: xcred/);
      expect(r.stderr).toBe('');
    }
  });

  it('`help creds add` shows the add help, not the creds help', async () => {
    const r = await runCli(['help', 'creds', 'add']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: xcred creds add \[options\] <exchange>/);
    expect(r.stdout).toContain('--passphrase-stdin');
  });

  it('`help nope` is an unknown command, exit 2, with a suggestion when one is close', async () => {
    const r = await runCli(['help', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("xcred: unknown command 'nope' (see: xcred --help)");
    const close = await runCli(['help', 'creds', 'lnt']);
    expect(close.code).toBe(2);
    expect(close.stderr.trim()).toBe("xcred: unknown command 'lnt' (Did you mean lint?) (see: xcred creds --help)");
  });

  it('help --json and --help --json print one JSON document', async () => {
    for (const args of [['help', '--json'], ['--help', '--json'], ['help', 'creds', 'lint', '--json'], ['creds', 'lint', '--help', '--json']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.usage).toMatch(/^xcred/);
      expect(doc.options.length).toBeGreaterThan(0);
      if (args.includes('lint')) {
        expect(doc.command).toBe('xcred creds lint');
        expect(doc.options.map((o: { flags: string }) => o.flags)).toContain('--dotenv <path>');
      } else {
        expect(doc.commands.map((c: { name: string }) => c.name)).toContain('diagnose');
      }
    }
  });

  it('-V, --version and -v print the version; with --json a JSON document', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['-V', '--version', '-v']) {
      const r = await runCli([flag]);
      expect([r.code, r.stdout]).toEqual([0, `${pkg.version}\n`]);
      const j = await runCli([flag, '--json']);
      expect(j.code).toBe(0);
      expect(JSON.parse(j.stdout)).toMatchObject({ name: 'xcred', version: pkg.version });
    }
  });

  it('-v after a command is still that command\'s --verbose', async () => {
    const r = await runCli(['explain', 'mexc', '700002', '-v']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('700002');
  });
});

describe('usage errors keep commander\'s suggestion and name the right help', () => {
  it.each([
    [['diagnos', 'mexc'], "xcred: unknown command 'diagnos' (Did you mean diagnose?) (see: xcred --help)"],
    [['diagnose', 'mexc', '--emulater'], "xcred: unknown option '--emulater' (Did you mean --emulator?) (see: xcred diagnose --help)"],
    [['diagnose', 'mexc', '--timout', '5'], "xcred: unknown option '--timout' (Did you mean --timeout?) (see: xcred diagnose --help)"],
    [['creds', 'lint', '--bogus'], "xcred: unknown option '--bogus' (see: xcred creds lint --help)"],
  ])('%j', async (args, line) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(line);
  });
});

describe('the build', () => {
  it('prints no warning (the import.meta of the ESM path does not leak into the CommonJS bundle)', () => {
    const log = readFileSync(new URL(`../../${BUILD_LOG}`, import.meta.url), 'utf8');
    expect(log).toMatch(/Build success/);
    expect(log).not.toMatch(/warn/i);
  });
});

describe('every --json document says its schema version', () => {
  it.each([
    [['--version', '--json']],
    [['sign', 'mexc', '--json']],
    [['explain', 'mexc', '700002', '--json']],
    [['renew-hint', 'cryptocom', '--json']],
    [['test-auth', 'mexc', '--emulator', '--json']],
    [['diagnose', 'mexc', '--emulator', '--json']],
    [['help', 'sign', '--json']],
    [['sign', 'mexc', '--nope', '--json']],
  ])('xcred %j', async (args) => {
    const r = await runCli(args, { env: { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' } });
    expect(Object.keys(JSON.parse(r.stdout))[0]).toBe('schemaVersion');
  });
});

describe('exchange names as users type them', () => {
  it.each([
    ['MEXC', 'mexc-spot'],
    ['mexc-spot', 'mexc-spot'],
    ['Crypto.com', 'cryptocom-v1'],
    ['cryptocom-v2', 'cryptocom-v2'],
    ['MEXC-Futures', 'mexc-futures'],
  ])('%s is %s', async (typed, api) => {
    const r = await runCli(['diagnose', typed, '--emulator', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).api).toBe(api);
  });

  it('an API id and a different --api-version: a usage error naming both', async () => {
    const r = await runCli(['sign', 'cryptocom-v2', '--api-version', 'v1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('xcred: "cryptocom-v2" is Crypto.com Exchange v2, but --api-version v1 was given: use one or the other\n');
  });
});

describe('an unbuilt checkout', () => {
  it('says how to build, in one line (and one JSON document under --json), exit 2, no stack trace', async () => {
    const { cpSync, mkdirSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'xcred-unbuilt-'));
    mkdirSync(join(dir, 'bin'));
    cpSync(new URL('../../bin/xcred.cjs', import.meta.url), join(dir, 'bin', 'xcred.cjs'));
    cpSync(new URL('../../package.json', import.meta.url), join(dir, 'package.json'));
    for (const args of [['diagnose', 'mexc'], ['--version'], ['sign', 'mexc', '--json']]) {
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'xcred.cjs'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH! } });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`xcred: not built: ${join(dir, 'dist', 'cli.cjs')} is missing; run \`npm run build\` in ${dir} (npm ci and npm pack build it too)\n`);
      if (args.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { kind: 'usage' } });
      else expect(r.stdout).toBe('');
    }
  });
});

describe('help says what a newcomer looks for', () => {
  it('diagnose --help lists every emulator scenario; `xcred creds --json` says a subcommand is missing', async () => {
    const { SCENARIOS } = await import('../../src/emulator/state.js');
    const help = (await runCli(['diagnose', '--help'])).stdout;
    for (const s of SCENARIOS) expect(help).toContain(s);
    const creds = await runCli(['creds', '--json']);
    expect(creds.code).toBe(2);
    expect(JSON.parse(creds.stdout).error.message).toBe('missing command: xcred creds takes one of add, list, show, remove, lint (see: xcred creds --help)');
  });
});
