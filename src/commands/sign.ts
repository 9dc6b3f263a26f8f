import { ExitCode, UsageError } from '../errors.js';
import { buildSignedRequest, HTTP_METHODS } from '../core/build-request.js';
import { describeSource, type CredentialSource } from '../core/credentials/resolve.js';
import { parseParamsObject } from '../core/json-numbers.js';
import { maskIdentifier, type Secret } from '../core/secret.js';
import type { HttpMethod } from '../core/signers/types.js';
import type { JsonObject } from '../core/signers/cryptocom.js';
import type { ExchangeInfo } from '../core/exchanges/types.js';
import type { CommandResult } from './result.js';
import { loadCommandCredentials, requireCredentials, type CredentialOptions } from './context.js';
import { exchangeArg, intOption, msTimestampOption, paramOption } from './options.js';
import { renderSignReport, type SignReport } from '../render/sign-report.js';
import { endpointSafety } from '../core/endpoint-safety.js';

const DEFAULT_PATH = {
  mexc: '/api/v3/account',
  'mexc-futures': '/api/v1/private/account/assets',
  cryptocom: 'private/user-balance',
} as const;

interface SignOptions extends CredentialOptions {
  dryRun?: boolean;
  send?: boolean;
  yes?: boolean;
  method?: string;
  path?: string;
  param?: string[];
  params?: string;
  body?: string;
  sort?: boolean;
  timestamp?: string;
  recvWindow?: string;
  nonce?: string;
  id?: string;
  showKey?: boolean;
  timeout?: string;
  proxy?: string;
}

export async function run(args: string[], opts: SignOptions): Promise<CommandResult> {
  const exchange = exchangeArg(args[0]);
  const isCdc = exchange.id === 'cryptocom';
  // Nothing is sent unless asked for: --dry-run is the default and stays accepted.
  if (opts.send && opts.dryRun) throw new UsageError('--send and --dry-run contradict each other: leave out one of them (without --send nothing is sent)');
  if (opts.yes && !opts.send) throw new UsageError('--yes only matters with --send: without --send nothing is sent');
  const send = Boolean(opts.send);

  // Validate everything the user typed before touching credentials.
  let method: HttpMethod | undefined;
  if (opts.method !== undefined) {
    const m = opts.method.toUpperCase() as HttpMethod;
    if (!HTTP_METHODS.includes(m)) throw new UsageError(`--method must be one of ${HTTP_METHODS.join(', ')}, got "${opts.method}"`);
    method = m;
  }
  const params = paramOption(opts.param);
  if (isCdc && opts.param) throw new UsageError('Crypto.com takes --params \'{"key":"value"}\' (a JSON object), not --param');
  if (!isCdc && opts.params !== undefined) throw new UsageError('--params is for Crypto.com; MEXC takes --param key=value');
  if (isCdc && (opts.timestamp !== undefined || opts.recvWindow !== undefined)) {
    throw new UsageError('Crypto.com uses --nonce, not --timestamp/--recv-window');
  }
  if (!isCdc && (opts.nonce !== undefined || opts.id !== undefined)) throw new UsageError('--nonce and --id are for Crypto.com');
  const notes: string[] = [];
  let cryptocomParams;
  if (opts.params !== undefined) {
    const parsed = parseParamsObject(opts.params, '--params');
    cryptocomParams = parsed.params;
    if (parsed.quoted.length > 0) {
      notes.push(
        `Sent the JSON number(s) ${parsed.quoted.join(', ')} as strings: numbers are formatted differently across languages (8000.000 vs 8000) and break the signature; Crypto.com's docs say "all numbers must be strings".`,
      );
    }
  }
  if (opts.body !== undefined) {
    if (exchange.id !== 'mexc-futures' && exchange.id !== 'mexc') throw new UsageError('--body is for MEXC (futures POST); Crypto.com takes --params');
    if (exchange.id === 'mexc-futures') {
      try {
        JSON.parse(opts.body);
      } catch (err) {
        throw new UsageError(`--body is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
  const time = (isCdc ? msTimestampOption('--nonce', opts.nonce) : msTimestampOption('--timestamp', opts.timestamp)) ?? Date.now();
  const recvWindow = intOption('--recv-window', opts.recvWindow);
  const id = intOption('--id', opts.id, { min: 0 });
  const timeoutMs = intOption('--timeout', opts.timeout, { min: 1, max: 600_000 }) ?? 10_000;

  const creds = await loadCommandCredentials(exchange, opts);
  const { apiKey, apiKeySource, secret, secretSource } = requireCredentials(exchange, creds);
  const report = prepareSign(
    exchange,
    {
      method,
      path: opts.path,
      params,
      cryptocomParams,
      body: opts.body,
      sort: opts.sort,
      time,
      recvWindow,
      id,
      apiVersion: opts.apiVersion === 'v2' ? 'v2' : 'v1',
      showKey: Boolean(opts.showKey),
      notes,
    },
    { apiKey, apiKeySource, secret, secretSource, baseUrl: creds.baseUrl, baseUrlSource: creds.baseUrlSource, warnings: creds.warnings },
  );
  report.dryRun = !send;
  const safety = report.safety!;
  if (send) {
    if (!safety.readOnly && !opts.yes) await confirmSend(safety.reason, report);
    const { sendSigned } = await import('./sign-send.js');
    return sendSigned(report, { timeoutMs, proxy: opts.proxy });
  }
  return { exitCode: ExitCode.ok, json: signJson(report), text: (style) => renderSignReport(report, style) };
}

/** What to sign, validated and typed: the CLI parses it from its options, the library takes it as given. */
export interface SignSpec {
  method?: HttpMethod | undefined;
  path?: string | undefined;
  params: Array<[string, string]>;
  cryptocomParams?: JsonObject | undefined;
  body?: string | undefined;
  sort?: boolean | undefined;
  time: number;
  recvWindow?: number | undefined;
  id?: number | undefined;
  apiVersion: 'v1' | 'v2';
  showKey: boolean;
  notes: string[];
}

export interface SignCredentials {
  apiKey: string;
  apiKeySource: CredentialSource;
  secret: Secret;
  secretSource: CredentialSource;
  baseUrl: string;
  baseUrlSource: string;
  warnings: string[];
}

/** Build and sign the request, and everything the report says about it. Sends nothing. */
export function prepareSign(exchange: ExchangeInfo, spec: SignSpec, creds: SignCredentials): SignReport {
  const isCdc = exchange.id === 'cryptocom';
  const { apiKey, apiKeySource, secret, secretSource } = creds;
  const path = spec.path ?? (isCdc && spec.apiVersion === 'v2' ? 'private/get-account-summary' : DEFAULT_PATH[exchange.id]);
  const signed = buildSignedRequest({
    exchange: exchange.id,
    apiKey,
    secret: secret.reveal(),
    baseUrl: creds.baseUrl,
    method: spec.method ?? (exchange.id === 'mexc-futures' && spec.body ? 'POST' : undefined),
    path,
    params: spec.params,
    cryptocomParams: spec.cryptocomParams,
    body: spec.body,
    sort: spec.sort,
    time: spec.time,
    recvWindow: spec.recvWindow,
    id: spec.id,
  });
  const keyVar = apiKeySource.kind === 'env' || apiKeySource.kind === 'dotenv' ? apiKeySource.name : 'XCRED_API_KEY';
  return {
    exchange: exchange.id,
    title: exchange.title + (isCdc ? ` (${spec.apiVersion})` : ''),
    dryRun: true,
    showKey: spec.showKey,
    apiKey,
    apiKeyMasked: maskIdentifier(apiKey),
    apiKeySource: describeSource(apiKeySource),
    apiKeyVar: keyVar,
    secretDescription: secret.describe(),
    secretSource: describeSource(secretSource),
    baseUrlSource: creds.baseUrlSource,
    path,
    time: spec.time,
    recvWindow: spec.recvWindow,
    signed,
    notes: [...creds.warnings, ...signed.notes, ...spec.notes],
    response: null,
    safety: endpointSafety(exchange.id, signed.method, path),
  };
}

/** A request that can change the account goes out only with --yes or a yes on the terminal. */
async function confirmSend(reason: string, report: SignReport): Promise<void> {
  const what = `${reason} (key ${report.apiKeyMasked}, ${report.signed.url.split('?')[0]})`;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError(`not sent: ${what}. Add --yes to send it anyway, or leave out --send to only see it`);
  }
  const { confirm } = await import('../io/prompt.js');
  if (!(await confirm(`This request can change your account: ${what}.\nSend it? [y/N] `))) {
    throw new UsageError('not sent: not confirmed');
  }
}

/** What `sign --json` prints (and the library's sign() returns): the API key masked unless showKey, the secret never. */
export interface SignJson {
  exchange: string;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  stringToSign: string;
  signature: string;
  dryRun: boolean;
  sent: boolean;
  endpoint: { readOnly: boolean; reason: string } | null;
  credentials: { apiKey: { value: string; source: string }; secret: { description: string; source: string } };
  notes: string[];
  response?: SignReport['response'];
}

export function signJson(report: SignReport): SignJson {
  const mask = (s: string | null) => (s === null || report.showKey ? s : s.split(report.apiKey).join(report.apiKeyMasked));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(report.signed.headers)) headers[k] = mask(v)!;
  return {
    exchange: report.exchange,
    method: report.signed.method,
    url: mask(report.signed.url)!,
    headers,
    body: mask(report.signed.body),
    stringToSign: mask(report.signed.stringToSign)!,
    signature: report.signed.signature,
    dryRun: report.dryRun,
    sent: report.response !== null,
    endpoint: report.safety,
    credentials: {
      apiKey: { value: report.showKey ? report.apiKey : report.apiKeyMasked, source: report.apiKeySource },
      secret: { description: report.secretDescription, source: report.secretSource },
    },
    notes: report.notes,
    ...(report.response ? { response: report.response } : {}),
  };
}
