import { readFileSync, statSync } from 'node:fs';
import { lazyRequire } from './lazy-require.js';
import { InputError } from '../errors.js';
import type { DotenvFile } from '../core/credentials/resolve.js';

/** A .env file as read: its text (for line-level linting) and whether the user named it. */
export interface LoadedDotenv extends DotenvFile {
  text: string;
  /** Named with --dotenv/--env-file; false for the ./.env picked up by default. */
  named: boolean;
}

export interface DotenvOptions {
  dotenv?: string[] | string | undefined;
  envFile?: string[] | string | undefined;
}

interface DotenvRequest {
  path: string;
  flag: '--dotenv' | '--env-file';
}

const list = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The files named on the command line: --dotenv first, then --env-file (the same option under Node's name). */
export function dotenvRequests(opts: DotenvOptions): DotenvRequest[] {
  return [...list(opts.dotenv).map((path) => ({ path, flag: '--dotenv' as const })), ...list(opts.envFile).map((path) => ({ path, flag: '--env-file' as const }))];
}

/**
 * The .env files to consult: the named ones (each must exist) or ./.env when
 * present. Parsed with dotenv's own parser so values match what apps see.
 */
export function loadDotenvFiles(opts: DotenvOptions, cwd = process.cwd()): LoadedDotenv[] {
  const requests = dotenvRequests(opts);
  if (requests.length > 0) return requests.map((r) => loadOne(r.path, r.flag)!);
  const auto = loadOne(`${cwd}/.env`, null);
  return auto ? [{ ...auto, path: '.env', named: false }] : [];
}

function loadOne(path: string, flag: DotenvRequest['flag'] | null): LoadedDotenv | null {
  const label = flag ? `${flag} ${path}` : path;
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`${label}: ${st.isDirectory() ? 'is a directory, not a .env file' : 'not a regular file'}`);
    if (st.size > 1 << 20) throw new InputError(`${label}: larger than 1 MiB, not a .env file`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (!flag) return null;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `${label}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (try sudo, or copy the file)' : 'cannot be read'}`,
    );
  }
  if (text.includes('\u0000')) throw new InputError(`${label}: contains NUL bytes, not a text .env file`);
  // dotenv loads only when there is a file to parse; it is not on the start-up path.
  const { parse } = lazyRequire('dotenv') as typeof import('dotenv');
  return { path, entries: parse(text), text, named: flag !== null };
}

/**
 * The environment as credential resolution should see it. A value that is
 * exactly the one in a file the user named is attributed to that file: some
 * Node versions load `--env-file` into the environment themselves, and the
 * user meant the file either way.
 */
export function environmentBesideFiles(env: NodeJS.ProcessEnv, files: readonly LoadedDotenv[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const file of files) {
    if (!file.named) continue;
    for (const [name, value] of Object.entries(file.entries)) {
      if (Object.hasOwn(out, name) && out[name] === value) delete out[name];
    }
  }
  return out;
}
