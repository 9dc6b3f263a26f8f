import { writeSync } from 'node:fs';
import { withSchemaVersion } from './schema-version.js';
import { scrub, scrubJson } from '../core/secret.js';
import type { CommandResult, GlobalOptions } from '../commands/result.js';
import { escapeJsonControls, neutralizeControls } from './terminal-safe.js';
import { terminalInfo } from './terminal.js';

// The one output boundary: every byte xcred prints passes here. Registered
// secret values are replaced with "[redacted]", registered API keys with their
// mask, and credentials inside URLs with "***" (the Secret type and the
// renderers are the first line of defence, this is the second). JSON is
// scrubbed value by value before it is serialised, so it stays valid.
//
// Writes are synchronous, straight to fd 1 and 2: process.stdout for a pipe
// costs a net.Socket and the stream machinery at start-up (~5 ms), and a
// synchronous write is done when it returns, so nothing is left to flush
// when the program exits. An fd left non-blocking by whoever shares it
// (EAGAIN) falls back to Node's stream, which waits for it to drain, for the
// rest of the run, so the bytes keep their order. A reader that went away (EPIPE: `xcred ... | head`) is reported to
// the handler src/cli.ts registers, which ends the program quietly.

export async function renderResult(result: CommandResult, opts: GlobalOptions): Promise<string> {
  if (result.printed) return '';
  if (opts.json) return jsonText(withSchemaVersion(result.json));
  if (opts.format === 'md' && result.markdown) return neutralizeControls(scrub(result.markdown()), false);
  // chalk loads only when text is rendered in colour: it is not on the start-up path.
  const { makeStyle, wantsColor } = await import('./style.js');
  const { outputWidth } = await import('./width.js');
  const stdout = terminalInfo(1);
  const style = makeStyle({
    color: wantsColor(stdout, process.env, opts.color),
    verbose: opts.verbose ?? false,
    width: outputWidth(stdout, process.env),
  });
  const text = neutralizeControls(scrub(result.text(style)), style.color);
  return text.endsWith('\n') || text === '' ? text : text + '\n';
}

/** One JSON document, scrubbed value by value. */
export function jsonText(value: unknown): string {
  return escapeJsonControls(JSON.stringify(scrubJson(value), null, 2)) + '\n';
}

let onBrokenPipe: () => void = () => {};

/** What to do when the reader of stdout or stderr has gone away (src/cli.ts: exit quietly). */
export function setBrokenPipeHandler(handler: () => void): void {
  onBrokenPipe = handler;
}

/** Fds whose writes go through Node's stream from now on (see above). */
const viaStream = new Set<1 | 2>();

function streamWrite(fd: 1 | 2, data: Uint8Array): Promise<void> {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!viaStream.has(fd)) {
    viaStream.add(fd);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') return onBrokenPipe();
      throw err;
    });
  }
  return new Promise((resolve) => stream.write(data, () => resolve()));
}

/** Write all of data to fd 1 or 2; resolved once it is written. */
export function writeFd(fd: 1 | 2, data: string | Uint8Array): Promise<void> {
  if (data.length === 0) return Promise.resolve();
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (viaStream.has(fd)) return streamWrite(fd, bytes);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return streamWrite(fd, bytes.subarray(offset));
      if (code === 'EPIPE') {
        onBrokenPipe();
        return Promise.resolve();
      }
      // A closed fd: lost, as Node's own streams lose it.
      if (code === 'EBADF') return Promise.resolve();
      throw err;
    }
  }
  return Promise.resolve();
}

/** Free text for stdout, scrubbed. */
export function writeOut(text: string): Promise<void> {
  return writeFd(1, neutralizeControls(scrub(text)));
}

/** Output of renderResult or jsonText, which scrubbed it already (scrubbing serialised JSON again could break it). */
export function writeRendered(text: string): Promise<void> {
  return writeFd(1, text);
}

/** One JSON document on stdout. */
export function writeJson(value: unknown): Promise<void> {
  return writeFd(1, jsonText(value));
}

/** Exactly these bytes on stdout, unscrubbed: only for data the user asked to see (decrypt). */
export function writeOutBytes(data: Uint8Array): Promise<void> {
  return writeFd(1, data);
}

export function writeErr(text: string): Promise<void> {
  return writeFd(2, neutralizeControls(scrub(text)));
}
