import { allowColourSequences } from './terminal-safe.js';
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

/**
 * chalk, bundled into the CLI as CommonJS and loaded on first use: only runs
 * with colour pay for it. (Left to Node, chalk is an ES module, and the first
 * require() of one starts Node's ESM loader: ~20 ms. The literal
 * require('chalk') is what the bundler sees; under vitest, which runs the
 * sources as ES modules, and in the library's ES module copy, lazyRequire stands in.)
 */
function chalk(): typeof import('chalk') {
  return typeof module !== 'undefined' && typeof require === 'function' ? (require('chalk') as typeof import('chalk')) : (lazyRequire('chalk') as typeof import('chalk'));
}

/** Without colour chalk is not even loaded: most runs (pipes, CI, NO_COLOR) never pay for it. */
function plain(): ChalkInstance {
  const identity = (s: unknown) => String(s);
  return new Proxy(identity, { get: (_t, prop) => (prop === 'level' ? 0 : plain()) }) as unknown as ChalkInstance;
}

export function makeStyle(opts: { color: boolean; verbose?: boolean; width?: number | null }): Style {
  const c: ChalkInstance = opts.color ? new (chalk().Chalk)({ level: 1 }) : plain();
  allowColourSequences(opts.color);
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
