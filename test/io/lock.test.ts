import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from '../../src/io/lock.js';

// The lock's rules, in one process (the end-to-end tests race real processes).
const target = () => join(mkdtempSync(join(tmpdir(), 'xcred-lockunit-')), 'vault');
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withLock', () => {
  it('serialises holders: the second waits while the first works, and is told so', async () => {
    const t = target();
    const order: string[] = [];
    let told = 0;
    const first = withLock(t, async () => {
      order.push('first in');
      await sleep(1300);
      order.push('first out');
    }, { heartbeatMs: 100 });
    await sleep(50);
    const second = withLock(t, () => order.push('second'), { onWait: () => told++, heartbeatMs: 100 });
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(told).toBe(1);
  });

  it('takes over from a dead holder, by creating the next generation (the dead one is tidied away)', async () => {
    const t = target();
    mkdirSync(`${t}.lock.d`);
    writeFileSync(`${t}.lock.d/g0000000000000041`, JSON.stringify({ pid: deadPid(), host: hostname(), start: null }));
    await withLock(t, () => expect(readdirSync(`${t}.lock.d`)).toContain('g0000000000000042'));
    expect(readdirSync(`${t}.lock.d`).sort()).toEqual(['g0000000000000042', 'g0000000000000042.released']);
  });

  it('a PID reused by a process started at another time is a dead holder', async () => {
    const t = target();
    mkdirSync(`${t}.lock.d`);
    writeFileSync(`${t}.lock.d/g0000000000000001`, JSON.stringify({ pid: process.pid, host: hostname(), start: '1' }));
    const canTell = existsSync(`/proc/${process.pid}/stat`);
    if (canTell) await withLock(t, () => undefined, { stuckMs: 60_000 });
    expect(readdirSync(`${t}.lock.d`)).toContain(canTell ? 'g0000000000000002' : 'g0000000000000001');
  });

  it('never takes from a live holder: once its heartbeat stops, waiters fail with its PID', async () => {
    const t = target();
    mkdirSync(`${t}.lock.d`);
    const held = `${t}.lock.d/g0000000000000007`;
    writeFileSync(held, JSON.stringify({ pid: process.pid, host: hostname(), start: null }));
    const old = new Date(Date.now() - 5000);
    utimesSync(held, old, old);
    await expect(withLock(t, () => 'ran', { stuckMs: 1000 })).rejects.toThrow(new RegExp(`locked by process ${process.pid}, which is still running but has shown no progress`));
    expect(readdirSync(`${t}.lock.d`)).toEqual(['g0000000000000007']);
  });

  it('a lock from another host is waited for, never judged by PID', async () => {
    const t = target();
    mkdirSync(`${t}.lock.d`);
    writeFileSync(`${t}.lock.d/g0000000000000001`, JSON.stringify({ pid: deadPid(), host: 'elsewhere.example', start: null }));
    const old = new Date(Date.now() - 5000);
    utimesSync(`${t}.lock.d/g0000000000000001`, old, old);
    await expect(withLock(t, () => 'ran', { stuckMs: 1000 })).rejects.toThrow(/locked by process \d+ on elsewhere\.example, which may still be running/);
  });

  it('ignores a dangling symlink at the 0.1.0 lock path, and removes a dead 0.1.0 lock file', async () => {
    const t = target();
    symlinkSync('/nonexistent', `${t}.lock`);
    expect(await withLock(t, () => 'ran')).toBe('ran');
    const u = target();
    writeFileSync(`${u}.lock`, String(deadPid()));
    expect(await withLock(u, () => 'ran')).toBe('ran');
    expect(existsSync(`${u}.lock`)).toBe(false);
  });

  it('refuses a lock path that is not a directory', async () => {
    const t = target();
    symlinkSync('/tmp', `${t}.lock.d`);
    await expect(withLock(t, () => 'ran')).rejects.toThrow(/is a symbolic link, not a directory/);
  });
});

// Red-team finding: a lock directory in a shared place (XCRED_VAULT=/shared/vault)
// that another account planted, or planted files in, must not make xcred read a
// device forever, block on a FIFO, or touch a file through a symlink.
describe('withLock refuses what it did not make', () => {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);
  const privateLock = (t: string) => mkdirSync(`${t}.lock.d`, { mode: 0o700 });

  it('a lock directory its group or everyone can write to: a clear error, nothing written, fn never runs', async () => {
    const t = target();
    privateLock(t);
    chmodSync(`${t}.lock.d`, 0o777);
    let ran = false;
    await expect(withLock(t, () => (ran = true))).rejects.toThrow(new RegExp(`^the lock directory ${t}\\.lock\\.d is writable by its group and every user \\(mode 0777\\)`));
    expect(ran).toBe(false);
    expect(readdirSync(`${t}.lock.d`)).toEqual([]);
    chmodSync(`${t}.lock.d`, 0o770);
    await expect(withLock(t, () => (ran = true))).rejects.toThrow(/is writable by its group \(mode 0770\)/);
    expect(ran).toBe(false);
  });

  it.skipIf(!isRoot)('a lock directory owned by another account: a clear error, nothing written (needs root to chown)', async () => {
    const t = target();
    privateLock(t);
    chownSync(`${t}.lock.d`, 65534, 65534);
    await expect(withLock(t, () => 'ran')).rejects.toThrow(new RegExp(`^the lock directory ${t}\\.lock\\.d belongs to another account \\(uid 65534\\)`));
    expect(readdirSync(`${t}.lock.d`)).toEqual([]);
  });

  it('a generation that is a symlink to /dev/zero is refused at once, never read', async () => {
    const t = target();
    privateLock(t);
    symlinkSync('/dev/zero', `${t}.lock.d/g0000000000000001`);
    const t0 = Date.now();
    await expect(withLock(t, () => 'ran')).rejects.toThrow(/g0000000000000001 is a symbolic link, not a lock xcred wrote/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a generation that is a FIFO is refused at once, never opened for a blocking read', async () => {
    const t = target();
    privateLock(t);
    mkfifo(`${t}.lock.d/g0000000000000001`);
    await expect(withLock(t, () => 'ran')).rejects.toThrow(/g0000000000000001 is a FIFO \(named pipe\), not a lock xcred wrote/);
  }, 5000);

  it('a generation far larger than a holder record is refused, not read', async () => {
    const t = target();
    privateLock(t);
    writeFileSync(`${t}.lock.d/g0000000000000001`, 'x'.repeat(1 << 20));
    await expect(withLock(t, () => 'ran')).rejects.toThrow(/g0000000000000001 is larger than 4096 bytes, not a lock xcred wrote/);
  });

  it.skipIf(!isRoot)('a generation owned by another account is refused (needs root to chown)', async () => {
    const t = target();
    privateLock(t);
    writeFileSync(`${t}.lock.d/g0000000000000001`, JSON.stringify({ pid: 1, host: hostname(), start: null }));
    chownSync(`${t}.lock.d/g0000000000000001`, 65534, 65534);
    await expect(withLock(t, () => 'ran')).rejects.toThrow(/g0000000000000001 belongs to another account \(uid 65534\), not a lock xcred wrote/);
  });

  it('the heartbeat beats on the file it created: a symlink swapped in for it is not followed', async () => {
    const t = target();
    const victim = join(t, '..', 'victim');
    writeFileSync(victim, 'not the lock');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(victim, old, old);
    await withLock(
      t,
      async () => {
        const gen = readdirSync(`${t}.lock.d`).find((e) => /^g\d{16}$/.test(e))!;
        renameSync(`${t}.lock.d/${gen}`, `${t}.lock.d/moved`);
        symlinkSync(victim, `${t}.lock.d/${gen}`);
        await sleep(300);
      },
      { heartbeatMs: 30 },
    );
    expect(Date.now() - statSync(victim).mtimeMs).toBeGreaterThan(3_000_000); // still an hour old
    // The heartbeat reached the file xcred created, wherever it is now.
    expect(Date.now() - statSync(`${t}.lock.d/moved`).mtimeMs).toBeLessThan(1000);
  });

  it.skipIf(!isRoot)('a 0.1.0 lock file that another account owns is not ours to wait for (needs root to chown)', async () => {
    const t = target();
    writeFileSync(`${t}.lock`, '1'); // PID 1 lives, and the file is fresh: a lock of ours would be waited for
    chownSync(`${t}.lock`, 65534, 65534);
    const t0 = Date.now();
    expect(await withLock(t, () => 'ran')).toBe('ran');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(existsSync(`${t}.lock`)).toBe(true); // not ours to remove either
  });

  it('a 0.1.0 lock path that is a FIFO is ignored without blocking', async () => {
    const t = target();
    mkfifo(`${t}.lock`);
    expect(await withLock(t, () => 'ran')).toBe('ran');
  }, 5000);
});
