import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { lazyRequire } from './lazy-require.js';

// The OS keychain through keytar's API. keytar itself is archived and needs a
// compiler and libsecret to install; @napi-rs/keyring ships prebuilt binaries
// and a keytar-compatible module (keytar.js). macOS Keychain, Windows
// Credential Manager, Secret Service (GNOME Keyring / KWallet) on Linux.

export const KEYCHAIN_SERVICE = 'xcred';

type Keytar = typeof import('@napi-rs/keyring/keytar.js');

function keytar(): Keytar {
  return lazyRequire('@napi-rs/keyring/keytar.js') as Keytar;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (a locked keyring waiting for a password prompt?)`)), ms);
    }),
  ]);
}

export type KeychainStatus = { ok: true } | { ok: false; reason: string };

/** A set/get/delete round trip with a throwaway value: the only honest test that the keychain works. */
export async function probeKeychain(timeoutMs = 3000): Promise<KeychainStatus> {
  const account = `probe-${randomBytes(6).toString('hex')}`;
  const value = randomBytes(12).toString('hex');
  try {
    const k = keytar();
    await withTimeout(k.setPassword(KEYCHAIN_SERVICE, account, value), timeoutMs);
    const back = await withTimeout(k.getPassword(KEYCHAIN_SERVICE, account), timeoutMs);
    await withTimeout(k.deletePassword(KEYCHAIN_SERVICE, account), timeoutMs);
    return back === value ? { ok: true } : { ok: false, reason: 'the keychain did not return what was stored' };
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    const hint = /AccessDenied|dbus|D-Bus|zbus|secret service|org\.freedesktop/i.test(msg)
      ? ' (no Secret Service on this machine: typical of servers and containers without a desktop session)'
      : '';
    return { ok: false, reason: `${msg.split('\n')[0]}${hint}` };
  }
}

export async function keychainSet(account: string, value: string, timeoutMs = 5000): Promise<void> {
  await withTimeout(keytar().setPassword(KEYCHAIN_SERVICE, account, value), timeoutMs);
}

export async function keychainGet(account: string, timeoutMs = 5000): Promise<string | null> {
  return withTimeout(keytar().getPassword(KEYCHAIN_SERVICE, account), timeoutMs);
}

export async function keychainDelete(account: string, timeoutMs = 5000): Promise<boolean> {
  return withTimeout(keytar().deletePassword(KEYCHAIN_SERVICE, account), timeoutMs);
}

/**
 * The {apiKey, secret} JSON xcred stores under an account. Anything else (an
 * entry written by another tool, a bare secret) is a one-line error that
 * quotes none of it: a parser's message would quote its first characters.
 */
export function parseKeychainEntry(raw: string, account: string): { apiKey: string; secret: string } {
  let data: unknown = null;
  try {
    data = JSON.parse(raw);
  } catch {
    // reported below, without the parser's message
  }
  const entry = data as { apiKey?: unknown; secret?: unknown } | null;
  if (typeof entry !== 'object' || entry === null || typeof entry.apiKey !== 'string' || typeof entry.secret !== 'string') {
    throw new InputError(
      `the OS keychain entry ${KEYCHAIN_SERVICE}/${account} is not one xcred wrote (expected its JSON with the key and secret): store the credentials again with \`xcred creds add --force\``,
    );
  }
  return { apiKey: entry.apiKey, secret: entry.secret };
}
