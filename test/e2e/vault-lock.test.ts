import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open } from '../../src/core/vault/envelope.js';
import { BIN, runCli } from '../helpers.js';

// Issue 12, items 2, 17 and 18: the vault lock. Real processes, spawned as a
// shell would, all at once; every writer that prints "Stored" must be in the
// vault and in profiles.json afterwards.

const KEY = 'mx0vglXcredDemo001';
const SECRET = '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50';
const PASSPHRASE = 'correct-horse-battery';

function home(scryptLogN: string | null = '10') {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-lock-'));
  const cfg = join(dir, 'cfg', 'xcred');
  return {
    dir,
    cfg,
    vault: join(cfg, 'vault'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      NO_COLOR: '1',
      XDG_CONFIG_HOME: join(dir, 'cfg'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      XCRED_VAULT_PASSPHRASE: PASSPHRASE,
      ...(scryptLogN ? { XCRED_SCRYPT_LOGN: scryptLogN } : {}),
    },
  };
}

/** A PID that belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

interface Writer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Start a writer that blocks reading its key and secret from standard input;
 * go() sends them. Releasing every writer at once makes them reach the lock
 * together, which is when a check-then-remove takeover loses updates.
 */
function writer(env: Record<string, string>, profile: string): { go: () => void; done: Promise<Writer> } {
  const child = spawn(process.execPath, [BIN, 'creds', 'add', 'mexc', '--store', 'vault', '--profile', profile], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Writer>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { go: () => child.stdin.end(`${KEY}\n${SECRET}\n`), done };
}

function vaultEntries(path: string): string[] {
  const plain = open(readFileSync(path), { kind: 'passphrase', passphrase: Buffer.from(PASSPHRASE) });
  return Object.keys((JSON.parse(plain.toString('utf8')) as { entries: Record<string, unknown> }).entries).sort();
}

function profileEntries(cfg: string): string[] {
  return Object.keys(JSON.parse(readFileSync(join(cfg, 'profiles.json'), 'utf8')) as Record<string, unknown>).sort();
}

async function race(h: ReturnType<typeof home>, n: number): Promise<Writer[]> {
  const profiles = Array.from({ length: n }, (_, i) => `p${i}`);
  const writers = profiles.map((p) => writer(h.env, p));
  await new Promise((r) => setTimeout(r, 3000)); // every process started and waiting on its input
  for (const w of writers) w.go();
  const results = await Promise.all(writers.map((w) => w.done));
  const stored = profiles.filter((_, i) => results[i]!.code === 0 && results[i]!.stdout.includes('Stored')).map((p) => `mexc/${p}`).sort();
  // Whoever printed "Stored" is in both files.
  expect(vaultEntries(h.vault)).toEqual(expect.arrayContaining(stored));
  expect(profileEntries(h.cfg)).toEqual(expect.arrayContaining(stored));
  return results;
}

describe('the vault lock', () => {
  it('20 concurrent writers with a stale lock lose nothing, round after round', async () => {
    // Each round: a fresh home, a different stale lock left by a dead process.
    const stale: Array<(h: ReturnType<typeof home>) => void> = [
      // xcred 0.1.0's lock: a file holding the PID.
      (h) => {
        writeFileSync(join(h.cfg, 'vault.lock'), String(deadPid()));
        writeFileSync(join(h.cfg, 'profiles.json.lock'), String(deadPid()));
      },
      // This version's lock: a generation whose holder died without releasing it.
      (h) => {
        for (const f of ['vault', 'profiles.json']) {
          mkdirSync(join(h.cfg, `${f}.lock.d`), { mode: 0o700 });
          writeFileSync(join(h.cfg, `${f}.lock.d`, 'g0000000000000003'), JSON.stringify({ pid: deadPid(), host: hostname(), start: null }));
        }
      },
      () => {},
      (h) => writeFileSync(join(h.cfg, 'vault.lock'), String(deadPid())),
    ];
    for (const plant of stale) {
      const h = home();
      mkdirSync(h.cfg, { recursive: true, mode: 0o700 });
      plant(h);
      const results = await race(h, 20);
      // Exit 0, and nothing on stderr but the notice of a writer that waited its turn.
      for (const r of results) expect([r.code, r.stderr.split('\n').filter((l) => l && !/^xcred: waiting for xcred process/.test(l))]).toEqual([0, []]);
      expect(vaultEntries(h.vault)).toHaveLength(20);
      expect(profileEntries(h.cfg)).toHaveLength(20);
    }
  }, 240_000);

  it('at the default scrypt cost, 20 writers all wait their turn: none fails, and the waiters say why', async () => {
    const h = home(null);
    const results = await race(h, 20);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(results.map((r) => r.stderr).join('')).not.toMatch(/locked/);
    expect(results.some((r) => /waiting for xcred process \d+ to finish with the vault/.test(r.stderr))).toBe(true);
    expect(vaultEntries(h.vault)).toHaveLength(20);
    expect(readFileSync(h.vault)[6]).toBe(17); // written at the default cost
  }, 240_000);

  it('a dangling symlink where the 0.1.0 lock was does not block a write', async () => {
    const h = home();
    mkdirSync(h.cfg, { recursive: true, mode: 0o700 });
    symlinkSync(join(h.dir, 'nowhere'), join(h.cfg, 'vault.lock'));
    const t0 = Date.now();
    const r = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\n`, timeoutMs: 30_000 });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(vaultEntries(h.vault)).toEqual(['mexc/default']);
  });

  it('a live holder that stopped making progress: a clear one-line error, nothing taken from it, the vault untouched', async () => {
    const h = home();
    expect((await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\n` })).code).toBe(0);
    const before = readFileSync(h.vault);
    const holder = spawn('sleep', ['60']);
    try {
      const dir = join(h.cfg, 'vault.lock.d');
      const lock = join(dir, 'g0000000000000099');
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname(), start: null }));
      const old = new Date(Date.now() - 120_000);
      utimesSync(lock, old, old);
      const r = await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'two'], { env: h.env, input: `${KEY}\n${SECRET}\n` });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^xcred: .*vault is locked by process ${holder.pid}, which is still running but has shown no progress for \\d+ s\\. If it is hung, end it; xcred never takes a lock from a live process`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(h.vault).equals(before)).toBe(true);
      expect(readFileSync(lock, 'utf8')).toContain(String(holder.pid));
    } finally {
      holder.kill();
    }
  });

  // Red-team finding: with XCRED_VAULT in a shared directory, another account
  // can create vault.lock.d first and plant a generation that is a link to
  // /dev/zero (xcred read it to GBs of memory) or a FIFO (xcred hung).
  it('a lock directory others can write to, in a shared vault directory: exit 2 at once, one line, nothing written', async () => {
    const h = home();
    const shared = join(h.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const dir = join(shared, 'vault.lock.d');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    symlinkSync('/dev/zero', join(dir, 'g0000000000000001'));
    const vault = join(shared, 'vault');
    const r = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: { ...h.env, XCRED_VAULT: vault }, input: `${KEY}\n${SECRET}\n`, timeoutMs: 15_000 });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(`xcred: the lock directory ${dir} is writable by its group and every user (mode 0777), so another account could plant files in it: nothing was written. Make it private (chmod 700 ${dir}) or remove it when no xcred is running\n`);
    expect(existsSync(vault)).toBe(false);
    expect(existsSync(join(h.cfg, 'profiles.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['g0000000000000001']);
  });

  it('a link to /dev/zero or a FIFO as the current generation: exit 2 at once, one line, nothing read or written', async () => {
    for (const plant of ['symlink', 'fifo'] as const) {
      const h = home();
      const dir = join(h.cfg, 'vault.lock.d');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const gen = join(dir, 'g0000000000000005');
      if (plant === 'symlink') symlinkSync('/dev/zero', gen);
      else expect(spawnSync('mkfifo', [gen]).status).toBe(0);
      const r = await runCli(['creds', 'add', 'mexc', '--store', 'vault'], { env: h.env, input: `${KEY}\n${SECRET}\n`, timeoutMs: 15_000 });
      expect([plant, r.code, r.stdout]).toEqual([plant, 2, '']);
      expect(r.stderr).toMatch(new RegExp(`^xcred: the lock ${gen} is ${plant === 'symlink' ? 'a symbolic link' : 'a FIFO \\(named pipe\\)'}, not a lock xcred wrote \\(another account's doing, or a damaged disk\\): nothing was written\\. Remove ${dir} when no xcred is running`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(h.vault)).toBe(false);
    }
  });
});
