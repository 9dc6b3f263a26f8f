import { closeSync, lstatSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Private temporary files in a shared /tmp: a directory of our own from
// mkdtemp (0700, unpredictable name), files created exclusively inside it
// (never through a planted symlink), removed on exit, and leftovers of runs
// that were killed cleared on the next start: only directories with our
// prefix, owned by this user, whose process is gone.

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove `<tmp>/<prefix><pid>-*` directories of this user whose process no longer runs. */
export function clearLeftovers(prefix: string, dir = tmpdir()): string[] {
  const uid = process.getuid?.();
  if (uid === undefined) return [];
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[A-Za-z0-9]+$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || st.uid !== uid || alive(Number(m[1]))) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

export interface PrivateTempDir {
  dir: string;
  /** Write a new file in the directory (0600, exclusive: fails rather than follow or replace anything). */
  writeNew(name: string, data: string | Buffer): string;
  remove(): void;
}

/** A 0700 directory of our own under the system temp directory, removed when the process exits. */
export function privateTempDir(prefix: string): PrivateTempDir {
  clearLeftovers(prefix);
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return {
    dir,
    writeNew(name, data) {
      const path = join(dir, name);
      const fd = openSync(path, 'wx', 0o600);
      try {
        const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      } finally {
        closeSync(fd);
      }
      return path;
    },
    remove() {
      process.removeListener('exit', remove);
      remove();
    },
  };
}
