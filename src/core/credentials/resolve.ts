import { Secret } from '../secret.js';
import type { ExchangeInfo } from '../exchanges/types.js';

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

export interface ResolvedCredentials {
  apiKey: ResolvedValue<string> | null;
  secret: ResolvedValue<Secret> | null;
  /** A shell variable shadows a different value in a .env file, and so on. */
  warnings: string[];
}

function fromEnvOrDotenv(
  names: readonly string[],
  inputs: CredentialInputs,
  warnings: string[],
  isSecret: boolean,
): ResolvedValue<string> | null {
  for (const name of names) {
    const envValue = inputs.env[name];
    const fileHit = inputs.dotenvFiles.find((f) => Object.hasOwn(f.entries, name));
    if (envValue !== undefined && envValue !== '') {
      if (fileHit && fileHit.entries[name] !== envValue) {
        // dotenv never overrides the shell: a stale `export` silently wins.
        warnings.push(
          `${name} is set in the shell and differs from ${fileHit.path}; the shell value is used` +
            (isSecret ? '' : ` (shell ${JSON.stringify(envValue.length)} chars, file ${fileHit.entries[name]!.length} chars)`) +
            `. Run \`unset ${name}\` if the file is the one you meant.`,
        );
      }
      return { value: envValue, source: { kind: 'env', name } };
    }
    if (fileHit) return { value: fileHit.entries[name]!, source: { kind: 'dotenv', path: fileHit.path, name } };
  }
  return null;
}

/** Flags and stdin first, then the environment, then .env files. */
export function resolveCredentials(exchange: ExchangeInfo, inputs: CredentialInputs): ResolvedCredentials {
  const warnings: string[] = [];
  const apiKey: ResolvedValue<string> | null =
    inputs.flagApiKey !== undefined
      ? { value: inputs.flagApiKey, source: { kind: 'flag', name: '--api-key' } }
      : fromEnvOrDotenv(exchange.env.apiKey, inputs, warnings, false);
  let secret: ResolvedValue<Secret> | null = null;
  if (inputs.stdinSecret !== undefined) {
    secret = { value: new Secret(inputs.stdinSecret), source: { kind: 'stdin' } };
  } else {
    const hit = fromEnvOrDotenv(exchange.env.secret, inputs, warnings, true);
    if (hit) secret = { value: new Secret(hit.value), source: hit.source };
  }
  return { apiKey, secret, warnings };
}

export function resolveBaseUrl(
  names: readonly string[],
  inputs: CredentialInputs,
): ResolvedValue<string> | null {
  return fromEnvOrDotenv(names, inputs, [], false);
}
