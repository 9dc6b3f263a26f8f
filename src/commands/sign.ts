import { ExitCode, UsageError } from '../errors.js';
import { describeSource } from '../core/credentials/resolve.js';
import { parseParamsObject, type JsonObject } from '../core/json-numbers.js';
import { maskIdentifier, registerApiKey } from '../core/secret.js';
import { HTTP_METHODS, type HttpMethod } from '../core/signing.js';
import { loadApi } from '../exchanges/registry.js';
import type { CommandResult } from './result.js';
import { loadCommandCredentials, requireCredentials, type CredentialOptions } from './context.js';
import { exchangeArg, intOption, msTimestampOption, paramOption } from './options.js';
import { renderSignReport, showable, type SignReport } from '../render/sign-report.js';

interface SignOptions extends CredentialOptions {
  dryRun?: boolean;
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
    if (parsed.quoted.length > 0) {
      notes.push(
        `Sent the JSON number(s) ${parsed.quoted.join(', ')} as strings: numbers are formatted differently across languages (8000.000 vs 8000) and break the signature; ${facts.exchangeTitle}'s docs say "all numbers must be strings".`,
      );
    }
  }
  const time = msTimestampOption(cli.timeOption, cli.timeOption === '--nonce' ? opts.nonce : opts.timestamp) ?? Date.now();
  const recvWindow = intOption('--recv-window', opts.recvWindow);
  const id = intOption('--id', opts.id, { min: 0 });
  const timeoutMs = intOption('--timeout', opts.timeout, { min: 1, max: 600_000 }) ?? 10_000;

  const creds = await loadCommandCredentials(facts, opts);
  const { apiKey, apiKeySource, secret, secretSource } = requireCredentials(facts, creds);
  // Masked wherever it would be printed, a response echoing the request included (unless --show-key).
  if (!opts.showKey) registerApiKey(apiKey);
  const path = opts.path ?? cli.defaultPath;
  const signed = api.signer.sign({
    apiKey,
    secret: secret.reveal(),
    baseUrl: creds.baseUrl,
    method: method ?? cli.defaultMethod(seen),
    path,
    params,
    jsonParams,
    body: opts.body,
    sort: opts.sort,
    time,
    recvWindow,
    id,
  });

  const keyVar = apiKeySource.kind === 'env' || apiKeySource.kind === 'dotenv' ? apiKeySource.name : 'XCRED_API_KEY';
  const report: SignReport = {
    exchange: facts.exchange,
    title: facts.exchangeTitle + (facts.apiVersion ? ` (${facts.apiVersion})` : ''),
    labels: { time: cli.timeLabel, path: cli.pathLabel, howSigned: cli.howSigned, extraRows: cli.extraRows({ recvWindow }) },
    dryRun: Boolean(opts.dryRun),
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
    notes: [
      ...(creds.baseUrlNotice ? [creds.baseUrlNotice] : []),
      ...(creds.pairing && creds.pairing.severity !== 'info' ? [`${creds.pairing.message}: ${creds.pairing.fix}`] : []),
      ...creds.warnings,
      ...signed.notes,
      ...notes,
    ],
    response: null,
  };

  if (!opts.dryRun) {
    const { sendSigned } = await import('./sign-send.js');
    return sendSigned(report, api, { timeoutMs, proxy: opts.proxy });
  }
  return { exitCode: ExitCode.ok, json: signJson(report), text: (style) => renderSignReport(report, style) };
}

export function signJson(report: SignReport): Record<string, unknown> {
  const mask = (s: string | null) => (s === null ? s : showable(report, s));
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
    credentials: {
      apiKey: { value: report.showKey ? report.apiKey : report.apiKeyMasked, source: report.apiKeySource },
      secret: { description: report.secretDescription, source: report.secretSource },
    },
    notes: report.notes,
    ...(report.response ? { response: report.response } : {}),
  };
}
