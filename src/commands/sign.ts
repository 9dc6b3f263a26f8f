import { ExitCode, UsageError } from '../errors.js';
import { buildSignedRequest, HTTP_METHODS } from '../core/build-request.js';
import { describeSource } from '../core/credentials/resolve.js';
import { parseParamsObject } from '../core/json-numbers.js';
import { maskIdentifier } from '../core/secret.js';
import type { HttpMethod } from '../core/signers/types.js';
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
  const path = opts.path ?? (isCdc && opts.apiVersion === 'v2' ? 'private/get-account-summary' : DEFAULT_PATH[exchange.id]);
  const signed = buildSignedRequest({
    exchange: exchange.id,
    apiKey,
    secret: secret.reveal(),
    baseUrl: creds.baseUrl,
    method: method ?? (exchange.id === 'mexc-futures' && opts.body ? 'POST' : undefined),
    path,
    params,
    cryptocomParams,
    body: opts.body,
    sort: opts.sort,
    time,
    recvWindow,
    id,
  });

  const keyVar = apiKeySource.kind === 'env' || apiKeySource.kind === 'dotenv' ? apiKeySource.name : 'XCRED_API_KEY';
  const report: SignReport = {
    exchange: exchange.id,
    title: exchange.title + (isCdc ? ` (${opts.apiVersion ?? 'v1'})` : ''),
    dryRun: !send,
    showKey: Boolean(opts.showKey),
    apiKey,
    apiKeyMasked: maskIdentifier(apiKey),
    apiKeySource: describeSource(apiKeySource),
    apiKeyVar: keyVar,
    secretDescription: secret.describe(),
    secretSource: describeSource(secretSource),
    baseUrlSource: creds.baseUrlSource,
    path,
    time,
    recvWindow,
    signed,
    notes: [...creds.warnings, ...signed.notes, ...notes],
    response: null,
    safety: null,
  };

  const safety = endpointSafety(exchange.id, signed.method, path);
  report.safety = safety;
  if (send) {
    if (!safety.readOnly && !opts.yes) await confirmSend(safety.reason, report);
    const { sendSigned } = await import('./sign-send.js');
    return sendSigned(report, { timeoutMs, proxy: opts.proxy });
  }
  return { exitCode: ExitCode.ok, json: signJson(report), text: (style) => renderSignReport(report, style) };
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

export function signJson(report: SignReport): Record<string, unknown> {
  const mask = (s: string | null) => (s === null || report.showKey ? s : s.split(report.apiKey).join(report.apiKeyMasked));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(report.signed.headers)) headers[k] = mask(v)!;
  return {
    exchange: report.exchange,
    method: report.signed.method,
    url: mask(report.signed.url),
    headers,
    body: mask(report.signed.body),
    stringToSign: mask(report.signed.stringToSign),
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
