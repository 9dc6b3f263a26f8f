import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open } from '../../src/core/vault/envelope.js';
import { runCli } from '../helpers.js';

// Issue 12, items 3, 13, 14, 15 and 16: what the vault and its directory
// must survive.

const KEY = 'mx0vglXcredDemo001';
const SECRET = '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50';
const KEY2 = 'mx0vglXcredOther02';
const SECRET2 = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const PASSPHRASE = 'correct-horse-battery';

function home(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-vf-'));
  const cfg = join(dir, 'cfg', 'xcred');
  return {
    dir,
    cfg,
    vault: join(cfg, 'vault'),
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg'), XDG_CACHE_HOME: join(dir, 'cache'), XCRED_VAULT_PASSPHRASE: PASSPHRASE, XCRED_SCRYPT_LOGN: '10', ...extra },
  };
}
const entries = (path: string) =>
  (JSON.parse(open(readFileSync(path), { kind: 'passphrase', passphrase: Buffer.from(PASSPHRASE) }).toString('utf8')) as { entries: Record<string, { apiKey: string; secret: string }> }).entries;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const add = (h: ReturnType<typeof home>, args: string[], key = KEY, secret = SECRET, env: Record<string, string> = {}) =>
  runCli(['creds', 'add', 'mexc', '--store', 'vault', ...args], { env: { ...h.env, ...env }, input: `${key}\n${secret}\n` });

describe('creds add never overwrites a stored credential silently (item 3)', () => {
  it('refuses with exit 2 naming the stored masked key; --force replaces it', async () => {
    const h = home();
    expect((await add(h, [])).code).toBe(0);
    const before = sha(h.vault);
    const again = await add(h, [], KEY2, SECRET2);
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe(
      'xcred: mexc/default already holds key mx0v…o001 in the encrypted vault: exchanges show a secret only once, so replacing it could lose it for good. Pass --force to replace it, or choose another --profile',
    );
    expect(sha(h.vault)).toBe(before);
    expect(entries(h.vault)['mexc/default']).toMatchObject({ apiKey: KEY, secret: SECRET });

    // The vault itself is asked too, under the lock: an index that lost track of the entry does not open a way round.
    writeFileSync(join(h.cfg, 'profiles.json'), '{}\n');
    expect((await add(h, [], KEY2, SECRET2)).code).toBe(2);
    expect(entries(h.vault)['mexc/default']).toMatchObject({ apiKey: KEY, secret: SECRET });

    const forced = await add(h, ['--force'], KEY2, SECRET2);
    expect(forced.code).toBe(0);
    expect(entries(h.vault)['mexc/default']).toMatchObject({ apiKey: KEY2, secret: SECRET2 });
  });
});

describe('the scrypt cost of an existing vault (item 13)', () => {
  it('is never lowered by XCRED_SCRYPT_LOGN, says so, and the cost used is printed', async () => {
    const h = home({ XCRED_SCRYPT_LOGN: '12' });
    const first = await add(h, ['--json']);
    expect(readFileSync(h.vault)[6]).toBe(12);
    const lower = await add(h, ['--profile', 'two'], KEY2, SECRET2, { XCRED_SCRYPT_LOGN: '10' });
    expect(lower.code).toBe(0);
    expect(readFileSync(h.vault)[6]).toBe(12);
    expect(JSON.parse(first.stdout).scrypt).toMatchObject({ logN: 12, r: 8, p: 1 });
    expect(lower.stdout).toContain('(scrypt N=2^12, r=8, p=1)');
    expect(lower.stdout).toMatch(/kept the vault's scrypt cost N=2\^12, r=8, p=1: XCRED_SCRYPT_LOGN asks for less/);
    const higher = await add(h, ['--profile', 'three', '--json'], KEY2, SECRET2, { XCRED_SCRYPT_LOGN: '13' });
    expect(JSON.parse(higher.stdout).scrypt).toMatchObject({ logN: 13 });
    expect(readFileSync(h.vault)[6]).toBe(13);
  });
});

describe('the vault path must be a regular file (item 14)', () => {
  it('refuses a symlink to /dev/zero, a device, a FIFO-like path and a directory at once, with one line', async () => {
    const h = home();
    mkdirSync(h.cfg, { recursive: true });
    writeFileSync(join(h.cfg, 'profiles.json'), JSON.stringify({ 'mexc/default': { store: 'vault', apiKeyMasked: 'mx0v…o001', secretLength: 32, secretFingerprint: 'sha256:00000000', createdAt: null, ipBound: false, addedAt: '2026-01-01T00:00:00.000Z' } }));
    const zero = join(h.dir, 'zero-link');
    symlinkSync('/dev/zero', zero);
    const dir = join(h.dir, 'a-directory');
    mkdirSync(dir);
    for (const [path, what] of [
      [zero, 'is a symbolic link'],
      ['/dev/zero', 'is a character device, not a regular file'],
      [dir, 'is a directory, not a regular file'],
    ] as const) {
      for (const args of [['sign', 'mexc', '--dry-run'], ['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'x']]) {
        const t0 = Date.now();
        const r = await runCli(args, { env: { ...h.env, XCRED_VAULT: path }, input: `${KEY}\n${SECRET}\n`, timeoutMs: 15_000 });
        expect(r.code, `${args.join(' ')} with XCRED_VAULT=${path}`).toBe(2);
        expect(r.stderr).toContain(what);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(Date.now() - t0).toBeLessThan(5000);
      }
    }
  });

  it('a header crafted within the old limits (logN 20, r 16, p 4) is refused at once, and the lock is free again', async () => {
    const h = home();
    expect((await add(h, [])).code).toBe(0);
    const bytes = readFileSync(h.vault);
    [bytes[6], bytes[7], bytes[8]] = [20, 16, 4];
    createHash('sha256').update(bytes.subarray(0, 53)).digest().copy(bytes, 53, 0, 8);
    writeFileSync(h.vault, bytes);
    const t0 = Date.now();
    const r = await runCli(['creds', 'remove', 'mexc'], { env: h.env, timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scrypt parameters above the safe limit \(128\*N\*r\*p = 8192 MiB > 256 MiB\)/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(readFileSync(h.vault).equals(bytes)).toBe(true);
  });
});

describe('a tampered vault header (item 15)', () => {
  it('a flipped version byte is corruption; a consistent newer header asks for an upgrade; r=17 is named', async () => {
    const h = home();
    expect((await add(h, [])).code).toBe(0);
    const good = readFileSync(h.vault);
    const resum = (b: Buffer) => (createHash('sha256').update(b.subarray(0, 53)).digest().copy(b, 53, 0, 8), b);
    const variant = async (change: (b: Buffer) => Buffer) => {
      writeFileSync(h.vault, change(Buffer.from(good)));
      return runCli(['sign', 'mexc', '--dry-run'], { env: h.env });
    };
    for (const v of [0, 2, 0x41, 0xff]) {
      const r = await variant((b) => ((b[4] = v), b));
      expect(r.code).toBe(2);
      expect(r.stderr, `version byte ${v}`).toMatch(/is corrupted: the header is damaged \(the version byte reads \d+, but the rest of the header is an intact version 1 header\)/);
      expect(r.stderr).not.toMatch(/upgrade xcred/);
    }
    expect((await variant((b) => resum(((b[4] = 2), b)))).stderr).toMatch(/format version 2, which this xcred cannot read.*upgrade xcred/);
    const r17 = await variant((b) => resum(((b[7] = 17), b)));
    expect(r17.stderr).toMatch(/r 17 > 16/);
    expect(r17.stderr).not.toMatch(/logN 10 >/);
    // The salt changed and the checksum recomputed: the format cannot tell this from a wrong passphrase, and says so.
    expect((await variant((b) => resum(((b[12]! ^= 1), b)))).stderr).toMatch(/wrong passphrase \(nothing was changed; a header altered on purpose reads the same/);
  });
});

describe('the vault directory (item 16)', () => {
  it('an existing directory is never chmodded, and a group- or world-writable one is warned about', async () => {
    const h = home();
    const shared = join(h.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const r = await add(h, [], KEY, SECRET, { XCRED_VAULT: join(shared, 'vault') });
    expect(r.code).toBe(0);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(r.stdout).toMatch(/shared is writable by its group and every user \(mode 1777\)/);
    const json = await add(h, ['--profile', 'two', '--json'], KEY2, SECRET2, { XCRED_VAULT: join(shared, 'vault') });
    expect(JSON.parse(json.stdout).warnings.join('\n')).toMatch(/writable by its group and every user/);

    const mine = join(h.dir, 'private');
    mkdirSync(mine, { mode: 0o755 });
    chmodSync(mine, 0o755);
    expect((await add(h, ['--profile', 'three'], KEY, SECRET, { XCRED_VAULT: join(mine, 'vault') })).code).toBe(0);
    expect(statSync(mine).mode & 0o777).toBe(0o755); // not writable by others: left alone, no warning needed

    const fresh = join(h.dir, 'new', 'nested');
    expect((await add(h, ['--profile', 'four'], KEY, SECRET, { XCRED_VAULT: join(fresh, 'vault') })).code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(statSync(join(h.dir, 'new')).mode & 0o777).toBe(0o700);
  });
});
