import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers.js';

// The secret sweep: every command and subcommand, in every output mode and on
// error paths, run with a canary key and secret. The canary secret (raw,
// base64 or hex) must appear in no stdout, no stderr, and no file xcred wrote
// except the encrypted vault (which holds it encrypted).

const CANARY_SECRET = 'c4a7a3e5b1d2f60718293a4b5c6d7e8f';
const CANARY_KEY = 'mx0vCanaryKey00001';
const CDC_SECRET = 'cxakp_CanarySecret00000000001'.slice(0, 28);
const forms = (s: string) => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('hex')];
const FORBIDDEN = [...forms(CANARY_SECRET), ...forms(CDC_SECRET)];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('secret sweep', () => {
  it('no command prints or writes the canary secret', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xcred-sweep-'));
    const emu = await startEmulator({ scenario: 'ok' });
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'cfg'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XCRED_VAULT_PASSPHRASE: 'sweep-passphrase',
      XCRED_SCRYPT_LOGN: '10',
      MEXC_API_KEY: CANARY_KEY,
      MEXC_SECRET_KEY: CANARY_SECRET,
      MEXC_BASE_URL: emu.urls.apis['mexc-spot']!,
      MEXC_FUTURES_BASE_URL: emu.urls.apis['mexc-futures']!,
      CRYPTOCOM_API_KEY: 'CanaryKey0000000000001',
      CRYPTOCOM_API_SECRET: CDC_SECRET,
      CRYPTOCOM_BASE_URL: emu.urls.apis['cryptocom-v1']!,
      MASTER: 'Wn3PvhLOYk0QpFdod9qUDRRik9cI8jD3noi0TgrTJ1M=',
    };
    const envFile = join(home, 'bot.env');
    writeFileSync(envFile, `MEXC_API_KEY=${CANARY_KEY}\nMEXC_SECRET_KEY=${CANARY_SECRET} # trailing comment\n`);
    const plainFile = join(home, 'plain.txt');
    writeFileSync(plainFile, 'not a secret\n');
    const ip = ['--ip-service', emu.urls.ipEcho];
    const runs: Array<{ cmd: string; args: string[]; input?: string; extraEnv?: Record<string, string> }> = [];
    const add = (cmd: string, args: string[], input?: string, extraEnv?: Record<string, string>) => runs.push({ cmd, args: [...cmd.split(' '), ...args], input, extraEnv });

    for (const ex of ['mexc', 'mexc-futures', 'cryptocom']) {
      for (const mode of [[], ['--json'], ['--verbose'], ['--show-key']]) add('sign', [ex, '--dry-run', ...mode]);
      add('sign', [ex]);
      add('sign', [ex, '--send']);
      add('sign', [ex, '--send', '--json']);
      for (const mode of [[], ['--json'], ['--format', 'md'], ['--verbose']]) add('diagnose', [ex, ...ip, ...mode]);
      add('test-auth', [ex, '--trade']);
      add('test-auth', [ex, '--json', '--trade']);
    }
    add('sign', ['mexc', '--dry-run', '--secret-stdin'], CANARY_SECRET);
    add('sign', ['mexc', '--dry-run', '--env-file', envFile], undefined, { MEXC_API_KEY: '', MEXC_SECRET_KEY: '' });
    add('diagnose', ['mexc', '--env-file', envFile, ...ip, '--verbose'], undefined, { MEXC_API_KEY: '', MEXC_SECRET_KEY: '' });
    add('diagnose', ['mexc', '--base-url', 'http://127.0.0.1:9', '--ip-service', 'http://127.0.0.1:9', '--timeout', '300', '--json']);
    add('diagnose', ['mexc', '--emulator', 'wrong-secret', '--format', 'md']);
    add('explain', ['mexc', '700002']);
    add('explain', ['cryptocom', '--json', '-'], '{"code":40101,"message":"Authentication failure"}');
    add('check-ip', [...ip, '--json']);
    add('check-ip', [...ip, '--whitelist', '10.0.0.0/8']);
    add('fingerprint', [], CANARY_SECRET);
    add('fingerprint', ['--env', 'MEXC_SECRET_KEY', '--json']);
    add('creds add', ['mexc', '--store', 'vault', '--created', '2026-10-01'], `${CANARY_KEY}\n${CANARY_SECRET}\n`);
    add('creds add', ['cryptocom', '--store', 'vault', '--json'], `CanaryKey0000000000001\n${CDC_SECRET}\n`);
    add('creds list', []);
    add('creds list', ['--json']);
    add('creds show', ['mexc']);
    add('creds show', ['cryptocom', '--json']);
    add('creds lint', ['--env-file', envFile, '--verbose']);
    add('creds lint', ['mexc', '--json']);
    add('sign', ['mexc', '--dry-run', '--json'], undefined, { MEXC_API_KEY: '', MEXC_SECRET_KEY: '' }); // from the vault
    add('sign', ['mexc', '--dry-run'], undefined, { MEXC_API_KEY: '', MEXC_SECRET_KEY: '', XCRED_VAULT_PASSPHRASE: 'wrong-passphrase' });
    add('renew-hint', ['mexc']);
    add('renew-hint', ['mexc', '--json', '--ics', join(home, 'r.ics')]);
    add('renew-hint', ['mexc', '--web-token'], 'WEB' + 'c4'.repeat(32));
    add('encrypt', ['--key-env', 'MASTER'], CANARY_SECRET);
    add('encrypt', ['--in', envFile, '--out', join(home, 'bot.env.xcred'), '--key-env', 'MASTER', '--json']);
    add('decrypt', ['--in', plainFile, '--key-env', 'MASTER']);
    add('decrypt', ['--in', join(home, 'bot.env.xcred'), '--key-env', 'MEXC_SECRET_KEY']);
    add('encrypt', ['--generate-key', '--json']);
    add('emulator', ['--port', 'not-a-port']);
    add('emulator', ['--scenario', 'nope', '--json']);
    add('proxy', ['mexc', '--port', 'not-a-port']);
    add('proxy', ['cryptocom', '--json', '--host', '203.0.113.77', '--port', '0']);
    add('creds remove', ['cryptocom']);
    add('sign', ['mexc', '--dry-run', '--recv-window', '99999']);
    add('sign', ['mexc', '--bogus']);
    add('diagnose', ['mexc', '--whitelist', 'nope']);
    add('test-auth', ['kraken']);

    // Every command in --help has a sweep entry.
    const help = (await runCli(['--help'])).stdout;
    const commands = [...help.matchAll(/^  ([a-z-]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    const credsHelp = (await runCli(['creds', '--help'])).stdout;
    const sub = [...credsHelp.matchAll(/^  ([a-z-]+) /gm)].map((m) => `creds ${m[1]}`).filter((c) => c !== 'creds help');
    const covered = new Set(runs.map((r) => r.cmd));
    for (const c of [...commands.filter((c) => c !== 'creds'), ...sub]) expect(covered, `no sweep entry for "xcred ${c}"`).toContain(c);

    try {
      for (const r of runs) {
        const out = await runCli(r.args, { env: { ...env, ...r.extraEnv }, input: r.input ?? '' });
        for (const f of FORBIDDEN) {
          expect(out.stdout, `stdout of xcred ${r.args.join(' ')}`).not.toContain(f);
          expect(out.stderr, `stderr of xcred ${r.args.join(' ')}`).not.toContain(f);
        }
        expect(out.stderr, `stack trace from xcred ${r.args.join(' ')}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }
    } finally {
      await emu.close();
    }
    const vault = join(home, 'cfg', 'xcred', 'vault');
    for (const file of files(home)) {
      if (file === vault || file === envFile) continue;
      const content = readFileSync(file).toString('latin1');
      for (const f of FORBIDDEN) expect(content, `file ${file}`).not.toContain(f);
    }
  }, 120_000);
});

describe('a secret typed on the command line is not quoted back (usage errors)', () => {
  const typedForms = (s: string) => [
    ['sign', 'mexc', `--secret=${s}`],
    ['sign', 'mexc', `--api-secret=${s}`],
    ['diagnose', 'mexc', `--secret-key=${s}`],
    ['test-auth', 'cryptocom', `--secret-stdin=${s}`],
    ['sign', 'mexc', '--secret', s],
    ['sign', s],
    [s],
    ['diagnose', 'mexc', '--base-url', `http://127.0.0.1:1/?x=${s}`],
    ['diagnose', 'mexc', '--dotenv', s],
    ['emulator', '--host', s],
  ];
  for (const args of typedForms(CANARY_SECRET)) {
    for (const json of [false, true]) {
      it(`xcred ${args.map((a) => a.replace(CANARY_SECRET, '<secret>')).join(' ')}${json ? ' --json' : ''}`, async () => {
        const r = await runCli(json ? [...args, '--json'] : args);
        expect(r.code).toBe(2);
        for (const f of FORBIDDEN) {
          expect(r.stdout).not.toContain(f);
          expect(r.stderr).not.toContain(f);
        }
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        if (json && args[0] === 'emulator') expect(r.stdout.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('never put a secret on the command line');
        if (json) expect(JSON.parse(r.stdout).error.message).toContain('rotate the secret');
      });
    }
  }

  it('an ordinary unknown option keeps its name and says nothing about secrets', async () => {
    const r = await runCli(['sign', 'mexc', '--verbos']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--verbos'");
    expect(r.stderr).not.toContain('secret');
  });
});
