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
import { environmentBesideFiles, loadDotenvFiles, type DotenvOptions } from '../io/env-files.js';
import { readStdin, stripOneNewline } from '../io/stdin.js';
import { siblingVersionAt } from '../exchanges/registry.js';
import { urlOption } from './options.js';

export interface CommandCredentials extends ResolvedCredentials {
  baseUrl: string;
  baseUrlSource: string;
  /** Where the base URL came from when it was not the default (the flag, the environment or a .env file). */
  baseUrlFrom: CredentialSource | null;
  /** Said in every report when the base URL is not one of the exchange's own hosts. */
  baseUrlNotice: string | null;
  /** The .env files consulted, with their text, for line-level linting. */
  dotenvFiles: Array<{ path: string; text?: string }>;
}

export interface CredentialOptions extends DotenvOptions {
  profile?: string;
  apiKey?: string;
  secretStdin?: boolean;
  baseUrl?: string;
  apiVersion?: string;
  /** The command sends no request (creds lint): a .env naming another host is reported, not refused. */
  sendsNothing?: boolean;
}

/** Gather credentials (as a pair: see resolveCredentialPair) and the base URL the same way for every command. */
export async function loadCommandCredentials(exchange: ApiFacts, opts: CredentialOptions): Promise<CommandCredentials> {
  // A malformed flag is a usage error before anything asks for a passphrase.
  const flagBaseUrl = opts.baseUrl ? urlOption('--base-url', opts.baseUrl) : null;
  const stdinSecret = opts.secretStdin ? stripOneNewline(await readStdin('--secret-stdin')) : undefined;
  if (stdinSecret === '') throw new UsageError('--secret-stdin: standard input was empty');
  const dotenvFiles = loadDotenvFiles(opts);
  const inputs = {
    flagApiKey: opts.apiKey,
    stdinSecret,
    // A value Node itself loaded from a named file (--env-file) belongs to that file.
    env: environmentBesideFiles(process.env, dotenvFiles),
    dotenvFiles,
  };
  const profile = opts.profile ?? 'default';
  let storedAsked = false;
  let profileNotStored: string | null = null;
  const resolved = await resolveCredentialPair(exchange, inputs, async () => {
    storedAsked = true;
    // The OS keychain or the encrypted vault, through the profile index.
    const { loadStoredCredentials, noSuchProfile } = await import('./stored-credentials.js');
    const stored = await loadStoredCredentials(exchange, profile);
    // Only a name the user chose: 'default' is what every command looks for when nothing else is set.
    if (!stored && profile !== 'default') profileNotStored = noSuchProfile(exchange, profile);
    return stored?.creds ?? null;
  });
  // A profile asked for by name that does not exist is the answer, not "no API key".
  if (profileNotStored && (!resolved.apiKey || !resolved.secret)) throw new UsageError(profileNotStored);
  if (!storedAsked && profile !== 'default' && resolved.apiKey) {
    resolved.warnings.push(`--profile ${profile} was not used: credentials came from ${resolved.apiKey.source.kind === 'flag' ? 'flags' : 'the environment or .env'} first`);
  }
  let baseUrl: string;
  let baseUrlSource: string;
  let baseUrlFrom: CredentialSource | null = null;
  if (flagBaseUrl) {
    baseUrl = flagBaseUrl;
    baseUrlSource = 'flag --base-url';
    baseUrlFrom = { kind: 'flag', name: '--base-url' };
  } else {
    const fromEnv = resolveBaseUrl(exchange.env.baseUrl, inputs);
    if (fromEnv) {
      baseUrl = urlOption(describeSource(fromEnv.source), fromEnv.value);
      baseUrlSource = describeSource(fromEnv.source);
      baseUrlFrom = fromEnv.source;
      const foreign = foreignBaseUrl(exchange, fromEnv.source, baseUrl, resolved);
      // A command that sends nothing (creds lint) reports it instead of refusing: it is what the user wants to check.
      if (foreign && opts.sendsNothing) resolved.warnings.push(foreign);
      else if (foreign) throw new UsageError(foreign);
    } else {
      baseUrl = exchange.defaultBaseUrl;
      baseUrlSource = 'default';
    }
  }
  const sibling = siblingVersionAt(exchange, baseUrl);
  if (sibling) {
    throw new UsageError(
      `${displayUrl(baseUrl)} (${baseUrlSource}) is a ${sibling.title} URL, but ${exchange.title} was asked: use a URL ending in ${new URL(exchange.defaultBaseUrl).pathname}, or ${sibling.apiVersion && !sibling.isDefaultVersion ? `add --api-version ${sibling.apiVersion}` : 'drop --api-version'} for ${sibling.title}`,
    );
  }
  const baseUrlNotice = isOfficialHost(exchange, baseUrl)
    ? null
    : `requests go to ${displayUrl(baseUrl)}, which is not one of ${exchange.exchangeTitle}'s own hosts (${exchange.officialHosts.join(', ')}); it comes from ${baseUrlSource}`;
  return { ...resolved, baseUrl, baseUrlSource, baseUrlFrom, baseUrlNotice, dotenvFiles: inputs.dotenvFiles as Array<{ path: string; text?: string }> };
}

/** Whether a base URL points at one of the exchange's own hosts (https only). */
export function isOfficialHost(exchange: ApiFacts, url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && exchange.officialHosts.includes(u.hostname);
  } catch {
    return false;
  }
}

/** Scheme, host and path only: never userinfo. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * A .env file in the current directory comes with whatever repository the
 * user is in. It may name a host for its own key, but not for a key that came
 * from somewhere else (the keychain, the vault, the shell): a malicious .env
 * would otherwise receive the user's key and a valid signature. An explicit
 * --base-url says the user means it. Returns why such a URL is refused, or null.
 */
function foreignBaseUrl(exchange: ApiFacts, urlSource: CredentialSource, url: string, creds: ResolvedCredentials): string | null {
  if (urlSource.kind !== 'dotenv') return null;
  // The exchange's own hosts over https send the key nowhere new.
  if (isOfficialHost(exchange, url)) return null;
  const foreign = [creds.apiKey?.source, creds.secret?.source].find(
    (s) => s !== undefined && !(s.kind === 'dotenv' && s.path === urlSource.path),
  );
  if (!foreign) return null;
  return `${urlSource.path} sets ${urlSource.name} to ${displayUrl(url)}, but the credentials come from ${describeSource(foreign)}: xcred does not send them to a host named by a .env file. Pass --base-url ${displayUrl(url)} if you mean it`;
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
