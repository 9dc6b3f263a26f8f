import { Chalk, type ChalkInstance } from 'chalk';

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

// Glyphs carry the meaning, colour only decorates: output reads the same with NO_COLOR.
export const GLYPH: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-', error: '?' };

export interface Style {
  color: boolean;
  verbose: boolean;
  c: ChalkInstance;
  status(s: Status): string;
}

export function makeStyle(opts: { color: boolean; verbose?: boolean }): Style {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const paint: Record<Status, (s: string) => string> = {
    pass: c.green,
    warn: c.yellow,
    fail: c.red,
    skip: c.dim,
    error: c.magenta,
  };
  return { color: opts.color, verbose: opts.verbose ?? false, c, status: (s) => paint[s](GLYPH[s]) };
}

/** Colour only on a TTY, never under NO_COLOR or --no-color. */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
