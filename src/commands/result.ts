import type { ExitCodeValue } from '../errors.js';
import type { Style } from '../render/style.js';

/** What every command returns: the output boundary decides how to print it. */
export interface CommandResult {
  exitCode: ExitCodeValue;
  /** The one JSON document printed under --json. */
  json: unknown;
  text(style: Style): string;
  markdown?(): string;
  /** The command already wrote its output (long-running commands such as the emulator). */
  printed?: boolean;
  /** Advice for the person at the terminal: written to stderr in text mode, never under --json (stdout stays clean for $(...)). */
  notice?: string;
}

export interface GlobalOptions {
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  format?: string;
}
