import { InputError } from '../errors.js';
import type { StoredPair } from '../core/credentials/resolve.js';
import type { ApiFacts } from '../exchanges/contract.js';
import { Secret } from '../core/secret.js';
import { keychainGet, parseKeychainEntry } from '../io/keychain.js';
import { profileId, readProfiles, type ProfileInfo } from '../io/profiles.js';
import { readVault, vaultPath } from '../io/vault-store.js';
import { getPassphrase } from './passphrase.js';

export interface StoredLookup {
  creds: StoredPair;
  info: ProfileInfo;
}

/** The keychain or vault entry for an exchange and profile, when the index says there is one. */
export async function loadStoredCredentials(exchange: ApiFacts, profile: string, passphraseLine?: string): Promise<StoredLookup | null> {
  const id = profileId(exchange.credentialGroup, profile);
  const info = readProfiles()[id];
  if (!info) return null;
  let apiKey: string;
  let secret: string;
  if (info.store === 'keychain') {
    let raw: string | null;
    try {
      raw = await keychainGet(id);
    } catch (err) {
      throw new InputError(`profile ${id} is in the OS keychain, which cannot be read now: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!raw) throw new InputError(`profile ${id} is listed but missing from the OS keychain: add it again with \`xcred creds add ${exchange.exchange} --profile ${profile}\``);
    ({ apiKey, secret } = parseKeychainEntry(raw, id));
    return {
      info,
      creds: {
        apiKey: { value: apiKey, source: { kind: 'keychain', account: id } },
        secret: { value: new Secret(secret), source: { kind: 'keychain', account: id } },
      },
    };
  }
  const passphrase = await getPassphrase({
    stdinLine: passphraseLine,
    neededFor: `${id} is in the encrypted vault (nothing earlier: flags, environment or .env, gave both key and secret)`,
  });
  try {
    const data = readVault({ kind: 'passphrase', passphrase });
    const entry = data?.entries[id];
    if (!entry) throw new InputError(`profile ${id} is listed but not in the vault ${vaultPath()}: add it again with \`xcred creds add\``);
    const path = vaultPath();
    return {
      info,
      creds: {
        apiKey: { value: entry.apiKey, source: { kind: 'vault', path, entry: id } },
        secret: { value: new Secret(entry.secret), source: { kind: 'vault', path, entry: id } },
      },
    };
  } finally {
    passphrase.fill(0);
  }
}

/** Why `--profile NAME` found nothing, and what is stored instead. */
export function noSuchProfile(exchange: ApiFacts, profile: string): string {
  const id = profileId(exchange.credentialGroup, profile);
  const stored = Object.keys(readProfiles()).filter((p) => p.startsWith(`${exchange.credentialGroup}/`));
  const instead = stored.length ? `stored for ${exchange.credentialGroup}: ${stored.join(', ')}` : `nothing is stored for ${exchange.credentialGroup}`;
  return `no stored profile ${id} (${instead}; see \`xcred creds list\`): add it with \`xcred creds add ${exchange.exchange} --profile ${profile}\`, or set ${exchange.env.apiKey[0]} and ${exchange.env.secret[0]}`;
}
