import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, futimesSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { fileKind, lstatOrNull } from './safe-file.js';

// An inter-process lock for the vault and the profile index.
//
// Why not a library: proper-lockfile (the usual choice) takes a stale lock over
// by checking it, removing it and creating it again. A waiter that is late
// between the check and the removal removes the lock another waiter has just
// taken, and both write (its issue #121; xcred 0.1.0 lost vault entries exactly
// so). Its staleness is also by age alone, so it cannot wait on a live holder
// for as long as that holder works. A kernel lock (flock/fcntl) would release
// itself when the holder dies, but Node has none built in and the packages that
// add one compile native code at install time.
//
// So the lock is a directory of numbered generations, and taking it, whether it
// is free or its holder is dead, is one exclusive creation of the next number:
//
//   <target>.lock.d/g0000000000000007            holder: {pid, host, start}; mtime is its heartbeat
//   <target>.lock.d/g0000000000000007.released   written when the holder is done
//
// Whoever sees generation n released or its holder dead creates n+1 with
// link(2), which fails if n+1 exists: of all the waiters that judged n, exactly
// one wins, and a late one fails instead of removing anything. Generations are
// never renumbered downwards (only those below the current one are tidied
// away), so a waiter with a stale view that creates an old number finds a
// higher one above it and backs off. Nothing is ever taken from a live process:
// a live holder's waiters wait (and say so after a second) while its heartbeat
// beats, and fail with a clear message if it stops; only a holder whose process
// is gone (its PID absent, or reused by a process started at another time) is
// taken over.
//
// A 0.1.0 lock (<target>.lock, a file holding a PID) is respected while its
// process is alive and it is younger than 0.1.0's own 30 s limit, then removed.
//
// The vault may sit in a shared directory (XCRED_VAULT), where another account
// can create <target>.lock.d first. So the lock directory must be this user's
// and private, and every lock file is opened without following a symlink and
// without blocking (a FIFO), checked on the descriptor to be a small regular
// file of this user's, and read up to a few KB: a link to /dev/zero or a FIFO
// planted there is refused, not read. The heartbeat touches the file through
// the descriptor it was created with, never by path.

export interface LockHolder {
  pid: number;
  host: string;
  /** Process start time (Linux /proc), to tell a reused PID from the holder. */
  start: string | null;
}

export interface LockOptions {
  /** Called once when this process has waited about a second for a live holder. */
  onWait?: (holder: LockHolder | null) => void;
  /** A live holder whose heartbeat is older than this is reported as stuck. */
  stuckMs?: number;
  heartbeatMs?: number;
}

const GEN = /^g(\d{16})(\.released)?$/;
const LEGACY_STALE_MS = 30_000;
/** A holder record is under 200 bytes; a 0.1.0 lock is a PID. */
const MAX_LOCK_FILE_BYTES = 4096;
/** This user's uid; null where there are none (Windows), and no owner or mode checks are made. */
const myUid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);
const name = (gen: number) => `g${String(gen).padStart(16, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot); null where there is no /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Liveness = 'alive' | 'dead' | 'unknown';

function liveness(holder: LockHolder | null): Liveness {
  if (!holder) return 'unknown';
  if (holder.host !== hostname()) return 'unknown'; // another machine's PIDs mean nothing here
  if (!pidAlive(holder.pid)) return 'dead';
  const start = processStart(holder.pid);
  return holder.start !== null && start !== null && start !== holder.start ? 'dead' : 'alive';
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || !Number.isInteger(h.pid) || h.pid <= 0 || typeof h.host !== 'string') return null;
    return { pid: h.pid, host: h.host, start: typeof h.start === 'string' ? h.start : null };
  } catch {
    return null;
  }
}

interface LockState {
  current: number;
  released: boolean;
}

function readState(dir: string): LockState {
  let current = 0;
  const released = new Set<number>();
  for (const entry of readdirSync(dir)) {
    const m = GEN.exec(entry);
    if (!m) continue;
    const n = Number(m[1]);
    if (m[2]) released.add(n);
    else if (n > current) current = n;
  }
  return { current, released: released.has(current) };
}

/** Create path exclusively (never through a symlink: O_EXCL) with content; its open descriptor. */
function createExclusive(path: string, content: string): number {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, content);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * Create generation gen with its content in one step; null when it exists
 * already. Returns the file's open descriptor, which the heartbeat touches.
 */
function createGeneration(dir: string, gen: number, content: string): number | null {
  const tmp = join(dir, `t-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fd = createExclusive(tmp, content);
  let linked = false;
  try {
    linkSync(tmp, join(dir, name(gen)));
    linked = true;
    return fd;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return null;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
    // No hard links on this filesystem: exclusive creation, then the content
    // (a reader that sees it empty for a moment treats it as a live holder).
    try {
      return createExclusive(join(dir, name(gen)), content);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw e;
    }
  } finally {
    if (!linked) closeSync(fd);
    rmSync(tmp, { force: true });
  }
}

type SmallFile = { ok: true; text: string; mtimeMs: number } | { ok: false; why: string };

/**
 * A lock file's text and mtime, or why it is not a lock this user's xcred wrote;
 * null when nothing is there. Opened with O_NOFOLLOW (a symlink fails) and
 * O_NONBLOCK (a FIFO opens without waiting for a writer), judged by fstat on
 * that descriptor, and never read past MAX_LOCK_FILE_BYTES.
 */
function readSmallOwnFile(path: string): SmallFile | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') return { ok: false, why: 'is a symbolic link' };
    if (code === 'ENXIO') return { ok: false, why: 'is a socket' };
    return { ok: false, why: `cannot be opened (${code ?? 'error'})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, why: `is ${fileKind(st)}` };
    const uid = myUid();
    if (uid !== null && st.uid !== uid) return { ok: false, why: `belongs to another account (uid ${st.uid})` };
    const tooLarge = { ok: false, why: `is larger than ${MAX_LOCK_FILE_BYTES} bytes` } as const;
    if (st.size > MAX_LOCK_FILE_BYTES) return tooLarge;
    const buf = Buffer.alloc(MAX_LOCK_FILE_BYTES + 1);
    let off = 0;
    for (let n; off < buf.length && (n = readSync(fd, buf, off, buf.length - off, null)) > 0; ) off += n;
    if (off > MAX_LOCK_FILE_BYTES) return tooLarge; // grew since fstat
    return { ok: true, text: buf.toString('utf8', 0, off), mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function notALock(file: string, dir: string, why: string): InputError {
  return new InputError(
    `the lock ${file} ${why}, not a lock xcred wrote (another account's doing, or a damaged disk): nothing was written. ` +
      `Remove ${dir} when no xcred is running, and keep the vault in a directory only you can write to`,
  );
}

function lockDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new InputError(`the lock ${dir} is ${fileKind(st)}, not a directory: remove it (when no xcred is running) and try again`);
  // xcred creates it 0700. One another account owns, or can write to, lets
  // that account plant files in it (a link to /dev/zero, a FIFO).
  const uid = myUid();
  if (uid === null) return;
  if (st.uid !== uid) {
    throw new InputError(
      `the lock directory ${dir} belongs to another account (uid ${st.uid}), which could plant files in it: nothing was written. ` +
        `Have its owner or an administrator remove it, and keep the vault in a directory only you can write to`,
    );
  }
  const writable = [st.mode & 0o020 ? 'its group' : null, st.mode & 0o002 ? 'every user' : null].filter(Boolean);
  if (writable.length > 0) {
    throw new InputError(
      `the lock directory ${dir} is writable by ${writable.join(' and ')} (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}), so another account could plant files in it: nothing was written. ` +
        `Make it private (chmod 700 ${dir}) or remove it when no xcred is running`,
    );
  }
}

/** Tidy away what no one can need: generations below the current one, and temporary files of crashed runs. */
function tidy(dir: string, current: number): void {
  const now = Date.now();
  for (const entry of readdirSync(dir)) {
    const m = GEN.exec(entry);
    const old = m ? Number(m[1]) < current : entry.startsWith('t-') && now - (lstatOrNull(join(dir, entry))?.mtimeMs ?? now) > 60_000;
    if (old) rmSync(join(dir, entry), { force: true });
  }
}

function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'an unknown process';
  return `process ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}`;
}

/**
 * Wait for a 0.1.0 lock file (a PID) while its process lives and it is younger
 * than 30 s, then remove it. Anything else at that path (a symlink, a FIFO, a
 * file another account owns) is not this user's 0.1.0 lock: ignored, never read.
 */
async function clearLegacyLock(path: string): Promise<void> {
  for (;;) {
    const lock = readSmallOwnFile(path);
    if (!lock || !lock.ok) {
      // A file of ours too large to be a PID is no lock either: removed as a dead one.
      if (lock?.why.startsWith('is larger than')) rmSync(path, { force: true });
      return;
    }
    const pid = Number(lock.text);
    if (!(Number.isInteger(pid) && pid > 0 && pidAlive(pid) && Date.now() - lock.mtimeMs < LEGACY_STALE_MS)) {
      rmSync(path, { force: true });
      return;
    }
    await sleep(100);
  }
}

/**
 * Run fn while holding the lock for target (a file path). Waits as long as a
 * live holder works; takes over from a dead one; fails with a clear message
 * when a live holder has stopped making progress.
 */
export async function withLock<T>(target: string, fn: () => T | Promise<T>, opts: LockOptions = {}): Promise<T> {
  const dir = `${target}.lock.d`;
  const stuckMs = opts.stuckMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  lockDir(dir);
  const me: LockHolder = { pid: process.pid, host: hostname(), start: processStart(process.pid) };
  const started = Date.now();
  let told = false;
  let delay = 5;
  let gen = 0;
  let fd = -1;
  for (;;) {
    const state = readState(dir);
    let free = state.current === 0 || state.released;
    let holder: LockHolder | null = null;
    if (!free) {
      const file = join(dir, name(state.current));
      const read = readSmallOwnFile(file);
      if (!read) {
        await sleep(delay); // tidied away meanwhile: a newer generation exists
        continue;
      }
      if (!read.ok) throw notALock(file, dir, read.why);
      const mtimeMs = read.mtimeMs;
      holder = parseHolder(read.text);
      const life = liveness(holder);
      if (life === 'dead') {
        free = true;
      } else if (Date.now() - mtimeMs > stuckMs) {
        throw new InputError(
          `${target} is locked by ${describeHolder(holder)}, which ${life === 'alive' ? 'is still running but' : 'may still be running and'} has shown no progress for ${Math.round((Date.now() - mtimeMs) / 1000)} s. ` +
            `If it is hung, end it; xcred never takes a lock from a live process (the lock: ${join(dir, name(state.current))})`,
        );
      }
    }
    const created = free ? createGeneration(dir, state.current + 1, JSON.stringify(me)) : null;
    if (created !== null) {
      // A view older than a tidy-up can recreate a number below the current one: then back off.
      if (readState(dir).current === state.current + 1) {
        gen = state.current + 1;
        fd = created;
        break;
      }
      closeSync(created);
      rmSync(join(dir, name(state.current + 1)), { force: true });
      continue;
    }
    if (!free && !told && Date.now() - started >= 1000) {
      told = true;
      opts.onWait?.(holder);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }

  // Through the descriptor: whatever is put at the path later is never touched.
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      futimesSync(fd, now, now);
    } catch {
      // Cannot fail on a descriptor we hold open; nothing to do if it does.
    }
  }, heartbeatMs);
  heartbeat.unref();
  try {
    tidy(dir, gen);
    await clearLegacyLock(`${target}.lock`);
    return await fn();
  } finally {
    clearInterval(heartbeat);
    closeSync(fd);
    try {
      writeFileSync(join(dir, `${name(gen)}.released`), '', { mode: 0o600, flag: 'wx' });
    } catch {
      // Removed by hand: the next writer will see a missing or dead holder.
    }
  }
}
