// xcred as a library: `import { diagnose, sign, explain, checkIp, startEmulator } from 'xcred'`.
//
// Each function returns the same object `xcred <command> --json` prints, with
// the same discipline: the secret is taken as a value and never comes back
// (only its length and a short SHA-256 fingerprint); the API key comes back
// masked. Nothing is read from the environment, .env files, the keychain or
// the vault, nothing is printed, and nothing that can change an account is
// sent (sign() only signs). Errors in the options throw an XcredError
// (exitCode 2, kind 'usage' or 'input'); a network problem is not an error
// but a report whose exitCode is 3.
//
// A thin layer: every function maps its options onto the code the CLI runs.

import { withSchemaVersion } from './render/schema-version.js';
import { runDiagnosis } from './commands/diagnose.js';
import { checkEgress, egressJson } from './commands/check-ip.js';
import { isOfficialHost } from './commands/context.js';
import { run as runExplain } from './commands/explain.js';
import { exchangeArg, intOption, msTimestampOption, parseCreated, urlOption } from './commands/options.js';
import { prepareSign, quotedNumbersNote, signJson, type SignJson } from './commands/sign.js';
import type { Target } from './commands/target.js';
import type { ResolvedCredentials } from './core/credentials/resolve.js';
import type { DiagnoseReport } from './core/diagnose/types.js';
import { parseWhitelist } from './core/egress.js';
import { parseParamsObject } from './core/json-numbers.js';
import { scrub, Secret } from './core/secret.js';
import type { HttpMethod } from './core/signing.js';
import type { ApiFacts } from './exchanges/contract.js';
import { loadApi, type BuiltInExchange } from './exchanges/registry.js';
import { UsageError } from './errors.js';
import { DEFAULT_IP_SERVICES } from './net/ip-services.js';

export { startEmulator, type EmulatorOptions, type EmulatorUrls, type RunningEmulator } from './emulator/server.js';
export { SCENARIOS, type ScenarioName } from './emulator/state.js';
export { XcredError, ExitCode } from './errors.js';
export { allApis as exchangeApis, registerApi } from './exchanges/registry.js';
export type { ApiFacts, ExchangeApi, RegisteredApi } from './exchanges/contract.js';
export type { DiagnoseReport, CheckResult, CheckStatus, Hypothesis } from './core/diagnose/types.js';
export type { SignJson as SignResult } from './commands/sign.js';

/** An <exchange> name as the CLI takes it. An exchange added with registerApi() is passed with a cast. */
export type ExchangeName = BuiltInExchange;

/** The key to check or sign with. The secret is a value: it is never returned, printed or logged. */
export interface KeyOptions {
  exchange: ExchangeName;
  apiKey: string;
  secret: string;
  /** For exchanges with several APIs (Crypto.com: 'v1', the default, or the legacy 'v2'). */
  apiVersion?: string;
  /** Default: the exchange's production URL. */
  baseUrl?: string;
}

export interface DiagnoseOptions extends KeyOptions {
  /** IP echo services for the egress check. Default: the public ones check-ip uses; [] skips the check. */
  ipServices?: string[];
  /** The key's IP whitelist: IPs and CIDRs, as a list or comma-separated. */
  whitelist?: string | string[];
  /** The probe that can never trade (MEXC order/test, Crypto.com cancel of order "0"). Default true. */
  tradeProbe?: boolean;
  /** When the key was created (YYYY-MM-DD, or a Date), for the key-age check. */
  created?: string | Date;
  ipBound?: boolean;
  /** Per request, default 10000. */
  timeoutMs?: number;
  /** Default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY, as undici reads them. */
  proxy?: string;
}

export interface SignOptions extends KeyOptions {
  method?: HttpMethod;
  /** MEXC path (/api/v3/account) or Crypto.com method (private/user-balance). */
  path?: string;
  /** MEXC: query parameters, order kept. Crypto.com: the params object (numbers are sent as strings, with a note). */
  params?: Array<[string, string]> | Record<string, unknown>;
  /** MEXC futures POST body, signed byte for byte. */
  body?: string;
  /** MEXC spot: sort the parameters by key. */
  sort?: boolean;
  /** ms since the epoch: MEXC timestamp / Request-Time, Crypto.com nonce. Default now. */
  time?: number;
  recvWindow?: number;
  /** Crypto.com request id, default 1. */
  id?: number;
  /** Return the API key unmasked in the URL, headers and string to sign. */
  showKey?: boolean;
}

export interface ExplainOptions {
  exchange: ExchangeName;
  /** A code (700002), a message, or a whole response (text or an already-parsed object). */
  input: string | number | Record<string, unknown>;
  apiVersion?: string;
  /** The HTTP status the response came with. */
  status?: number;
}

/** What `xcred explain --json` prints. */
export interface ExplainResult {
  exchange: string;
  api: string;
  found: boolean;
  success: boolean;
  input: 'code' | 'message' | 'response';
  reported: { code: number | null; message: string | null; ip: string | null; httpStatus: number | null };
  code: number | null;
  category: string | null;
  causes: Array<{ cause: string; likelihood: string; confirm: string }>;
  fixes: string[];
  [more: string]: unknown;
}

export interface CheckIpOptions {
  /** Default: api.ipify.org, api64.ipify.org, icanhazip.com, ifconfig.me, checkip.amazonaws.com. */
  ipServices?: string[];
  /** Per service, default 5000. */
  timeoutMs?: number;
  whitelist?: string | string[];
  proxy?: string;
}

export type CheckIpResult = ReturnType<typeof egressJson>;

/** Second line of defence behind the Secret type: nothing returned may hold a secret value in any encoding. */
function scrubbed<T>(value: T): T {
  const text = JSON.stringify(value);
  const clean = scrub(text);
  return clean === text ? value : (JSON.parse(clean) as T);
}

function keyCredentials(o: KeyOptions): ResolvedCredentials {
  if (typeof o.apiKey !== 'string' || typeof o.secret !== 'string') throw new UsageError('apiKey and secret must be strings');
  return {
    apiKey: o.apiKey === '' ? null : { value: o.apiKey, source: { kind: 'argument', name: 'apiKey' } },
    secret: o.secret === '' ? null : { value: new Secret(o.secret), source: { kind: 'argument', name: 'secret' } },
    warnings: [],
  };
}

function baseUrlFor(facts: ApiFacts, o: KeyOptions): { baseUrl: string; baseUrlSource: string; baseUrlNotice: string | null } {
  const baseUrl = o.baseUrl !== undefined ? urlOption('baseUrl', o.baseUrl) : facts.defaultBaseUrl;
  const baseUrlSource = o.baseUrl !== undefined ? 'argument baseUrl' : 'default';
  const baseUrlNotice = isOfficialHost(facts, baseUrl)
    ? null
    : `requests go to ${new URL(baseUrl).origin}, which is not one of ${facts.exchangeTitle}'s own hosts (${facts.officialHosts.join(', ')}); it comes from ${baseUrlSource}`;
  return { baseUrl, baseUrlSource, baseUrlNotice };
}

const whitelistOf = (w: string | string[] | undefined) => (w === undefined ? null : parseWhitelist(Array.isArray(w) ? w.join(',') : w, 'whitelist'));

/**
 * Diagnose a key: the eight checks of `xcred diagnose`, run concurrently
 * against the exchange (or any base URL, such as startEmulator()'s).
 * Resolves to the report `xcred diagnose --json` prints; report.exitCode is
 * 0 (works), 1 (a problem was found) or 3 (could not tell).
 */
export async function diagnose(o: DiagnoseOptions): Promise<DiagnoseReport> {
  const facts = exchangeArg(o.exchange, o.apiVersion);
  const timeoutMs = intOption('timeoutMs', o.timeoutMs, { min: 1, max: 600_000 }) ?? 10_000;
  const created = o.created instanceof Date ? o.created.toISOString().slice(0, 10) : o.created;
  const createdAt = parseCreated(created);
  const target: Target = {
    api: await loadApi(facts),
    title: facts.title,
    ...baseUrlFor(facts, o),
    creds: keyCredentials(o),
    ipServices: null,
    emulator: null,
    scenario: null,
    dotenvFiles: [],
  };
  const report = await runDiagnosis(facts, target, {
    timeoutMs,
    proxy: o.proxy !== undefined ? urlOption('proxy', o.proxy) : undefined,
    services: (o.ipServices ?? DEFAULT_IP_SERVICES).map((s) => urlOption('ipServices', s)),
    whitelist: whitelistOf(o.whitelist),
    tradeProbe: o.tradeProbe !== false,
    key: createdAt !== undefined ? { createdAt, ipBound: Boolean(o.ipBound) } : null,
  });
  return scrubbed(report);
}

/**
 * Sign a request exactly as a client should send it, and show every step
 * (what `xcred sign --json` prints). Sends nothing.
 */
export async function sign(o: SignOptions): Promise<SignJson & { schemaVersion: 1 }> {
  const facts = exchangeArg(o.exchange, o.apiVersion);
  const api = await loadApi(facts);
  const creds = keyCredentials(o);
  if (!creds.apiKey || !creds.secret) throw new UsageError('sign needs both apiKey and secret');
  const notes: string[] = [];
  let params: Array<[string, string]> = [];
  let jsonParams;
  if (o.params !== undefined) {
    if (api.signer.cli.paramsStyle === 'json') {
      if (Array.isArray(o.params)) throw new UsageError(`${facts.exchangeTitle} params are an object, e.g. { order_id: "1" }`);
      const parsed = parseParamsObject(JSON.stringify(o.params), 'params');
      jsonParams = parsed.params;
      if (parsed.quoted.length > 0) notes.push(quotedNumbersNote(api, parsed.quoted));
    } else {
      params = Array.isArray(o.params) ? o.params.map(([k, v]) => [String(k), String(v)]) : Object.entries(o.params).map(([k, v]) => [k, String(v)]);
    }
  }
  const time = msTimestampOption('time', o.time) ?? Date.now();
  const where = baseUrlFor(facts, o);
  const report = prepareSign(
    api,
    {
      method: o.method,
      path: o.path,
      params,
      jsonParams,
      body: o.body,
      sort: o.sort,
      time,
      recvWindow: intOption('recvWindow', o.recvWindow),
      id: intOption('id', o.id, { min: 0 }),
      showKey: Boolean(o.showKey),
      notes,
    },
    {
      apiKey: creds.apiKey.value,
      apiKeySource: creds.apiKey.source,
      secret: creds.secret.value,
      secretSource: creds.secret.source,
      ...where,
      warnings: [],
    },
  );
  return withSchemaVersion(scrubbed(signJson(report)));
}

/** Explain an error code, message or response from the knowledge base (what `xcred explain --json` prints). */
export async function explain(o: ExplainOptions): Promise<ExplainResult & { schemaVersion: 1 }> {
  const input = typeof o.input === 'object' && o.input !== null ? JSON.stringify(o.input) : String(o.input);
  if (input.trim() === '-') throw new UsageError('input "-" (standard input) is for the command line: pass the response itself');
  const result = await runExplain([o.exchange, input], {
    ...(o.apiVersion !== undefined ? { apiVersion: o.apiVersion } : {}),
    ...(o.status !== undefined ? { status: String(o.status) } : {}),
  });
  return withSchemaVersion(result.json as ExplainResult);
}

/** Which address the exchange sees, from several echo services (what `xcred check-ip --json` prints). */
export async function checkIp(o: CheckIpOptions = {}): Promise<CheckIpResult & { schemaVersion: 1 }> {
  const services = (o.ipServices ?? DEFAULT_IP_SERVICES).map((s) => urlOption('ipServices', s));
  const timeoutMs = intOption('timeoutMs', o.timeoutMs, { min: 1, max: 120_000 }) ?? 5000;
  const report = await checkEgress(services, timeoutMs, whitelistOf(o.whitelist), o.proxy !== undefined ? urlOption('proxy', o.proxy) : undefined);
  return withSchemaVersion(egressJson(report));
}
