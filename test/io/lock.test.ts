import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
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
