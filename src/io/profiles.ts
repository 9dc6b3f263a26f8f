import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { ensurePrivateDir, writeFileAtomic } from './atomic.js';
import { withLock } from './lock.js';
import { configDir } from './vault-store.js';

// A small index of stored credentials holding nothing secret: where each one
// lives (keychain or vault), the masked key, the secret's length and
// fingerprint, the creation date and IP binding. It lets `creds list` and
// `renew-hint` work without unlocking anything.

export interface ProfileInfo {
  store: 'keychain' | 'vault';
  apiKeyMasked: string;
  secretLength: number;
  secretFingerprint: string;
  createdAt: string | null;
  ipBound: boolean | null;
  addedAt: string;
}

export type ProfileIndex = Record<string, ProfileInfo>;

export function profilesPath(env = process.env): string {
  return join(configDir(env), 'profiles.json');
}

/** Storage account name: the API's credential group (MEXC spot and futures share one key) and the profile. */
export function profileId(credentialGroup: string, profile: string): string {
  return `${credentialGroup}/${profile}`;
}

export function readProfiles(path = profilesPath()): ProfileIndex {
  if (!existsSync(path)) return {};
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object');
    return data as ProfileIndex;
  } catch {
    throw new InputError(`${path} is not valid JSON: fix or delete it (it holds no secrets; the keychain and vault entries stay)`);
  }
}

export async function updateProfiles(change: (index: ProfileIndex) => void, path = profilesPath()): Promise<void> {
  ensurePrivateDir(join(path, '..'));
  await withLock(`${path}.lock`, () => {
    const index = readProfiles(path);
    change(index);
    writeFileAtomic(path, JSON.stringify(index, null, 2) + '\n');
  });
}
