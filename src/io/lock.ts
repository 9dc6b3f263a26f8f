import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';

const STALE_MS = 30_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Run fn while holding an exclusive lock file (O_EXCL), so two xcred
 * processes cannot lose each other's changes. A lock left by a dead process,
 * or older than 30 s, is taken over.
 */
export async function withLock<T>(lockPath: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        const pid = Number(readFileSync(lockPath, 'utf8'));
        const age = Date.now() - statSync(lockPath).mtimeMs;
        if ((Number.isInteger(pid) && pid > 0 && !alive(pid)) || age > STALE_MS) rmSync(lockPath, { force: true });
      } catch {
        // The holder released it meanwhile: try again.
      }
      if (Date.now() > deadline) throw new InputError(`the vault is locked by another xcred process (${lockPath}); try again, or remove the lock file if no xcred is running`);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
