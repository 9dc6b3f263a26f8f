import { readFileSync, statSync } from 'node:fs';
import { ExitCode, InputError, UsageError } from '../errors.js';
import { EnvelopeError, generateMasterKey, open, parseMasterKey, scryptParams, seal, type KeyMaterial } from '../core/vault/envelope.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readStdin } from '../io/stdin.js';
import { promptHidden } from '../io/prompt.js';
import type { CommandResult } from './result.js';
import { envVariable } from './options.js';

// `xcred encrypt` / `xcred decrypt`: one value or a whole file in xcred's
// envelope (see src/core/vault/envelope.ts and the README). On stdout the
// envelope is armoured as one line, `xcred:v1:<base64>`, fit for a database
// column such as encryptedApiKey.

export const ARMOR_PREFIX = 'xcred:v1:';

interface CryptOptions {
  in?: string;
  out?: string;
  keyEnv?: string;
  passphraseEnv?: string;
  passphraseStdin?: boolean;
  generateKey?: boolean;
  force?: boolean;
}

function readInput(path: string): Buffer {
  try {
    if (statSync(path).size > 64 * 1024 * 1024) throw new InputError(`--in ${path} is larger than 64 MiB`);
    return readFileSync(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`--in ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}`);
  }
}

async function keyMaterial(opts: CryptOptions, stdinPassphrase: string | undefined, confirm: boolean): Promise<KeyMaterial> {
  if (opts.keyEnv !== undefined) {
    const value = envVariable(opts.keyEnv);
    if (!value) throw new InputError(`${opts.keyEnv} is not set (it should hold a 32-byte base64 master key; make one with \`xcred encrypt --generate-key\`)`);
    try {
      return { kind: 'master-key', key: parseMasterKey(value, opts.keyEnv) };
    } catch (err) {
      throw new InputError((err as Error).message);
    }
  }
  let pass = stdinPassphrase ?? (opts.passphraseEnv !== undefined ? envVariable(opts.passphraseEnv) : undefined);
  if (opts.passphraseEnv !== undefined && !pass) throw new InputError(`${opts.passphraseEnv} is not set`);
  if (pass === undefined) {
    if (!process.stdin.isTTY) throw new UsageError('give a key: --key-env VAR (master key), --passphrase-env VAR, or --passphrase-stdin with --in FILE');
    pass = await promptHidden('Passphrase: ');
    if (confirm && (await promptHidden('Repeat the passphrase: ')) !== pass) throw new InputError('the passphrases do not match: nothing was written');
  }
  if (pass.length < 8) throw new InputError('the passphrase must be at least 8 characters');
  return { kind: 'passphrase', passphrase: Buffer.from(pass, 'utf8'), scrypt: scryptParams(process.env) };
}

async function gatherInput(opts: CryptOptions): Promise<{ data: Buffer; passphrase?: string }> {
  if (opts.in !== undefined) {
    const passphrase = opts.passphraseStdin ? (await readStdin('--passphrase-stdin')).split(/\r?\n/)[0] : undefined;
    return { data: readInput(opts.in), ...(passphrase !== undefined ? { passphrase } : {}) };
  }
  if (opts.passphraseStdin) throw new UsageError('--passphrase-stdin needs --in FILE (standard input cannot carry both)');
  if (process.stdin.isTTY) throw new UsageError('nothing to read: pipe the value in, or use --in FILE');
  return { data: Buffer.from(await readStdin('standard input', 64 * 1024 * 1024), 'utf8') };
}

function writeOutput(opts: CryptOptions, data: Buffer): void {
  if (opts.out === undefined) return;
  try {
    if (!opts.force) {
      try {
        statSync(opts.out);
        throw new InputError(`--out ${opts.out} exists: pass --force to replace it`);
      } catch (err) {
        if (err instanceof InputError) throw err;
      }
    }
    writeFileAtomic(opts.out, data);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`--out ${opts.out}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : 'cannot be written'}`);
  }
}

export async function runEncrypt(_args: string[], opts: CryptOptions): Promise<CommandResult> {
  if (opts.generateKey) {
    const key = generateMasterKey();
    return {
      exitCode: ExitCode.ok,
      json: { masterKey: key, bytes: 32, encoding: 'base64' },
      // Only the key on stdout, so `export ENCRYPTION_MASTER_KEY="$(xcred encrypt --generate-key)"` captures exactly it.
      text: () => key,
      notice: '32 random bytes, base64 (only the key is on stdout). Keep it in a secret store, not next to the data it protects.',
    };
  }
  const input = await gatherInput(opts);
  const material = await keyMaterial(opts, input.passphrase, true);
  const sealed = seal(input.data, material);
  input.data.fill(0);
  if (material.kind === 'passphrase') material.passphrase.fill(0);
  writeOutput(opts, sealed);
  const armored = ARMOR_PREFIX + sealed.toString('base64');
  const kdf = material.kind === 'passphrase' ? 'scrypt (N=2^17, r=8, p=1)' : 'HKDF-SHA256 (master key)';
  return {
    exitCode: ExitCode.ok,
    json: opts.out !== undefined ? { out: opts.out, bytes: sealed.length, format: 'xcred envelope v1', kdf } : { armored, bytes: sealed.length, format: 'xcred envelope v1', kdf },
    text: () => (opts.out !== undefined ? `Encrypted to ${opts.out} (${sealed.length} bytes, AES-256-GCM, ${kdf}, file mode 0600)` : armored),
  };
}

export async function runDecrypt(_args: string[], opts: CryptOptions): Promise<CommandResult> {
  const input = await gatherInput(opts);
  const text = input.data.toString('utf8').trim();
  const envelope = text.startsWith(ARMOR_PREFIX) ? Buffer.from(text.slice(ARMOR_PREFIX.length), 'base64') : input.data;
  const material = await keyMaterial(opts, input.passphrase, false);
  let plain: Buffer;
  try {
    plain = open(envelope, material);
  } catch (err) {
    if (err instanceof EnvelopeError) {
      const what = { 'wrong-key': 'wrong key', corrupted: 'corrupted', 'not-xcred': 'not this format', 'unsupported-version': 'unsupported version', 'too-costly': 'refused' }[err.kind];
      throw new InputError(`cannot decrypt (${what}): ${err.message}`);
    }
    throw err;
  } finally {
    if (material.kind === 'passphrase') material.passphrase.fill(0);
  }
  if (opts.out === undefined && process.stdout.isTTY) {
    plain.fill(0);
    throw new UsageError('refusing to print decrypted data on a terminal: use --out FILE, or pipe it');
  }
  writeOutput(opts, plain);
  return {
    exitCode: ExitCode.ok,
    json: opts.out !== undefined ? { out: opts.out, bytes: plain.length } : { plaintext: plain.toString('utf8'), bytes: plain.length },
    text: () => (opts.out !== undefined ? `Decrypted to ${opts.out} (${plain.length} bytes, file mode 0600)` : plain.toString('utf8')),
  };
}

