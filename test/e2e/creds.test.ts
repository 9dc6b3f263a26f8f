import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers.js';

const KEY = 'mx0vglXcredDemo001';
const SECRET = 'c4a7a3e5b1d2f60718293a4b5c6d7e8f'; // a canary: must never show up in clear
const leaks = (text: string) => [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')].some((f) => text.includes(f));

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-creds-'));
  return {
    dir,
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg'), XDG_CACHE_HOME: join(dir, 'cache'), XCRED_VAULT_PASSPHRASE: 'correct-horse-battery', XCRED_SCRYPT_LOGN: '10' },
    vault: join(dir, 'cfg', 'xcred', 'vault'),
  };
}
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('xcred creds with the encrypted vault', () => {
  it('stores, lists, shows, uses and removes a credential; files are 0600 in a 0700 directory', async () => {
    const h = home();
    const add = await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--created', '2026-09-01'], { env: h.env, input: `${KEY}\n${SECRET}\n` });
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Stored mexc/default in the encrypted vault');
    expect(statSync(h.vault).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.dir, 'cfg', 'xcred')).mode & 0o777).toBe(0o700);
    expect(statSync(join(h.dir, 'cfg', 'xcred', 'profiles.json')).mode & 0o777).toBe(0o600);

    const list = JSON.parse((await runCli(['creds', 'list', '--json'], { env: h.env })).stdout);
    expect(list[0]).toMatchObject({ profile: 'mexc/default', store: 'vault', apiKeyMasked: 'mx0v…o001', secretLength: 32, createdAt: '2026-09-01', ipBound: false });

    const sign = JSON.parse((await runCli(['sign', 'mexc', '--dry-run', '--json', '--timestamp', '1644489390087'], { env: h.env })).stdout);
    expect(sign.credentials.secret.source).toMatch(/^vault .*\(mexc\/default\)$/);

    const removed = await runCli(['creds', 'remove', 'mexc'], { env: h.env });
    expect(removed.code).toBe(0);
    expect(JSON.parse((await runCli(['creds', 'list', '--json'], { env: h.env })).stdout)).toEqual([]);
  });

  it('a wrong passphrase, a corrupted file and an unknown version are three clear errors that change nothing', async () => {
    const h = home();
    await runCli(['creds', 'add', 'cryptocom', '--store', 'vault'], { env: h.env, input: 'XcredDemoKey0000000001\ncxakp_XcredDemoSecret0000001\n' });
    const before = sha(h.vault);
    const wrong = await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'p2'], { env: { ...h.env, XCRED_VAULT_PASSPHRASE: 'not-the-passphrase' }, input: `${KEY}\n${SECRET}\n` });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toMatch(new RegExp(`^xcred: vault ${h.vault}: wrong passphrase \\(nothing was changed; [^\\n]+\\)$`));
    expect(sha(h.vault)).toBe(before);

    const bytes = readFileSync(h.vault);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(h.vault, bytes);
    const corrupted = await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'p3'], { env: h.env, input: `${KEY}\n${SECRET}\n` });
    expect(corrupted.code).toBe(2);
    expect(corrupted.stderr).toMatch(/is corrupted: .*Restore it from a backup; xcred left it untouched/);
    expect(readFileSync(h.vault).equals(bytes)).toBe(true);

    // A newer format announces itself with a header of its own (here: version 9 with a matching checksum).
    bytes[4] = 9;
    createHash('sha256').update(bytes.subarray(0, 53)).digest().copy(bytes, 53, 0, 8);
    writeFileSync(h.vault, bytes);
    const newer = await runCli(['sign', 'cryptocom', '--dry-run'], { env: h.env });
    expect(newer.code).toBe(2);
    expect(newer.stderr).toMatch(/format version 9, which this xcred cannot read/);
  });

  it('two processes writing the vault at once lose nothing', async () => {
    const h = home();
    const writer = (tag: string) =>
      new Promise<number>((resolve) => {
        const script = `for i in 1 2 3 4 5 6; do printf '${KEY}\\n${SECRET}\\n' | node ${BIN} creds add mexc --store vault --profile ${tag}$i >/dev/null || exit 1; done`;
        const child = spawn('sh', ['-c', script], { env: { PATH: process.env.PATH!, ...h.env } });
        child.on('close', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([writer('a'), writer('b')])).toEqual([0, 0]);
    const list = JSON.parse((await runCli(['creds', 'list', '--json'], { env: h.env })).stdout) as Array<{ profile: string }>;
    expect(list).toHaveLength(12);
    const show = await runCli(['sign', 'mexc', '--dry-run', '--profile', 'b6', '--json'], { env: h.env });
    expect(JSON.parse(show.stdout).credentials.secret.source).toContain('mexc/b6');
    // No temporary file left; the locks are directories of generations that stay (see src/io/lock.ts).
    expect(readdirSync(join(h.dir, 'cfg', 'xcred')).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')).sort()).toEqual([]);
    expect(readdirSync(join(h.dir, 'cfg', 'xcred')).filter((f) => f.endsWith('.lock.d')).sort()).toEqual(['profiles.json.lock.d', 'vault.lock.d']);
  }, 60_000);

  it('refuses to store a value with an invisible character, and says where', async () => {
    const h = home();
    const r = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET.slice(0, 5)}\u200b${SECRET.slice(5)}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not stored: the secret contains U+200B ZERO WIDTH SPACE at position 6');
  });

  // Red-team finding: a secret with a space inside was stored, and a third line was silently dropped.
  it('refuses a space inside the key or the secret: one line naming the position, never the value, nothing stored', async () => {
    for (const [field, key, secret, position] of [
      ['secret', KEY, `${SECRET.slice(0, 16)} ${SECRET.slice(16)}`, 17],
      ['API key', `${KEY.slice(0, 4)} ${KEY.slice(4)}`, SECRET, 5],
    ] as const) {
      const h = home();
      const r = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${key}\n${secret}\n` });
      expect([field, r.code, r.stdout]).toEqual([field, 2, '']);
      expect(r.stderr).toBe(`xcred: not stored: the ${field} contains U+0020 SPACE at position ${position} (exchange keys and secrets have no whitespace in them: copy the ${field} again from the exchange)\n`);
      for (const part of [SECRET.slice(0, 16), SECRET.slice(16), secret]) expect(r.stderr).not.toContain(part);
      expect(readdirSync(h.dir)).not.toContain('cfg');
    }
  });

  it('refuses input with more lines than it reads (key and secret; with --passphrase-stdin, the passphrase first): nothing stored', async () => {
    const h = home();
    const extra = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\nmx0vglXcredOther02\n` });
    expect([extra.code, extra.stdout, extra.stderr]).toEqual([2, '', 'xcred: standard input has more lines than the key and secret: nothing stored\n']);
    const withPassphrase = await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--passphrase-stdin'], {
      env: { ...h.env, XCRED_VAULT_PASSPHRASE: '' },
      input: `correct-horse-battery\n${KEY}\n${SECRET}\n${SECRET}\n`,
    });
    expect([withPassphrase.code, withPassphrase.stderr]).toEqual([2, 'xcred: standard input has more lines than the passphrase, the key and the secret: nothing stored\n']);
    expect(readdirSync(h.dir)).not.toContain('cfg');
    // Empty lines at the end (echo, a here-document) are not more input.
    const trailing = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\n\n\r\n` });
    expect([trailing.code, trailing.stderr]).toEqual([0, '']);
  });
});

const hasSecretService = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;

describe.skipIf(!hasSecretService)('xcred creds with a real Secret Service (gnome-keyring under dbus-run-session)', () => {
  it('stores in the OS keychain, reads back, removes', () => {
    const h = home();
    const script = [
      'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      `printf '${KEY}\\n${SECRET}\\n' | node ${BIN} creds add mexc --store keychain --json`,
      `node ${BIN} sign mexc --dry-run --json --timestamp 1644489390087`,
      `node ${BIN} creds remove mexc --json`,
    ].join(' && ');
    const r = spawnSync('timeout', ['60', 'dbus-run-session', '--', 'sh', '-c', script], {
      env: { PATH: process.env.PATH!, ...h.env, XCRED_VAULT_PASSPHRASE: '' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const docs = r.stdout.split(/\n(?=\{)/).map((d) => JSON.parse(d));
    expect(docs[0]).toMatchObject({ profile: 'mexc/default', store: 'keychain' });
    expect(docs[1].credentials.secret.source).toBe('OS keychain (xcred/mexc/default)');
    // The key read back from the keychain is the one stored: the signature matches one computed here.
    expect(docs[1].signature).toBe(createHmac('sha256', SECRET).update('recvWindow=5000&timestamp=1644489390087').digest('hex'));
    expect(docs[2]).toMatchObject({ removed: 'mexc/default', store: 'keychain' });
    expect(leaks(r.stdout + r.stderr)).toBe(false);
  }, 90_000);
});

describe.skipIf(!hasSecretService)('a keychain entry that is not xcred\'s JSON (issue 12, item 6)', () => {
  it('is a one-line error that quotes none of it, in text and JSON', () => {
    const h = home();
    const cdcSecret = 'cxakp_XcredDemoSecret0000001';
    mkdirSync(join(h.dir, 'cfg', 'xcred'), { recursive: true });
    writeFileSync(
      join(h.dir, 'cfg', 'xcred', 'profiles.json'),
      JSON.stringify({ 'cryptocom/default': { store: 'keychain', apiKeyMasked: 'Xcre…0001', secretLength: 28, secretFingerprint: 'sha256:00000000', createdAt: null, ipBound: false, addedAt: '2026-01-01T00:00:00.000Z' } }),
    );
    const script = [
      'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      // Another tool (or a hand) stored the bare secret under xcred's account.
      `node -e "require('@napi-rs/keyring/keytar.js').setPassword('xcred', 'cryptocom/default', '${cdcSecret}')"`,
      `node ${BIN} sign cryptocom --dry-run; echo "exit=$?"`,
      `node ${BIN} sign cryptocom --dry-run --json; echo "exit=$?"`,
    ].join(' && ');
    const r = spawnSync('timeout', ['60', 'dbus-run-session', '--', 'sh', '-c', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { PATH: process.env.PATH!, ...h.env, XCRED_VAULT_PASSPHRASE: '' },
      encoding: 'utf8',
    });
    expect(r.stdout.match(/exit=(\d+)/g)).toEqual(['exit=2', 'exit=2']);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('xcred:')); // dbus-daemon has its own say
    expect(lines).toEqual([
      'xcred: the OS keychain entry xcred/cryptocom/default is not one xcred wrote (expected its JSON with the key and secret): store the credentials again with `xcred creds add --force`',
      'xcred: the OS keychain entry xcred/cryptocom/default is not one xcred wrote (expected its JSON with the key and secret): store the credentials again with `xcred creds add --force`',
    ]);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1))).toMatchObject({ ok: false, exitCode: 2, error: { kind: 'input' } });
    // 0.1.0 quoted the parser's message: `Unexpected token 'c', "cxakp_Xcre"... is not valid JSON`.
    expect(r.stdout + r.stderr).not.toContain(cdcSecret.slice(0, 6));
    expect(r.stdout + r.stderr).not.toContain('DemoSecret');
  }, 90_000);
});

describe('xcred creds lint', () => {
  it('finds invisible characters, quotes, unquoted "#", duplicates and a shadowing shell variable', async () => {
    const h = home();
    const envFile = join(h.dir, 'crypto.env');
    writeFileSync(envFile, `CRYPTO_API_KEY=HaTZb9EMihNmJUyNJ19frs\nCRYPTO_API_SECRET=cxakp_oGDfb6D6#JW396cYGz8FHmg\nCRYPTO_API_SECRET=cxakp_other\n`);
    const r = await runCli(['creds', 'lint', 'cryptocom', '--env-file', envFile, '--json'], { env: { ...h.env, CRYPTO_API_KEY: '"HaTZb9EMihNmJUyNJ19frs"' } });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const messages = JSON.stringify(out);
    expect(messages).toContain('CRYPTO_API_KEY is set in the shell and differs from');
    expect(messages).toContain('the API key has quote characters inside it');
    expect(messages).toContain('CRYPTO_API_SECRET contains \\"#\\" outside quotes at position 15: dotenv cuts the value there');
    expect(messages).toContain('CRYPTO_API_SECRET is defined twice (lines 2 and 3)');
    expect(leaks(r.stdout + r.stderr)).toBe(false);
  });
});

describe('xcred encrypt / decrypt', () => {
  it('round-trips a .env file with a master key, and tells wrong key, corruption and other formats apart', async () => {
    const h = home();
    const key = (await runCli(['encrypt', '--generate-key', '--json'], { env: h.env })).stdout;
    const masterKey = JSON.parse(key).masterKey as string;
    const env = { ...h.env, ENCRYPTION_MASTER_KEY: masterKey, OTHER_KEY: 'Wn3PvhLOYk0QpFdod9qUDRRik9cI8jD3noi0TgrTJ1M=' };
    const src = join(h.dir, '.env');
    writeFileSync(src, `MEXC_SECRET_KEY=${SECRET}\n`);
    const enc = join(h.dir, 'env.xcred');
    expect((await runCli(['encrypt', '--in', src, '--out', enc, '--key-env', 'ENCRYPTION_MASTER_KEY'], { env })).code).toBe(0);
    expect(statSync(enc).mode & 0o777).toBe(0o600);
    expect(leaks(readFileSync(enc).toString('latin1'))).toBe(false);
    const dec = await runCli(['decrypt', '--in', enc, '--key-env', 'ENCRYPTION_MASTER_KEY'], { env });
    expect(dec.stdout).toBe(`MEXC_SECRET_KEY=${SECRET}\n`);

    const wrong = await runCli(['decrypt', '--in', enc, '--key-env', 'OTHER_KEY'], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toMatch(/^xcred: cannot decrypt \(wrong key\): wrong master key \(or a header altered on purpose, which reads the same\)$/);
    const bytes = readFileSync(enc);
    bytes[70]! ^= 1;
    writeFileSync(enc, bytes);
    expect((await runCli(['decrypt', '--in', enc, '--key-env', 'ENCRYPTION_MASTER_KEY'], { env })).stderr).toMatch(/cannot decrypt \(corrupted\)/);
    expect((await runCli(['decrypt', '--in', src, '--key-env', 'ENCRYPTION_MASTER_KEY'], { env })).stderr).toMatch(/cannot decrypt \(not this format\)/);
  });

  it('encrypt --generate-key prints only the key on stdout, so $(...) captures exactly it; the advice goes to stderr', () => {
    const h = home();
    const r = spawnSync('sh', ['-c', `K="$(node ${BIN} encrypt --generate-key)" && printf '%s' "$K"`], { env: { PATH: process.env.PATH!, ...h.env }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(r.stdout, 'base64')).toHaveLength(32);
    expect(r.stderr).toMatch(/^xcred: 32 random bytes, base64 \(only the key is on stdout\)/);
  });

  it('armours a single value for a database column, with a passphrase', async () => {
    const h = home();
    const env = { ...h.env, PW: 'a long passphrase' };
    const enc = await runCli(['encrypt', '--passphrase-env', 'PW'], { env, input: SECRET });
    expect(enc.stdout).toMatch(/^xcred:v1:[A-Za-z0-9+/]+=*\n$/);
    const dec = await runCli(['decrypt', '--passphrase-env', 'PW'], { env, input: enc.stdout });
    expect(dec.stdout).toBe(SECRET); // exactly the bytes encrypted: no newline added
  });
});

describe('credentials commands never print the secret', () => {
  it('across add, list, show, lint, remove and their errors', async () => {
    const h = home();
    const runs: Array<[string[], string]> = [
      [['creds', 'add', 'mexc', '--store', 'vault'], `${KEY}\n${SECRET}\n`],
      [['creds', 'add', 'mexc', '--store', 'vault', '--json', '--profile', 'two'], `${KEY}\n${SECRET}\n`],
      [['creds', 'list'], ''],
      [['creds', 'list', '--json'], ''],
      [['creds', 'show', 'mexc', '--json'], ''],
      [['creds', 'lint', 'mexc', '--verbose'], ''],
      [['creds', 'add', 'mexc', '--store', 'nowhere'], `${KEY}\n${SECRET}\n`],
      [['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'bad name'], `${KEY}\n${SECRET}\n`],
      [['diagnose', 'mexc', '--base-url', 'http://127.0.0.1:9', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '300', '--format', 'md'], ''],
      [['creds', 'remove', 'mexc', '--profile', 'two'], ''],
    ];
    for (const [args, input] of runs) {
      const r = await runCli(args, { env: h.env, input });
      expect(leaks(r.stdout + r.stderr)).toBe(false);
    }
    // No file xcred wrote holds the secret in clear, except inside the encrypted vault.
    const dir = join(h.dir, 'cfg', 'xcred');
    for (const f of readdirSync(dir, { recursive: true }) as string[]) {
      if (statSync(join(dir, f)).isFile()) expect(leaks(readFileSync(join(dir, f)).toString('latin1'))).toBe(false);
    }
  });
});

describe('every hint names an option the command has', () => {
  it('the vault passphrase error, from each command that can unlock the vault', async () => {
    const h = home();
    expect((await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\n` })).code).toBe(0);
    const noPass = { ...h.env, XCRED_VAULT_PASSPHRASE: '' };
    const commands: string[][] = [
      ['sign', 'mexc'],
      ['diagnose', 'mexc', '--base-url', 'http://127.0.0.1:9', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '300'],
      ['test-auth', 'mexc', '--base-url', 'http://127.0.0.1:9', '--timeout', '300'],
      ['creds', 'lint', 'mexc'],
      ['creds', 'remove', 'mexc'],
    ];
    for (const args of commands) {
      const r = await runCli(args, { env: noPass });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/the vault needs a passphrase: set XCRED_VAULT_PASSPHRASE/);
      const path = args.filter((a) => /^[a-z-]+$/.test(a) && !['mexc'].includes(a)).slice(0, args[0] === 'creds' ? 2 : 1);
      const help = JSON.parse((await runCli(['help', ...path, '--json'])).stdout) as { options: Array<{ flags: string }> };
      const known = new Set(help.options.flatMap((o) => o.flags.match(/--[a-z-]+/g) ?? []));
      for (const named of r.stderr.match(/--[a-z][a-z-]+/g) ?? []) expect(known, `${args.join(' ')} names ${named}`).toContain(named);
    }
  });
});

describe('when a stored credential cannot be used, the error says why', () => {
  it('no passphrase: names the profile in the vault; --profile nope: names what is stored; a short wrong passphrase is just wrong', async () => {
    const h = home();
    expect((await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\n` })).code).toBe(0);
    const { XCRED_VAULT_PASSPHRASE: _pass, ...noPass } = h.env;

    const locked = await runCli(['test-auth', 'mexc'], { env: noPass });
    expect(locked.code).toBe(2);
    expect(locked.stderr).toBe(
      'xcred: mexc/default is in the encrypted vault (nothing earlier: flags, environment or .env, gave both key and secret): the vault needs a passphrase: set XCRED_VAULT_PASSPHRASE, or run in a terminal to be asked\n',
    );

    const nope = await runCli(['test-auth', 'mexc', '--profile', 'nope', '--json'], { env: h.env });
    expect(nope.code).toBe(2);
    expect(JSON.parse(nope.stdout).error.message).toBe(
      'no stored profile mexc/nope (stored for mexc: mexc/default; see `xcred creds list`): add it with `xcred creds add mexc --profile nope`, or set MEXC_API_KEY and MEXC_SECRET_KEY',
    );

    const short = await runCli(['test-auth', 'mexc'], { env: { ...h.env, XCRED_VAULT_PASSPHRASE: 'short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('wrong passphrase');
    expect(short.stderr).not.toContain('at least 8');
    for (const r of [locked, nope, short]) expect(leaks(r.stdout + r.stderr)).toBe(false);
  });
});
