import { ExitCode, InputError, UsageError } from '../errors.js';
import { Secret } from '../core/secret.js';
import { readStdin, stripOneNewline } from '../io/stdin.js';
import type { CommandResult } from './result.js';

interface FingerprintOptions {
  env?: string;
}

/** A short fingerprint of a secret, to compare two copies without showing either. */
export async function run(_args: string[], opts: FingerprintOptions): Promise<CommandResult> {
  let value: string;
  let source: string;
  if (opts.env !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.env)) throw new UsageError(`--env takes a variable name, got "${opts.env}"`);
    const v = process.env[opts.env];
    if (v === undefined || v === '') throw new InputError(`${opts.env} is not set (or empty) in the environment`);
    value = v;
    source = `environment ${opts.env}`;
  } else {
    value = stripOneNewline(await readStdin('xcred fingerprint'));
    source = 'standard input';
    if (value === '') throw new InputError('nothing on standard input: pipe the secret in, e.g. printf %s "$SECRET" | xcred fingerprint');
  }
  const secret = new Secret(value);
  return {
    exitCode: ExitCode.ok,
    json: { fingerprint: secret.fingerprint, length: secret.length, source },
    text: () => `${secret.fingerprint}  (len ${secret.length}, from ${source})`,
  };
}
