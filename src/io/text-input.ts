import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { readRegularFile } from './safe-file.js';
import { readStdinBytes } from './stdin.js';

// Text to read errors from: a log file (plain or gzip-rotated) or standard
// input. Binary data is refused with one line, not scanned.

/** Big enough for months of a bot's log; beyond it, pass a slice (tail -n). */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

export interface TextInput {
  text: string;
  bytes: number;
  from: 'argument' | 'stdin' | 'file';
}

/**
 * A log file: only a regular file (a device such as /dev/zero never ends, a
 * FIFO blocks), its size checked on the open descriptor before reading, and
 * never read past that size: a log a bot appends to meanwhile is read as it
 * was when opened (see readRegularFile).
 */
export async function readTextFile(path: string): Promise<TextInput> {
  const buf = readRegularFile(path, {
    what: '--file',
    maxBytes: MAX_TEXT_BYTES,
    upToOpenSize: true, // a bot may be writing its log meanwhile
    tooLargeHint: `pass a slice (e.g. tail -n 200000 ${path} | xcred explain <exchange> -)`,
  });
  if (!buf) throw new InputError(`cannot read --file ${path}: no such file`);
  return { ...decode(buf, `--file ${path}`), from: 'file' };
}

export async function readTextStdin(what: string): Promise<TextInput> {
  const buf = await readStdinBytes(what, MAX_TEXT_BYTES, `standard input is larger than ${MAX_TEXT_BYTES / 1024 / 1024} MB; pass a slice (e.g. tail -n 200000 bot.log | xcred ...)`);
  return { ...decode(buf, what), from: 'stdin' };
}

function decode(raw: Buffer, what: string): { text: string; bytes: number } {
  let buf = raw;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_TEXT_BYTES });
    } catch (err) {
      throw new InputError(`${what}: a damaged or too large gzip file (${(err as Error).message.split('\n')[0]})`);
    }
  }
  if (buf.length > MAX_TEXT_BYTES) throw new InputError(`${what}: larger than ${MAX_TEXT_BYTES / 1024 / 1024} MB; pass a slice (tail -n 200000)`);
  // Text has no NUL bytes; UTF-16 logs and binaries do.
  const head = buf.subarray(0, 64 * 1024);
  if (head.includes(0)) throw new InputError(`${what}: this is not text (binary or UTF-16 data); convert it to UTF-8 text first`);
  return { text: buf.toString('utf8'), bytes: buf.length };
}
