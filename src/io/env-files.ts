import { readFileSync, statSync } from 'node:fs';
import { lazyRequire } from './lazy-require.js';
import { InputError } from '../errors.js';
import type { DotenvFile } from '../core/credentials/resolve.js';

/**
 * The .env files to consult: --env-file paths (must exist) or ./.env when
 * present. Parsed with dotenv's own parser so values match what apps see.
 */
export function loadDotenvFiles(paths: readonly string[] | undefined, cwd = process.cwd()): DotenvFile[] {
  if (paths && paths.length > 0) return paths.map((p) => loadOne(p, true)!);
  const auto = loadOne(`${cwd}/.env`, false);
  return auto ? [{ ...auto, path: '.env' }] : [];
}

function loadOne(path: string, required: boolean): DotenvFile | null {
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`--env-file ${path}: not a regular file`);
    if (st.size > 1 << 20) throw new InputError(`--env-file ${path}: larger than 1 MiB, not a .env file`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (!required) return null;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `--env-file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (try sudo, or copy the file)' : 'cannot be read'}`,
    );
  }
  if (text.includes('\u0000')) throw new InputError(`--env-file ${path}: contains NUL bytes, not a text .env file`);
  // dotenv loads only when there is a file to parse; it is not on the start-up path.
  const { parse } = lazyRequire('dotenv') as typeof import('dotenv');
  return { path, entries: parse(text), text } as DotenvFile & { text: string };
}
