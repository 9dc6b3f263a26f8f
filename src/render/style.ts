import type { ChalkInstance } from 'chalk';
import { lazyRequire } from '../io/lazy-require.js';

import { GLYPH, type Status } from './glyphs.js';

export { GLYPH, type Status } from './glyphs.js';

export interface Style {
  color: boolean;
  verbose: boolean;
  /** Columns to fit the text to; null: no limit (a pipe or a file). */
  width: number | null;
  c: ChalkInstance;
  status(s: Status): string;
}

/** Without colour chalk is not even loaded: most runs (pipes, CI, NO_COLOR) never pay for it. */
function plain(): ChalkInstance {
  const identity = (s: unknown) => String(s);
  return new Proxy(identity, { get: (_t, prop) => (prop === 'level' ? 0 : plain()) }) as unknown as ChalkInstance;
}

export function makeStyle(opts: { color: boolean; verbose?: boolean; width?: number | null }): Style {
  const c: ChalkInstance = opts.color ? new (lazyRequire('chalk') as typeof import('chalk')).Chalk({ level: 1 }) : plain();
  const paint: Record<Status, (s: string) => string> = {
    pass: c.green,
    warn: c.yellow,
    fail: c.red,
    skip: c.dim,
    error: c.magenta,
  };
  return { color: opts.color, verbose: opts.verbose ?? false, width: opts.width ?? null, c, status: (s) => paint[s](GLYPH[s]) };
}

/** Colour only on a TTY, never under NO_COLOR or --no-color. */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
