// Typed errors. Only src/cli.ts turns them into an exit code; nothing else exits.

export const ExitCode = {
  ok: 0,
  problem: 1,
  usage: 2,
  indeterminate: 3,
  /** Ctrl-C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class XcredError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly kind: 'usage' | 'input' | 'indeterminate' | 'problem',
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, arguments or combinations: exit 2. */
export class UsageError extends XcredError {
  constructor(message: string) {
    super(message, ExitCode.usage, 'usage');
  }
}

/** Bad input data (env, .env, JSON, pasted keys, corrupt files): exit 2. */
export class InputError extends XcredError {
  constructor(message: string) {
    super(message, ExitCode.usage, 'input');
  }
}
