import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { InputError } from '../errors.js';

/**
 * A directory for private files. Directories xcred creates get 0700 (chmod
 * too: mkdir's mode is filtered by the umask). An existing directory is never
 * changed (it may be $HOME or a shared one); when others can write to it, the
 * caller gets a warning to show.
 */
export function ensurePrivateDir(dir: string): { created: boolean; warning: string | null } {
  let first: string | undefined;
  try {
    first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot create the directory ${dir}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : code}`);
  }
  if (first !== undefined) {
    // Only the directories this call created, from the first one down to dir.
    let path = first;
    chmodSync(path, 0o700);
    for (const part of relative(first, dir).split(sep).filter(Boolean)) {
      path = join(path, part);
      chmodSync(path, 0o700);
    }
    return { created: true, warning: null };
  }
  const st = statSync(dir);
  if (!st.isDirectory()) throw new InputError(`${dir} is not a directory`);
  const writable = [st.mode & 0o020 ? 'its group' : null, st.mode & 0o002 ? 'every user' : null].filter(Boolean);
  if (writable.length === 0) return { created: false, warning: null };
  return {
    created: false,
    warning: `${dir} is writable by ${writable.join(' and ')} (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}): another account could replace files there; keep credentials in a private directory (xcred changes the mode only of directories it creates)`,
  };
}

/**
 * Write a file so that readers see the old or the new content, never half:
 * temporary file in the same directory (0600, created exclusively under an
 * unpredictable name), fsync, rename, fsync the directory. Callers check what
 * is at path first (see checkReplaceable): rename replaces whatever is there.
 */
export function writeFileAtomic(path: string, data: Buffer | string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    try {
      const dfd = openSync(dirname(path), 'r');
      fsyncSync(dfd);
      closeSync(dfd);
    } catch {
      // Best effort: some filesystems do not allow fsync on a directory.
    }
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}
