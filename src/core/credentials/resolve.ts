import type { ApiFacts } from '../../exchanges/contract.js';
import { maskIdentifier, Secret } from '../secret.js';

// Where a credential value came from, said the way a user can act on it.
export type CredentialSource =
  | { kind: 'flag'; name: string }
  | { kind: 'stdin' }
  | { kind: 'env'; name: string }
  | { kind: 'dotenv'; path: string; name: string }
  | { kind: 'demo'; name: string }
  | { kind: 'keychain'; account: string }
  | { kind: 'vault'; path: string; entry: string }
  | { kind: 'argument'; name: string };

export function describeSource(s: CredentialSource): string {
  switch (s.kind) {
    case 'flag':
      return `flag ${s.name}`;
    case 'stdin':
      return 'standard input';
    case 'env':
      return `environment ${s.name}`;
    case 'dotenv':
      return `${s.path} (${s.name})`;
    case 'demo':
      return `emulator demo key ${s.name}`;
    case 'keychain':
      return `OS keychain (xcred/${s.account})`;
    case 'vault':
      return `vault ${s.path} (${s.entry})`;
    case 'argument':
      return `argument ${s.name}`;
  }
}

/** The place a source belongs to: two values from one place were stored together. */
function originOf(s: CredentialSource): string {
  switch (s.kind) {
    case 'flag':
    case 'stdin':
      return 'command line';
    case 'env':
      return 'environment';
    case 'dotenv':
      return `file ${s.path}`;
    case 'demo':
      return 'emulator';
    case 'keychain':
      return `keychain ${s.account}`;
    case 'vault':
      return `vault ${s.entry}`;
    case 'argument':
      return 'the library call';
  }
}

const isStored = (s: CredentialSource) => s.kind === 'keychain' || s.kind === 'vault';

export interface DotenvFile {
  path: string;
  entries: Record<string, string>;
}

export interface CredentialInputs {
  flagApiKey?: string | undefined;
  stdinSecret?: string | undefined;
  env: Record<string, string | undefined>;
  dotenvFiles: readonly DotenvFile[];
}

export interface ResolvedValue<T> {
  value: T;
  source: CredentialSource;
}

/** Key and secret came from different places: how, and how bad that is. */
export interface PairingNote {
  severity: 'info' | 'warn' | 'fail';
  message: string;
  fix: string;
}

export interface ResolvedCredentials {
  apiKey: ResolvedValue<string> | null;
  secret: ResolvedValue<Secret> | null;
  /** A shell variable shadows a different value in a .env file, and so on. */
  warnings: string[];
  /** Set when the key and the secret did not come from one place. */
  pairing?: PairingNote | null;
}

/** A key and secret stored together (keychain or vault), as the stored-credentials loader returns them. */
export interface StoredPair {
  apiKey: ResolvedValue<string>;
  secret: ResolvedValue<Secret>;
}

/** One place that may hold a key, a secret, or both. */
interface Origin {
  key: ResolvedValue<string> | null;
  secret: ResolvedValue<string> | null;
}

function firstSet(names: readonly string[], lookup: (name: string) => string | undefined): { name: string; value: string } | null {
  for (const name of names) {
    const value = lookup(name);
    if (value !== undefined && value !== '') return { name, value };
  }
  return null;
}

/** The places to look, in order: command line, environment, each .env file. */
function origins(facts: ApiFacts, inputs: CredentialInputs): Origin[] {
  const out: Origin[] = [];
  out.push({
    key: inputs.flagApiKey !== undefined ? { value: inputs.flagApiKey, source: { kind: 'flag', name: '--api-key' } } : null,
    secret: inputs.stdinSecret !== undefined ? { value: inputs.stdinSecret, source: { kind: 'stdin' } } : null,
  });
  const envKey = firstSet(facts.env.apiKey, (n) => inputs.env[n]);
  const envSecret = firstSet(facts.env.secret, (n) => inputs.env[n]);
  out.push({
    key: envKey ? { value: envKey.value, source: { kind: 'env', name: envKey.name } } : null,
    secret: envSecret ? { value: envSecret.value, source: { kind: 'env', name: envSecret.name } } : null,
  });
  for (const file of inputs.dotenvFiles) {
    const get = (n: string) => (Object.hasOwn(file.entries, n) ? file.entries[n] : undefined);
    const k = firstSet(facts.env.apiKey, get);
    const s = firstSet(facts.env.secret, get);
    out.push({
      key: k ? { value: k.value, source: { kind: 'dotenv', path: file.path, name: k.name } } : null,
      secret: s ? { value: s.value, source: { kind: 'dotenv', path: file.path, name: s.name } } : null,
    });
  }
  return out;
}

/** dotenv never overrides the shell: a stale `export` silently wins. Say so, per variable. */
function shadowWarnings(facts: ApiFacts, inputs: CredentialInputs): string[] {
  const warnings: string[] = [];
  const check = (names: readonly string[], isSecret: boolean) => {
    for (const name of names) {
      const envValue = inputs.env[name];
      if (envValue === undefined || envValue === '') continue;
      const file = inputs.dotenvFiles.find((f) => Object.hasOwn(f.entries, name));
      if (file && file.entries[name] !== envValue) {
        warnings.push(
          `${name} is set in the shell and differs from ${file.path}; the shell value is used` +
            (isSecret ? '' : ` (shell ${JSON.stringify(envValue.length)} chars, file ${file.entries[name]!.length} chars)`) +
            `. Run \`unset ${name}\` if the file is the one you meant.`,
        );
      }
    }
  };
  check(facts.env.apiKey, false);
  check(facts.env.secret, true);
  return warnings;
}

function secretValue(v: ResolvedValue<string>): ResolvedValue<Secret> {
  return { value: new Secret(v.value), source: v.source };
}

/**
 * Key and secret as a pair. The sources are walked in order (flag and stdin,
 * environment, .env files, then the stored profile: keychain or vault) and
 * the key and the secret are taken from the same place where possible. When
 * they come from different places the result says exactly how; a stored
 * secret is never paired with a key other than the one stored with it.
 *
 * `loadStored` is asked only when the earlier sources leave a half missing
 * (it may need a vault passphrase).
 */
export async function resolveCredentialPair(
  facts: ApiFacts,
  inputs: CredentialInputs,
  loadStored: () => Promise<StoredPair | null>,
): Promise<ResolvedCredentials> {
  const warnings = shadowWarnings(facts, inputs);
  const places = origins(facts, inputs);
  const keyAt = places.findIndex((o) => o.key !== null);
  const secretAt = places.findIndex((o) => o.secret !== null);

  // Nothing complete before the stored profile: it decides.
  if (keyAt < 0 || secretAt < 0) {
    const stored = await loadStored();
    if (keyAt < 0 && secretAt < 0) {
      return stored ? { apiKey: stored.apiKey, secret: stored.secret, warnings, pairing: null } : { apiKey: null, secret: null, warnings, pairing: null };
    }
    if (keyAt >= 0) {
      const key = places[keyAt]!.key!;
      if (!stored) return { apiKey: key, secret: null, warnings, pairing: null };
      if (stored.apiKey.value === key.value) {
        return {
          apiKey: key,
          secret: stored.secret,
          warnings,
          pairing: {
            severity: 'info',
            message: `key from ${describeSource(key.source)}, secret from ${describeSource(stored.secret.source)}, which holds the same key`,
            fix: 'nothing to fix',
          },
        };
      }
      // Never sign with a secret that was stored for another key.
      return {
        apiKey: key,
        secret: null,
        warnings,
        pairing: {
          severity: 'fail',
          message: `the key from ${describeSource(key.source)} has no secret there, and the secret in ${describeSource(stored.secret.source)} belongs to another key (${maskIdentifier(stored.apiKey.value)}): xcred does not pair them`,
          fix: `set the secret next to the key (${facts.env.secret[0]}), or remove ${describeSource(key.source)} to use the stored pair`,
        },
      };
    }
    // A secret without a key: the stored key belongs to the stored secret, not to this one.
    const secret = places[secretAt]!.secret!;
    return {
      apiKey: null,
      secret: secretValue(secret),
      warnings,
      pairing: stored
        ? {
            severity: 'fail',
            message: `a secret is set in ${describeSource(secret.source)} but no key is; the stored profile's key (${maskIdentifier(stored.apiKey.value)}) was stored with another secret: xcred does not pair them`,
            fix: `set the key next to the secret (${facts.env.apiKey[0]}), or remove the secret to use the stored pair`,
          }
        : null,
    };
  }

  const key = places[keyAt]!.key!;
  const secret = places[secretAt]!.secret!;
  if (keyAt === secretAt) return { apiKey: key, secret: secretValue(secret), warnings, pairing: null };

  // Mixed: say how. The secret's own place may hold a key of its own.
  const partner = places[secretAt]!.key;
  let pairing: PairingNote;
  if (partner && partner.value === key.value) {
    pairing = {
      severity: 'info',
      message: `key from ${describeSource(key.source)}, secret from ${describeSource(secret.source)}, which holds the same key`,
      fix: 'nothing to fix',
    };
  } else if (partner) {
    pairing = {
      severity: 'fail',
      message: `mixed pair: the key comes from ${describeSource(key.source)}, the secret from ${originOf(secret.source)}, whose own key is different (${maskIdentifier(partner.value)}): the secret most likely belongs to that key`,
      fix:
        key.source.kind === 'env'
          ? `a stale shell variable wins over the file (dotenv never overrides the shell): run \`unset ${key.source.name}\`, or set both values in one place`
          : 'take the key and the secret from one place',
    };
  } else {
    pairing = {
      severity: 'warn',
      message: `key from ${describeSource(key.source)}, secret from ${describeSource(secret.source)}: different places, so check that they belong together`,
      fix: 'keep the key and the secret in one place',
    };
  }
  if (isStored(secret.source)) throw new Error('unreachable: stored secrets are handled above');
  return { apiKey: key, secret: secretValue(secret), warnings, pairing };
}

/** The first base URL variable set in the environment, then in the .env files. */
export function resolveBaseUrl(names: readonly string[], inputs: CredentialInputs): ResolvedValue<string> | null {
  const env = firstSet(names, (n) => inputs.env[n]);
  if (env) return { value: env.value, source: { kind: 'env', name: env.name } };
  for (const file of inputs.dotenvFiles) {
    const hit = firstSet(names, (n) => (Object.hasOwn(file.entries, n) ? file.entries[n] : undefined));
    if (hit) return { value: hit.value, source: { kind: 'dotenv', path: file.path, name: hit.name } };
  }
  return null;
}
