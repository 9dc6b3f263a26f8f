import { lintCredentials, probesWithheld } from '../core/credentials/lint.js';
import { requestReached } from '../net/failure.js';
import { ExitCode, UsageError } from '../errors.js';
import { describeSource, type CredentialSource, type PairingNote } from '../core/credentials/resolve.js';
import { parseParamsObject, type JsonObject } from '../core/json-numbers.js';
import { maskIdentifier, registerApiKey, type Secret } from '../core/secret.js';
import { HTTP_METHODS, type HttpMethod, type SignedRequest } from '../core/signing.js';
import type { ExchangeApi } from '../exchanges/contract.js';
import { loadApi } from '../exchanges/registry.js';
import type { CommandResult } from './result.js';
import { loadCommandCredentials, requireCredentials, type CredentialOptions } from './context.js';
import { exchangeArg, intOption, msTimestampOption, paramOption } from './options.js';
import { renderSignReport, showable, type SignReport } from '../render/sign-report.js';

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
  const facts = exchangeArg(args[0], opts.apiVersion);
  // Nothing is sent unless asked for: --dry-run is the default and stays accepted.
  if (opts.send && opts.dryRun) throw new UsageError('--send and --dry-run contradict each other: leave out one of them (without --send nothing is sent)');
  if (opts.yes && !opts.send) throw new UsageError('--yes only matters with --send: without --send nothing is sent');
  const send = Boolean(opts.send);
  const api = await loadApi(facts);
  const cli = api.signer.cli;

  // Validate everything the user typed before touching credentials.
  let method: HttpMethod | undefined;
  if (opts.method !== undefined) {
    const m = opts.method.toUpperCase() as HttpMethod;
    if (!HTTP_METHODS.includes(m)) throw new UsageError(`--method must be one of ${HTTP_METHODS.join(', ')}, got "${opts.method}"`);
    method = m;
  }
  const params = paramOption(opts.param);
  const seen = {
    param: opts.param !== undefined,
    params: opts.params !== undefined,
    body: opts.body,
    timestamp: opts.timestamp !== undefined,
    recvWindow: opts.recvWindow !== undefined,
    nonce: opts.nonce !== undefined,
    id: opts.id !== undefined,
    method,
  };
  cli.validate(seen);
  const notes: string[] = [];
  let jsonParams: JsonObject | undefined;
  if (opts.params !== undefined) {
    const parsed = parseParamsObject(opts.params, '--params');
    jsonParams = parsed.params;
    if (parsed.quoted.length > 0) notes.push(quotedNumbersNote(api, parsed.quoted));
  }
  const time = msTimestampOption(cli.timeOption, cli.timeOption === '--nonce' ? opts.nonce : opts.timestamp) ?? Date.now();
  const recvWindow = intOption('--recv-window', opts.recvWindow);
  const id = intOption('--id', opts.id, { min: 0 });
  const timeoutMs = intOption('--timeout', opts.timeout, { min: 1, max: 600_000 }) ?? 10_000;

  const creds = await loadCommandCredentials(facts, opts);
  const { apiKey, apiKeySource, secret, secretSource } = requireCredentials(facts, creds);
  // Masked wherever it would be printed, a response echoing the request included (unless --show-key).
  if (!opts.showKey) registerApiKey(apiKey);
  const report = prepareSign(
    api,
    { method: method ?? cli.defaultMethod(seen), path: opts.path, params, jsonParams, body: opts.body, sort: opts.sort, time, recvWindow, id, showKey: Boolean(opts.showKey), notes },
    {
      apiKey,
      apiKeySource,
      secret,
      secretSource,
      baseUrl: creds.baseUrl,
      baseUrlSource: creds.baseUrlSource,
      baseUrlNotice: creds.baseUrlNotice,
      pairing: creds.pairing ?? null,
      warnings: creds.warnings,
    },
  );
  report.dryRun = !send;
  const safety = report.safety!;
  if (send) {
    // The key travels in a request header: not one that looks like, or holds, the secret.
    const withheld = probesWithheld(lintCredentials(facts, apiKey, secret.reveal()));
    if (withheld) throw new UsageError(`${withheld}; fix the values, or leave out --send to only see the request`);
    if (!safety.readOnly && !opts.yes) await confirmSend(safety.reason, report);
    const { sendSigned } = await import('./sign-send.js');
    return sendSigned(report, api, { timeoutMs, proxy: opts.proxy });
  }
  return { exitCode: ExitCode.ok, json: signJson(report), text: (style) => renderSignReport(report, style) };
}

/** The note for numbers sent as strings (JSON-params APIs). */
export function quotedNumbersNote(api: ExchangeApi, quoted: readonly string[]): string {
  return `Sent the JSON number(s) ${quoted.join(', ')} as strings: numbers are formatted differently across languages (8000.000 vs 8000) and break the signature; ${api.facts.exchangeTitle}'s docs say "all numbers must be strings".`;
}

/** What to sign, validated and typed: the CLI parses it from its options, the library takes it as given. */
export interface SignRequest {
  method?: HttpMethod | undefined;
  path?: string | undefined;
  params: Array<[string, string]>;
  jsonParams?: JsonObject | undefined;
  body?: string | undefined;
  sort?: boolean | undefined;
  time: number;
  recvWindow?: number | undefined;
  id?: number | undefined;
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
  baseUrlNotice?: string | null;
  pairing?: PairingNote | null;
  warnings: string[];
}

/** Build and sign the request, and everything the report says about it. Sends nothing. */
export function prepareSign(api: ExchangeApi, req: SignRequest, creds: SignCredentials): SignReport {
  const { facts } = api;
  const cli = api.signer.cli;
  const { apiKey, apiKeySource, secret, secretSource } = creds;
  const path = req.path ?? cli.defaultPath;
  const signed = api.signer.sign({
    apiKey,
    secret: secret.reveal(),
    baseUrl: creds.baseUrl,
    method: req.method,
    path,
    params: req.params,
    jsonParams: req.jsonParams,
    body: req.body,
    sort: req.sort,
    time: req.time,
    recvWindow: req.recvWindow,
    id: req.id,
  });
  const keyVar = apiKeySource.kind === 'env' || apiKeySource.kind === 'dotenv' ? apiKeySource.name : 'XCRED_API_KEY';
  return {
    exchange: facts.exchange,
    title: facts.exchangeTitle + (facts.apiVersion ? ` (${facts.apiVersion})` : ''),
    labels: { time: cli.timeLabel, path: cli.pathLabel, howSigned: cli.howSigned, extraRows: cli.extraRows({ recvWindow: req.recvWindow }) },
    dryRun: true,
    showKey: req.showKey,
    apiKey,
    apiKeyMasked: maskIdentifier(apiKey),
    apiKeySource: describeSource(apiKeySource),
    apiKeyVar: keyVar,
    secretDescription: secret.describe(),
    secretSource: describeSource(secretSource),
    baseUrlSource: creds.baseUrlSource,
    path,
    time: req.time,
    recvWindow: req.recvWindow,
    signed,
    notes: [
      ...(creds.baseUrlNotice ? [creds.baseUrlNotice] : []),
      ...(creds.pairing && creds.pairing.severity !== 'info' ? [`${creds.pairing.message}: ${creds.pairing.fix}`] : []),
      ...creds.warnings,
      ...signed.notes,
      ...req.notes,
    ],
    response: null,
    safety: cli.endpointSafety(signed.method, path),
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
export interface SignJson extends Pick<SignedRequest, 'method' | 'url' | 'headers' | 'body' | 'stringToSign' | 'signature'> {
  exchange: string;
  dryRun: boolean;
  /** true: the exchange answered; false: the request never left (DNS, refused, TLS, proxy); null: it may have arrived (timeout, reset). */
  sent: boolean | null;
  endpoint: { readOnly: boolean; reason: string } | null;
  credentials: { apiKey: { value: string; source: string }; secret: { description: string; source: string } };
  notes: string[];
  response?: SignReport['response'];
}

/** Whether the request reached the exchange: after a timeout or a reset nobody can tell, and an order may have been placed. */
function sentState(response: SignReport['response']): boolean | null {
  if (!response) return false;
  if (response.status !== null) return true;
  return response.failure ? requestReached(response.failure) : null;
}

export function signJson(report: SignReport): SignJson {
  const mask = (s: string | null) => (s === null ? s : showable(report, s));
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
    sent: sentState(report.response),
    endpoint: report.safety,
    credentials: {
      apiKey: { value: report.showKey ? report.apiKey : report.apiKeyMasked, source: report.apiKeySource },
      secret: { description: report.secretDescription, source: report.secretSource },
    },
    notes: report.notes,
    ...(report.response ? { response: report.response } : {}),
  };
}
