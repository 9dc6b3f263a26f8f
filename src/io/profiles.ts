import { join } from 'node:path';
import { InputError } from '../errors.js';
import { ensurePrivateDir, writeFileAtomic } from './atomic.js';
import { withLock, type LockHolder } from './lock.js';
import { readRegularFile } from './safe-file.js';
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

function isProfileInfo(v: unknown): v is ProfileInfo {
  const p = v as Partial<ProfileInfo> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    (p.store === 'keychain' || p.store === 'vault') &&
    typeof p.apiKeyMasked === 'string' &&
    typeof p.secretLength === 'number' &&
    typeof p.secretFingerprint === 'string' &&
    (p.createdAt === null || typeof p.createdAt === 'string') &&
    typeof p.addedAt === 'string'
  );
}

export function readProfiles(path = profilesPath()): ProfileIndex {
  const bytes = readRegularFile(path, { what: 'profile index', maxBytes: 1 << 20, noFollow: true });
  if (!bytes) return {};
  try {
    const data = JSON.parse(bytes.toString('utf8')) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object');
    if (!Object.values(data).every(isProfileInfo)) throw new Error('bad entry');
    return data as ProfileIndex;
  } catch {
    throw new InputError(`${path} is not a valid xcred profile index: fix or delete it (it holds no secrets; the keychain and vault entries stay)`);
  }
}

export async function updateProfiles(
  change: (index: ProfileIndex) => void,
  opts: { path?: string; onWait?: (holder: LockHolder | null) => void } = {},
): Promise<{ warning: string | null }> {
  const path = opts.path ?? profilesPath();
  const { warning } = ensurePrivateDir(join(path, '..'));
  await withLock(
    path,
    () => {
      const index = readProfiles(path);
      change(index);
      writeFileAtomic(path, JSON.stringify(index, null, 2) + '\n');
    },
    { onWait: opts.onWait },
  );
  return { warning };
}
