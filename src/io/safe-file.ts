import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';

// Real file-type checks. A path xcred reads or replaces must be a regular
// file: a symlink to /dev/zero passes a size check (size 0) and then reads
// forever, a FIFO blocks, and renaming over /dev/tty replaces the device.

/** "a character device", "a FIFO", ...: what a non-regular file is, for messages. */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** lstat, or null when nothing is there. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export interface ReadRegularOptions {
  /** What the path is, for messages: "vault", "--in". */
  what: string;
  maxBytes: number;
  /** Refuse a symbolic link at the path itself (O_NOFOLLOW) instead of reading its target. */
  noFollow?: boolean;
  /** What to do about a file over maxBytes, appended to that message: "pass a slice (...)". */
  tooLargeHint?: string;
  /** A file that grows while it is read (a live log) is read up to the size it had, instead of refused. */
  upToOpenSize?: boolean;
}

/**
 * Read a whole regular file, or return null when it does not exist. The type
 * and size are checked on the open descriptor (fstat), so what is checked is
 * what is read; O_NONBLOCK keeps a FIFO from blocking the open itself.
 */
export function readRegularFile(path: string, opts: ReadRegularOptions): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (opts.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new InputError(`${opts.what} ${path} is a symbolic link: xcred uses only a regular file there (point it at the real file)`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${opts.what} ${path}: permission denied`);
    if (code === 'ENXIO') throw new InputError(`${opts.what} ${path} is not a regular file`);
    throw new InputError(`${opts.what} ${path} cannot be read (${code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${opts.what} ${path} is ${fileKind(st)}, not a regular file: refusing to read it`);
    if (st.size > opts.maxBytes) {
      const limit = opts.maxBytes >= 1 << 20 ? `${opts.maxBytes / (1 << 20)} MiB` : `${opts.maxBytes} bytes`;
      throw new InputError(`${opts.what} ${path} is larger than ${limit}${opts.tooLargeHint ? `; ${opts.tooLargeHint}` : ''}`);
    }
    // Read at most the size fstat gave, plus one byte to notice a file that grows meanwhile.
    const buf = Buffer.alloc(st.size + (opts.upToOpenSize ? 0 : 1));
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, null);
      if (n === 0) break;
      off += n;
      if (off > st.size) throw new InputError(`${opts.what} ${path} changed while it was being read: try again`);
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * A path xcred may replace with a new regular file: nothing there yet, or a
 * regular file. Devices, FIFOs, sockets, directories and symbolic links are
 * refused (replacing /dev/tty by rename would turn the device into a file).
 */
export function checkReplaceable(path: string, what: string): 'new' | 'existing' {
  const st = lstatOrNull(path);
  if (!st) return 'new';
  if (st.isFile()) return 'existing';
  throw new InputError(`${what} ${path} is ${fileKind(st)}: xcred writes only to a regular file or a new path`);
}
