import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_SCRYPT, describeScrypt, EnvelopeError, inspectEnvelope, KDF_SCRYPT, open, openAsync, scryptWork, sealAsync, type KeyMaterial, type ScryptParams } from '../core/vault/envelope.js';
import { ensurePrivateDir, writeFileAtomic } from './atomic.js';
import { withLock, type LockHolder } from './lock.js';
import { readRegularFile } from './safe-file.js';

export interface StoredCredential {
  apiKey: string;
  secret: string;
  /** YYYY-MM-DD, for renew-hint; null when unknown. */
  createdAt: string | null;
  ipBound: boolean | null;
  addedAt: string;
}

export interface VaultData {
  version: 1;
  entries: Record<string, StoredCredential>;
}

const MAX_VAULT_BYTES = 16 * 1024 * 1024;

export function configDir(env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'xcred');
}

export function vaultPath(env = process.env): string {
  return env.XCRED_VAULT || join(configDir(env), 'vault');
}

/** The vault failures users must be able to tell apart, each with what to do. */
export function vaultError(err: unknown, path: string): Error {
  if (!(err instanceof EnvelopeError)) return err as Error;
  switch (err.kind) {
    case 'wrong-key':
      return new InputError(`vault ${path}: ${err.message} (nothing was changed; a header altered on purpose reads the same, so if the passphrase is right, restore the vault from a backup)`);
    case 'unsupported-version':
      return new InputError(`vault ${path}: ${err.message}`);
    case 'too-costly':
      return new InputError(`vault ${path}: ${err.message}; a vault xcred wrote never asks for this, so its header was altered: restore it from a backup`);
    case 'not-xcred':
      return new InputError(`vault ${path}: ${err.message}; is XCRED_VAULT pointing at the right file?`);
    default:
      return new InputError(`vault ${path} is corrupted: ${err.message}. Restore it from a backup; xcred left it untouched`);
  }
}

function isEntry(v: unknown): v is StoredCredential {
  const e = v as Partial<StoredCredential> | null;
  return typeof e === 'object' && e !== null && typeof e.apiKey === 'string' && typeof e.secret === 'string';
}

function parse(plaintext: Buffer, path: string): VaultData {
  try {
    const data = JSON.parse(plaintext.toString('utf8')) as VaultData;
    if (data.version !== 1 || typeof data.entries !== 'object' || data.entries === null || Array.isArray(data.entries)) throw new Error('bad shape');
    if (!Object.values(data.entries).every(isEntry)) throw new Error('bad entry');
    return data;
  } catch {
    // Never the parser's message: it would quote the decrypted contents.
    throw new InputError(`vault ${path} is corrupted: it decrypts but its contents are not a vault`);
  } finally {
    plaintext.fill(0);
  }
}

/** The vault's bytes; null when there is none. Only a regular file, never through a symlink, at most 16 MiB. */
function readVaultFile(path: string): Buffer | null {
  return readRegularFile(path, { what: 'vault', maxBytes: MAX_VAULT_BYTES, noFollow: true });
}

/** The vault's header, checked before any key is derived: xcred vaults are always passphrase-encrypted. */
function vaultHeader(bytes: Buffer, path: string): ScryptParams {
  try {
    const h = inspectEnvelope(bytes);
    if (h.kdf !== KDF_SCRYPT) throw new EnvelopeError('corrupted', 'the header names a master key, which an xcred vault never uses');
    return { logN: h.logN, r: h.r, p: h.p };
  } catch (err) {
    throw vaultError(err, path);
  }
}

export function readVault(material: KeyMaterial, path = vaultPath()): VaultData | null {
  const bytes = readVaultFile(path);
  if (!bytes) return null;
  vaultHeader(bytes, path);
  let plain: Buffer;
  try {
    plain = open(bytes, material);
  } catch (err) {
    throw vaultError(err, path);
  }
  return parse(plain, path);
}

export interface VaultUpdate<T> {
  value: T;
  /** The scrypt cost the vault was written with. */
  scrypt: ScryptParams;
  /** What the user should know: a cost kept or raised, a directory others can write to. */
  notes: string[];
}

export interface VaultUpdateOptions {
  path?: string;
  /** The cost asked for (XCRED_SCRYPT_LOGN or the default); explicit when the environment set it. */
  requested?: ScryptParams & { explicit?: boolean };
  /** Told once when this process has waited a second for another xcred holding the lock. */
  onWait?: (holder: LockHolder | null) => void;
}

/**
 * Read, change and write the vault under the lock; on any error the file is
 * left as it was. An existing vault's scrypt cost is never lowered: the cost
 * used is the higher of the vault's and the one asked for.
 */
export async function updateVault<T>(passphrase: Buffer, change: (data: VaultData) => T, opts: VaultUpdateOptions = {}): Promise<VaultUpdate<T>> {
  const path = opts.path ?? vaultPath();
  const requested = opts.requested ?? { ...DEFAULT_SCRYPT, explicit: false };
  const notes: string[] = [];
  const dir = ensurePrivateDir(dirname(path));
  if (dir.warning) notes.push(dir.warning);
  return withLock(
    path,
    async () => {
      const bytes = readVaultFile(path);
      let data: VaultData = { version: 1, entries: {} };
      let scrypt: ScryptParams = { logN: requested.logN, r: requested.r, p: requested.p };
      if (bytes) {
        const existing = vaultHeader(bytes, path);
        try {
          data = parse(await openAsync(bytes, { kind: 'passphrase', passphrase }), path);
        } catch (err) {
          throw vaultError(err, path);
        }
        if (scryptWork(existing) > scryptWork(scrypt)) {
          if (requested.explicit) {
            notes.push(`kept the vault's scrypt cost ${describeScrypt(existing)}: XCRED_SCRYPT_LOGN asks for less (${describeScrypt(scrypt)}), and an existing vault's cost is never lowered`);
          }
          scrypt = existing;
        } else if (scryptWork(existing) < scryptWork(scrypt)) {
          notes.push(`raised the vault's scrypt cost from ${describeScrypt(existing)} to ${describeScrypt(scrypt)}`);
        }
      }
      const value = change(data);
      const plain = Buffer.from(JSON.stringify(data), 'utf8');
      let sealed: Buffer;
      try {
        sealed = await sealAsync(plain, { kind: 'passphrase', passphrase, scrypt });
      } finally {
        plain.fill(0);
      }
      writeFileAtomic(path, sealed);
      return { value, scrypt, notes };
    },
    { onWait: opts.onWait },
  );
}
