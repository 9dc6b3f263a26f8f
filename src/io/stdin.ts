import { InputError } from '../errors.js';

/** Read all of standard input; refuses to wait on an interactive terminal. */
export async function readStdin(what: string, maxBytes = 1 << 20): Promise<string> {
  return (await readStdinBytes(what, maxBytes)).toString('utf8');
}

/** Standard input as bytes, at most maxBytes. */
export async function readStdinBytes(what: string, maxBytes = 1 << 20, tooLarge = `standard input is larger than ${maxBytes} bytes`): Promise<Buffer> {
  if (process.stdin.isTTY) {
    throw new InputError(`${what}: standard input is a terminal; pipe the value in (e.g. printf %s "$VALUE" | xcred ...)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes) throw new InputError(`${what}: ${tooLarge}`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** A secret piped in: drop exactly one trailing newline (what echo adds), keep anything else for the linter. */
export function stripOneNewline(value: string): string {
  return value.replace(/\r?\n$/, '');
}
