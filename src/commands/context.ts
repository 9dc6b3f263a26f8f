import { UsageError } from '../errors.js';
import {
  describeSource,
  resolveBaseUrl,
  resolveCredentialPair,
  type CredentialSource,
  type ResolvedCredentials,
} from '../core/credentials/resolve.js';
import type { Secret } from '../core/secret.js';
import type { ApiFacts } from '../exchanges/contract.js';
import { loadDotenvFiles } from '../io/env-files.js';
import { readStdin, stripOneNewline } from '../io/stdin.js';
import { stringList, urlOption } from './options.js';

export interface CommandCredentials extends ResolvedCredentials {
  baseUrl: string;
  baseUrlSource: string;
  /** The .env files consulted, with their text, for line-level linting. */
  dotenvFiles: Array<{ path: string; text?: string }>;
}

export interface CredentialOptions {
  profile?: string;
  apiKey?: string;
  secretStdin?: boolean;
  envFile?: string[] | string;
  baseUrl?: string;
  apiVersion?: string;
}

/** Gather credentials (as a pair: see resolveCredentialPair) and the base URL the same way for every command. */
export async function loadCommandCredentials(exchange: ApiFacts, opts: CredentialOptions): Promise<CommandCredentials> {
  const stdinSecret = opts.secretStdin ? stripOneNewline(await readStdin('--secret-stdin')) : undefined;
  if (stdinSecret === '') throw new UsageError('--secret-stdin: standard input was empty');
  const inputs = {
    flagApiKey: opts.apiKey,
    stdinSecret,
    env: process.env,
    dotenvFiles: loadDotenvFiles(stringList(opts.envFile)),
  };
  const profile = opts.profile ?? 'default';
  let storedAsked = false;
  const resolved = await resolveCredentialPair(exchange, inputs, async () => {
    storedAsked = true;
    // The OS keychain or the encrypted vault, through the profile index.
    const { loadStoredCredentials } = await import('./stored-credentials.js');
    return (await loadStoredCredentials(exchange, profile))?.creds ?? null;
  });
  if (!storedAsked && profile !== 'default' && resolved.apiKey) {
    resolved.warnings.push(`--profile ${profile} was not used: credentials came from ${resolved.apiKey.source.kind === 'flag' ? 'flags' : 'the environment or .env'} first`);
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
      baseUrl = exchange.defaultBaseUrl;
      baseUrlSource = 'default';
    }
  }
  return { ...resolved, baseUrl, baseUrlSource, dotenvFiles: inputs.dotenvFiles as Array<{ path: string; text?: string }> };
}

export function requireCredentials(
  exchange: ApiFacts,
  creds: ResolvedCredentials,
): { apiKey: string; apiKeySource: CredentialSource; secret: Secret; secretSource: CredentialSource } {
  if (creds.pairing?.severity === 'fail' && (!creds.apiKey || !creds.secret)) {
    throw new UsageError(`${creds.pairing.message}; ${creds.pairing.fix}`);
  }
  if (!creds.apiKey) {
    throw new UsageError(
      `no ${exchange.exchangeTitle} API key: set ${exchange.env.apiKey.join(' or ')} (environment or .env), or pass --api-key`,
    );
  }
  if (!creds.secret) {
    throw new UsageError(
      `no ${exchange.exchangeTitle} API secret: set ${exchange.env.secret.join(' or ')} (environment or .env), or pipe it with --secret-stdin`,
    );
  }
  return { apiKey: creds.apiKey.value, apiKeySource: creds.apiKey.source, secret: creds.secret.value, secretSource: creds.secret.source };
}
