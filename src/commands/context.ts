import { UsageError } from '../errors.js';
import {
  describeSource,
  resolveBaseUrl,
  resolveCredentials,
  type CredentialSource,
  type ResolvedCredentials,
} from '../core/credentials/resolve.js';
import { CRYPTOCOM_V2_BASE_URL } from '../core/exchanges/registry.js';
import type { ExchangeInfo } from '../core/exchanges/types.js';
import type { Secret } from '../core/secret.js';
import { environmentBesideFiles, loadDotenvFiles, type DotenvOptions } from '../io/env-files.js';
import { readStdin, stripOneNewline } from '../io/stdin.js';
import { urlOption } from './options.js';

export interface CommandCredentials extends ResolvedCredentials {
  baseUrl: string;
  baseUrlSource: string;
  /** The .env files consulted, with their text, for line-level linting. */
  dotenvFiles: Array<{ path: string; text?: string }>;
}

export interface CredentialOptions extends DotenvOptions {
  profile?: string;
  apiKey?: string;
  secretStdin?: boolean;
  baseUrl?: string;
  apiVersion?: string;
}

/** Gather credentials and base URL the same way for every command. */
export async function loadCommandCredentials(exchange: ExchangeInfo, opts: CredentialOptions): Promise<CommandCredentials> {
  const stdinSecret = opts.secretStdin ? stripOneNewline(await readStdin('--secret-stdin')) : undefined;
  if (stdinSecret === '') throw new UsageError('--secret-stdin: standard input was empty');
  const dotenvFiles = loadDotenvFiles(opts);
  const inputs = {
    flagApiKey: opts.apiKey,
    stdinSecret,
    env: environmentBesideFiles(process.env, dotenvFiles),
    dotenvFiles,
  };
  let resolved = resolveCredentials(exchange, inputs);
  // Then the OS keychain and the encrypted vault, through the profile index.
  if (!resolved.apiKey || !resolved.secret) {
    const { loadStoredCredentials } = await import('./stored-credentials.js');
    const stored = await loadStoredCredentials(exchange, opts.profile ?? 'default');
    if (stored) {
      resolved = {
        apiKey: resolved.apiKey ?? stored.creds.apiKey,
        secret: resolved.secret ?? stored.creds.secret,
        warnings: resolved.warnings,
      };
    }
  } else if (opts.profile && opts.profile !== 'default') {
    resolved.warnings.push(`--profile ${opts.profile} was not used: credentials came from ${resolved.apiKey.source.kind === 'flag' ? 'flags' : 'the environment or .env'} first`);
  }
  let baseUrl: string;
  let baseUrlSource: string;
  if (opts.baseUrl) {
    baseUrl = urlOption('--base-url', opts.baseUrl);
    baseUrlSource = 'flag --base-url';
  } else {
    const fromEnv = resolveBaseUrl(exchange.env.baseUrl, inputs);
    if (fromEnv) {
      baseUrl = urlOption(describeSource(fromEnv.source), fromEnv.value);
      baseUrlSource = describeSource(fromEnv.source);
    } else {
      baseUrl = exchange.id === 'cryptocom' && opts.apiVersion === 'v2' ? CRYPTOCOM_V2_BASE_URL : exchange.defaultBaseUrl;
      baseUrlSource = 'default';
    }
  }
  return { ...resolved, baseUrl, baseUrlSource, dotenvFiles: inputs.dotenvFiles as Array<{ path: string; text?: string }> };
}

export function requireCredentials(
  exchange: ExchangeInfo,
  creds: ResolvedCredentials,
): { apiKey: string; apiKeySource: CredentialSource; secret: Secret; secretSource: CredentialSource } {
  if (!creds.apiKey) {
    throw new UsageError(
      `no ${exchange.title} API key: set ${exchange.env.apiKey.join(' or ')} (environment or .env), or pass --api-key`,
    );
  }
  if (!creds.secret) {
    throw new UsageError(
      `no ${exchange.title} API secret: set ${exchange.env.secret.join(' or ')} (environment or .env), or pipe it with --secret-stdin`,
    );
  }
  return { apiKey: creds.apiKey.value, apiKeySource: creds.apiKey.source, secret: creds.secret.value, secretSource: creds.secret.source };
}
