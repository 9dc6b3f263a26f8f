import { ExitCode, InputError, UsageError } from '../errors.js';
import { oddCharacters, type OddCharacter } from '../core/credentials/lint.js';
import { fingerprint, Secret } from '../core/secret.js';
import { readStdin, stripOneNewline } from '../io/stdin.js';
import type { CommandResult } from './result.js';
import { envVariable } from './options.js';
import { wrapBlock } from '../render/width.js';

interface FingerprintOptions {
  env?: string;
}

const KIND_WORDS: Record<OddCharacter['kind'], string> = {
  'leading-whitespace': 'leading whitespace',
  'trailing-whitespace': 'trailing whitespace',
  'line-break': 'a line break inside',
  invisible: 'an invisible character',
  'non-ascii': 'a non-ASCII character',
  control: 'a control character',
};

/**
 * A short fingerprint of a secret, to compare two copies without showing
 * either. Stray whitespace and invisible characters change the fingerprint,
 * which is exactly what a comparison has to catch: they are named, with positions.
 */
export async function run(_args: string[], opts: FingerprintOptions): Promise<CommandResult> {
  let raw: string;
  let source: string;
  let droppedNewline = false;
  if (opts.env !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.env)) throw new UsageError(`--env takes a variable name, got "${opts.env}"`);
    const v = envVariable(opts.env);
    if (v === undefined || v === '') throw new InputError(`${opts.env} is not set (or empty) in the environment`);
    raw = v;
    source = `environment ${opts.env}`;
  } else {
    const input = await readStdin('xcred fingerprint');
    raw = stripOneNewline(input);
    droppedNewline = raw !== input;
    source = 'standard input';
    if (raw === '') throw new InputError('nothing on standard input: pipe the secret in, e.g. printf %s "$SECRET" | xcred fingerprint');
  }
  const secret = new Secret(raw);
  const odd = oddCharacters(raw);
  const trimmed = raw.trim();
  const trimmedFingerprint = trimmed !== raw && trimmed !== '' ? fingerprint(trimmed) : null;
  const warnings = odd.map((c) => `position ${c.position}: ${c.codePoint} ${c.name} (${KIND_WORDS[c.kind]})`);
  return {
    exitCode: ExitCode.ok,
    json: {
      fingerprint: secret.fingerprint,
      length: secret.length,
      source,
      droppedFinalNewline: droppedNewline,
      characters: odd,
      clean: odd.length === 0,
      trimmedFingerprint,
      warnings,
    },
    text: (style) =>
      wrapBlock([
        `${secret.fingerprint}  (len ${secret.length}, from ${source}${droppedNewline ? '; the one final newline was not counted' : ''})`,
        ...(odd.length
          ? [
              `${style.status('warn')} The value contains characters a copy can gain or lose, and they are part of this fingerprint:`,
              ...warnings.map((w) => `    ${w}`),
              ...(trimmedFingerprint ? [`  Without the whitespace at its ends: ${trimmedFingerprint} (len ${[...trimmed].length})`] : []),
            ]
          : []),
      ].join('\n'), style.width),
  };
}
