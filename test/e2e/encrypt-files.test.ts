import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers.js';

// Issue 12, items 7, 13 (encrypt) and 19: what encrypt and decrypt read and write.

const MASTER = 'Wn3PvhLOYk0QpFdod9qUDRRik9cI8jD3noi0TgrTJ1M=';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-enc-'));
  return { dir, env: { HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), MASTER, PW: 'a long passphrase', XCRED_SCRYPT_LOGN: '10' } };
}

/** Run xcred with raw bytes in and out (runCli decodes stdout as text). */
function runBytes(args: string[], env: Record<string, string>, input: Buffer): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, input, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe('decrypt to stdout is byte-exact (item 19)', () => {
  it('64 random bytes, and a value without a trailing newline, come back exactly', () => {
    const { env } = setup();
    for (const plain of [randomBytes(64), Buffer.from('MEXC_SECRET_KEY=0123456789abcdef0123456789abcdef'), Buffer.from('with a newline\n')]) {
      for (const key of [['--key-env', 'MASTER'], ['--passphrase-env', 'PW']]) {
        const enc = runBytes(['encrypt', ...key], env, plain);
        expect(enc.code, enc.stderr).toBe(0);
        const dec = runBytes(['decrypt', ...key], env, enc.stdout);
        expect(dec.code, dec.stderr).toBe(0);
        expect(dec.stdout.equals(plain), `${plain.length} bytes with ${key[0]}`).toBe(true);
      }
    }
  });

  it('--json gives UTF-8 text as is and anything else as base64', () => {
    const { env } = setup();
    const binary = randomBytes(64);
    binary[0] = 0xff; // never valid UTF-8
    const enc = runBytes(['encrypt', '--key-env', 'MASTER'], env, binary);
    const dec = JSON.parse(runBytes(['decrypt', '--key-env', 'MASTER', '--json'], env, enc.stdout).stdout.toString('utf8'));
    expect(dec).toEqual({ schemaVersion: 1, plaintext: binary.toString('base64'), encoding: 'base64', bytes: 64 });
    const text = runBytes(['encrypt', '--key-env', 'MASTER'], env, Buffer.from('héllo'));
    expect(JSON.parse(runBytes(['decrypt', '--key-env', 'MASTER', '--json'], env, text.stdout).stdout.toString('utf8'))).toEqual({ schemaVersion: 1, plaintext: 'héllo', encoding: 'utf8', bytes: 6 });
  });
});

describe('nothing to encrypt is refused, not sealed', () => {
  it('an empty pipe, a pipe of only a newline (an unset variable) and an empty --in file: exit 2, one line, no output file', () => {
    const { dir, env } = setup();
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    for (const [args, input, said] of [
      [['encrypt', '--key-env', 'MASTER'], Buffer.alloc(0), 'standard input is empty'],
      [['encrypt', '--passphrase-env', 'PW', '--json'], Buffer.from('\n'), 'standard input holds only whitespace (was the variable you piped in unset?)'],
      [['encrypt', '--key-env', 'MASTER', '--in', empty, '--out', join(dir, 'out.enc')], Buffer.alloc(0), `--in ${empty} is empty`],
    ] as const) {
      const r = runBytes([...args], env, input);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`xcred: nothing to encrypt: ${said}\n`);
      if ((args as readonly string[]).includes('--json')) expect(JSON.parse(r.stdout.toString()).error.kind).toBe('input');
      else expect(r.stdout.length).toBe(0);
    }
    expect(() => lstatSync(join(dir, 'out.enc'))).toThrow();
  });
});

describe('a short passphrase given to decrypt is the wrong one, not a rule broken', () => {
  it('says wrong key, not "at least 8 characters"', () => {
    const { env } = setup();
    const enc = runBytes(['encrypt', '--passphrase-env', 'PW'], env, Buffer.from('value'));
    expect(enc.code).toBe(0);
    const dec = runBytes(['decrypt', '--passphrase-env', 'SHORT'], { ...env, SHORT: 'short' }, enc.stdout);
    expect(dec.code).toBe(2);
    expect(dec.stderr).toContain('cannot decrypt (wrong key)');
    expect(dec.stderr).not.toContain('at least 8');
  });
});

describe('--out and --in are regular files only (item 7)', () => {
  it('refuses a FIFO, a socket, a directory, a symlink and a device as --out, even with --force, and leaves them as they were', async () => {
    const { dir, env } = setup();
    const src = join(dir, 'plain.txt');
    writeFileSync(src, 'MEXC_SECRET_KEY=0123456789abcdef0123456789abcdef\n');
    const sealed = join(dir, 'sealed.xcred');
    expect((await runCli(['encrypt', '--in', src, '--out', sealed, '--key-env', 'MASTER'], { env })).code).toBe(0);

    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const socketPath = join(dir, 'socket');
    const server = createServer();
    await new Promise<void>((r) => server.listen(socketPath, r));
    const directory = join(dir, 'directory');
    mkdirSync(directory);
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'untouched\n');
    const link = join(dir, 'link');
    symlinkSync(target, link);
    const targets: Array<[string, string]> = [
      [fifo, 'a FIFO (named pipe)'],
      [socketPath, 'a socket'],
      [directory, 'a directory'],
      [link, 'a symbolic link'],
    ];
    if (process.getuid?.() === 0) {
      const device = join(dir, 'null-device');
      execFileSync('mknod', [device, 'c', '1', '3']); // a /dev/null of our own: replacing it harms nothing else
      targets.push([device, 'a character device']);
    }
    try {
      for (const [path, kind] of targets) {
        const before = lstatSync(path);
        for (const args of [
          ['decrypt', '--in', sealed, '--key-env', 'MASTER', '--out', path, '--force'],
          ['encrypt', '--in', src, '--key-env', 'MASTER', '--out', path, '--force'],
        ]) {
          const r = await runCli(args, { env, timeoutMs: 10_000 });
          expect(r.code, `${args[0]} --out ${kind}`).toBe(2);
          expect(r.stderr.trim()).toBe(`xcred: --out ${path} is ${kind}: xcred writes only to a regular file or a new path`);
          const after = lstatSync(path);
          expect([after.ino, after.mode], kind).toEqual([before.ino, before.mode]);
        }
      }
      expect(readFileSync(target, 'utf8')).toBe('untouched\n');
      // A regular file with --force, and a new path, still work.
      expect((await runCli(['decrypt', '--in', sealed, '--key-env', 'MASTER', '--out', target, '--force'], { env })).code).toBe(0);
      expect(readFileSync(target, 'utf8')).toBe('MEXC_SECRET_KEY=0123456789abcdef0123456789abcdef\n');
      expect((await runCli(['decrypt', '--in', sealed, '--key-env', 'MASTER', '--out', join(dir, 'new.txt')], { env })).code).toBe(0);

      // renew-hint --ics is written the same way.
      const ics = await runCli(['renew-hint', 'mexc', '--created', '2026-01-01', '--ics', fifo], { env });
      expect([ics.code, ics.stderr.trim()]).toEqual([2, `xcred: --ics ${fifo} is a FIFO (named pipe): xcred writes only to a regular file or a new path`]);
      expect(lstatSync(fifo).isFIFO()).toBe(true);

      // --in: a FIFO would block and a device read forever; refused at once.
      const t0 = Date.now();
      const fromFifo = await runCli(['encrypt', '--in', fifo, '--key-env', 'MASTER'], { env, timeoutMs: 10_000 });
      expect([fromFifo.code, fromFifo.stderr.trim()]).toEqual([2, `xcred: --in ${fifo} is a FIFO (named pipe), not a regular file: refusing to read it`]);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      server.close();
    }
  });
});

describe('encrypt prints the scrypt cost it used (item 13)', () => {
  it('N=2^11 when XCRED_SCRYPT_LOGN=11, in text and JSON, matching the header', async () => {
    const { dir, env } = setup();
    const out = join(dir, 'v.xcred');
    const json = await runCli(['encrypt', '--passphrase-env', 'PW', '--json'], { env: { ...env, XCRED_SCRYPT_LOGN: '11' }, input: 'value' });
    expect(JSON.parse(json.stdout).kdf).toBe('scrypt (N=2^11, r=8, p=1)');
    const armored = JSON.parse(json.stdout).armored as string;
    expect(Buffer.from(armored.slice('xcred:v1:'.length), 'base64')[6]).toBe(11);
    const text = await runCli(['encrypt', '--passphrase-env', 'PW', '--out', out], { env: { ...env, XCRED_SCRYPT_LOGN: '11' }, input: 'value' });
    expect(text.stdout).toContain('scrypt (N=2^11, r=8, p=1)');
    expect(readFileSync(out)[6]).toBe(11);
  });
});
