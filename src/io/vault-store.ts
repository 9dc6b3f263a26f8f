import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { EnvelopeError, open, seal, type KeyMaterial } from '../core/vault/envelope.js';
import { ensurePrivateDir, writeFileAtomic } from './atomic.js';
import { withLock } from './lock.js';

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

export function configDir(env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'xcred');
}

export function vaultPath(env = process.env): string {
  return env.XCRED_VAULT || join(configDir(env), 'vault');
}

/** The three vault failures users must be able to tell apart, each with what to do. */
export function vaultError(err: unknown, path: string): Error {
  if (!(err instanceof EnvelopeError)) return err as Error;
  switch (err.kind) {
    case 'wrong-key':
      return new InputError(`vault ${path}: ${err.message} (nothing was changed)`);
    case 'unsupported-version':
      return new InputError(`vault ${path}: ${err.message}`);
    case 'too-costly':
      return new InputError(`vault ${path}: ${err.message}`);
    case 'not-xcred':
      return new InputError(`vault ${path}: ${err.message}; is XCRED_VAULT pointing at the right file?`);
    default:
      return new InputError(`vault ${path} is corrupted: ${err.message}. Restore it from a backup; xcred left it untouched`);
  }
}

function parse(plaintext: Buffer, path: string): VaultData {
  try {
    const data = JSON.parse(plaintext.toString('utf8')) as VaultData;
    if (data.version !== 1 || typeof data.entries !== 'object' || data.entries === null) throw new Error('bad shape');
    return data;
  } catch {
    throw new InputError(`vault ${path} is corrupted: it decrypts but its contents are not a vault`);
  } finally {
    plaintext.fill(0);
  }
}

export function readVault(material: KeyMaterial, path = vaultPath()): VaultData | null {
  if (!existsSync(path)) return null;
  if (statSync(path).size > 16 * 1024 * 1024) throw new InputError(`vault ${path} is larger than 16 MiB: not an xcred vault`);
  try {
    return parse(open(readFileSync(path), material), path);
  } catch (err) {
    throw vaultError(err, path);
  }
}

/** Read, change and write the vault under the lock; on any error the file is left as it was. */
export async function updateVault<T>(material: KeyMaterial, change: (data: VaultData) => T, path = vaultPath()): Promise<T> {
  ensurePrivateDir(dirname(path));
  return withLock(`${path}.lock`, () => {
    const data = readVault(material, path) ?? { version: 1, entries: {} };
    const result = change(data);
    writeFileAtomic(path, seal(Buffer.from(JSON.stringify(data), 'utf8'), material));
    return result;
  });
}
