import { isUtf8 } from 'node:buffer';
import { ExitCode, InputError, UsageError } from '../errors.js';
import { DEFAULT_SCRYPT, describeScrypt, EnvelopeError, generateMasterKey, open, parseMasterKey, scryptParams, seal, type KeyMaterial } from '../core/vault/envelope.js';
import { writeFileAtomic } from '../io/atomic.js';
import { checkReplaceable, readRegularFile } from '../io/safe-file.js';
import { readStdin, readStdinBytes } from '../io/stdin.js';
import { promptHidden } from '../io/prompt.js';
import { writeOutBytes } from '../render/output.js';
import { terminalInfo } from '../render/terminal.js';
import type { CommandResult } from './result.js';
import { envVariable } from './options.js';

// `xcred encrypt` / `xcred decrypt`: one value or a whole file in xcred's
// envelope (see src/core/vault/envelope.ts and the README). On stdout the
// envelope is armoured as one line, `xcred:v1:<base64>`, fit for a database
// column such as encryptedApiKey.

export const ARMOR_PREFIX = 'xcred:v1:';

interface CryptOptions {
  json?: boolean;
  in?: string;
  out?: string;
  keyEnv?: string;
  passphraseEnv?: string;
  passphraseStdin?: boolean;
  generateKey?: boolean;
  force?: boolean;
}

/** --in: a regular file only (a device or FIFO would read forever or block), at most 64 MiB. */
function readInput(path: string): Buffer {
  const data = readRegularFile(path, { what: '--in', maxBytes: 64 * 1024 * 1024 });
  if (!data) throw new InputError(`--in ${path}: no such file`);
  return data;
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
  // For a new envelope only: a short passphrase given to decrypt is simply the wrong one, and is told so.
  if (confirm && pass.length < 8) throw new InputError('the passphrase must be at least 8 characters');
  return { kind: 'passphrase', passphrase: Buffer.from(pass, 'utf8'), scrypt: scryptParams(process.env) };
}

async function gatherInput(opts: CryptOptions): Promise<{ data: Buffer; passphrase?: string }> {
  if (opts.in !== undefined) {
    const passphrase = opts.passphraseStdin ? (await readStdin('--passphrase-stdin')).split(/\r?\n/)[0] : undefined;
    return { data: readInput(opts.in), ...(passphrase !== undefined ? { passphrase } : {}) };
  }
  if (opts.passphraseStdin) throw new UsageError('--passphrase-stdin needs --in FILE (standard input cannot carry both)');
  if (process.stdin.isTTY) throw new UsageError('nothing to read: pipe the value in, or use --in FILE');
  // Bytes, not text: a binary value must round-trip exactly.
  return { data: await readStdinBytes('standard input', 64 * 1024 * 1024) };
}

/** Nothing to protect is a mistake (an unset variable piped in, an empty file), not a value to seal. */
function refuseEmpty(data: Buffer, opts: CryptOptions): void {
  const where = opts.in !== undefined ? `--in ${opts.in}` : 'standard input';
  if (data.length === 0) throw new InputError(`nothing to encrypt: ${where} is empty`);
  if (opts.in === undefined && data.toString('latin1').trim() === '') {
    throw new InputError(`nothing to encrypt: ${where} holds only whitespace (was the variable you piped in unset?)`);
  }
}

/** --out: a new path, or (with --force) a regular file, replaced atomically. Never a device, FIFO, socket, directory or symlink. */
function writeOutput(opts: CryptOptions, data: Buffer): void {
  if (opts.out === undefined) return;
  try {
    if (checkReplaceable(opts.out, '--out') === 'existing' && !opts.force) throw new InputError(`--out ${opts.out} exists: pass --force to replace it`);
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
  refuseEmpty(input.data, opts);
  const material = await keyMaterial(opts, input.passphrase, true);
  const sealed = seal(input.data, material);
  input.data.fill(0);
  if (material.kind === 'passphrase') material.passphrase.fill(0);
  writeOutput(opts, sealed);
  const armored = ARMOR_PREFIX + sealed.toString('base64');
  // The cost actually used (XCRED_SCRYPT_LOGN can change it), never a constant.
  const kdf = material.kind === 'passphrase' ? `scrypt (${describeScrypt(material.scrypt ?? DEFAULT_SCRYPT)})` : 'HKDF-SHA256 (master key)';
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
      const hint = err.kind === 'wrong-key' && !/not a|must be/.test(err.message) ? ' (or a header altered on purpose, which reads the same)' : '';
      throw new InputError(`cannot decrypt (${what}): ${err.message}${hint}`);
    }
    throw err;
  } finally {
    if (material.kind === 'passphrase') material.passphrase.fill(0);
  }
  if (opts.out === undefined && terminalInfo(1).isTTY) {
    plain.fill(0);
    throw new UsageError('refusing to print decrypted data on a terminal: use --out FILE, or pipe it');
  }
  writeOutput(opts, plain);
  if (opts.out !== undefined) {
    return { exitCode: ExitCode.ok, json: { out: opts.out, bytes: plain.length }, text: () => `Decrypted to ${opts.out} (${plain.length} bytes, file mode 0600)` };
  }
  if (!opts.json) {
    // Exactly the plaintext bytes: no newline added, nothing decoded.
    await writeOutBytes(plain);
    return { exitCode: ExitCode.ok, json: null, text: () => '', printed: true };
  }
  const utf8 = isUtf8(plain);
  return {
    exitCode: ExitCode.ok,
    json: utf8 ? { plaintext: plain.toString('utf8'), encoding: 'utf8', bytes: plain.length } : { plaintext: plain.toString('base64'), encoding: 'base64', bytes: plain.length },
    text: () => '',
  };
}

