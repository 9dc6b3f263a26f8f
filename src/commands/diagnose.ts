import { parseWhitelist } from '../core/egress.js';
import { diagnose } from '../core/diagnose/run.js';
import { probeConnectivity } from '../net/connectivity.js';
import { httpRequest } from '../net/http.js';
import { askEchoServices, DEFAULT_IP_SERVICES } from '../net/ip-services.js';
import { summariseEgress } from '../core/egress.js';
import { lintDotenv } from '../core/credentials/lint-dotenv.js';
import type { ApiFacts } from '../exchanges/contract.js';
import { maskUrlUserinfo } from '../core/redact-url.js';
import { registerApiKey } from '../core/secret.js';
import { renderDiagnoseMarkdown, renderDiagnoseText } from '../render/diagnose-report.js';
import { VERSION } from '../version.js';
import type { CommandResult } from './result.js';
import { envServices, exchangeArg, intOption, parseCreated, stringList, urlOption } from './options.js';
import { resolveTarget, type Target, type TargetOptions } from './target.js';
import { ExitCode } from '../errors.js';
import { onInterrupt } from '../interrupt.js';
import { CHECK_ORDER, CHECK_TITLES, type CheckId, type CheckResult, type DiagnoseReport } from '../core/diagnose/types.js';
import type { CidrEntry } from '../core/ip.js';
import { startSpinner } from '../render/spinner.js';
import { wrapBlock } from '../render/width.js';

interface DiagnoseOptions extends TargetOptions {
  ipService?: string[];
  whitelist?: string;
  timeout?: string;
  tradeProbe?: boolean;
  created?: string;
  ipBound?: boolean;
  proxy?: string;
  json?: boolean;
  format?: string;
}


/** Line-level .env findings, for the file the credentials actually came from. */
function dotenvFindingsFor(target: Awaited<ReturnType<typeof resolveTarget>>, exchange: ApiFacts) {
  const used = new Set(
    [target.creds.apiKey?.source, target.creds.secret?.source].flatMap((s) => (s && s.kind === 'dotenv' ? [s.path] : [])),
  );
  const keys = new Set([...exchange.env.apiKey, ...exchange.env.secret]);
  return target.dotenvFiles
    .filter((f) => used.has(f.path) && f.text !== undefined)
    .flatMap((f) => lintDotenv(f.text!, keys).map((x) => ({ path: f.path, line: x.line, key: x.key, severity: x.severity, message: x.message, fix: x.fix })));
}

export async function run(args: string[], opts: DiagnoseOptions): Promise<CommandResult> {
  const exchange = exchangeArg(args[0], opts.apiVersion);
  const timeoutMs = intOption('--timeout', opts.timeout, { min: 1, max: 600_000 }) ?? 10_000;
  const whitelistText = opts.whitelist ?? process.env.XCRED_IP_WHITELIST;
  const whitelist = whitelistText !== undefined ? parseWhitelist(whitelistText, opts.whitelist !== undefined ? '--whitelist' : 'XCRED_IP_WHITELIST') : null;
  const createdAt = parseCreated(opts.created);
  const proxy = opts.proxy !== undefined ? urlOption('--proxy', opts.proxy) : undefined;
  const userServices = stringList(opts.ipService)?.map((s) => urlOption('--ip-service', s));

  const target = await resolveTarget(exchange, opts);
  // Masked wherever it would be printed, a response echoing the request included.
  if (target.creds.apiKey) registerApiKey(target.creds.apiKey.value);
  // Without --created, the creation date recorded by `xcred creds add` (when the key came from there).
  let key = createdAt !== undefined ? { createdAt, ipBound: Boolean(opts.ipBound) } : null;
  const source = target.creds.apiKey?.source;
  if (!key && source && (source.kind === 'vault' || source.kind === 'keychain')) {
    const { readProfiles, profileId } = await import('../io/profiles.js');
    const info = readProfiles()[profileId(exchange.credentialGroup, opts.profile ?? 'default')];
    if (info?.createdAt) key = { createdAt: Date.parse(info.createdAt), ipBound: Boolean(info.ipBound) };
  }
  const services = userServices ?? target.ipServices ?? envServices() ?? DEFAULT_IP_SERVICES;
  const spinner = startSpinner(`Diagnosing ${target.title} at ${maskUrlUserinfo(target.baseUrl)}`, Boolean(opts.json));
  // Ctrl-C: the checks finished so far, as a partial report (src/cli.ts prints it and exits 130).
  const finished = new Map<CheckId, CheckResult>();
  const startedAt = Date.now();
  const stopWatching = onInterrupt(() => {
    spinner.stop();
    return interruptedResult(exchange.exchange, target, [...finished.values()], startedAt);
  });
  try {
    const report = await runDiagnosis(exchange, target, {
      timeoutMs,
      proxy,
      services,
      whitelist,
      tradeProbe: opts.tradeProbe !== false,
      key,
      onCheck: (c) => finished.set(c.id, c),
    });
    spinner.stop();
    return {
      exitCode: report.exitCode,
      json: report,
      text: (style) => renderDiagnoseText(report, style),
      markdown: () => renderDiagnoseMarkdown(report),
    };
  } finally {
    stopWatching();
    spinner.stop();
    await target.emulator?.close();
  }
}

export interface DiagnosisSettings {
  timeoutMs: number;
  proxy: string | undefined;
  /** IP echo services; none: the egress check is skipped. */
  services: string[];
  whitelist: CidrEntry[] | null;
  tradeProbe: boolean;
  key: { createdAt: number; ipBound: boolean } | null;
  onCheck?: (c: CheckResult) => void;
}

/** The core diagnosis wired to the real network (undici, DNS/TCP/TLS, echo services). Used by the CLI and the library. */
export function runDiagnosis(exchange: ApiFacts, target: Target, s: DiagnosisSettings): Promise<DiagnoseReport> {
  const { timeoutMs, proxy, services, whitelist } = s;
  return diagnose(
    {
      api: target.api,
      title: target.title,
      baseUrl: target.baseUrl,
      baseUrlSource: target.baseUrlSource,
      notices: target.baseUrlNotice ? [target.baseUrlNotice] : [],
      creds: target.creds,
      whitelist,
      tradeProbe: s.tradeProbe,
      key: s.key,
      platform: process.platform,
      meta: { xcredVersion: VERSION, node: process.version, emulator: target.scenario },
      dotenvFindings: dotenvFindingsFor(target, exchange),
    },
    {
      http: (req, maxBodyBytes) => httpRequest(req, { timeoutMs, proxy, maxBodyBytes }),
      connectivity: (url) => probeConnectivity(url, { timeoutMs, proxy }),
      egress: () =>
        services.length === 0
          ? null
          : askEchoServices({ services, timeoutMs: Math.min(timeoutMs, 5000), proxy }).then(({ proxy: p, answers }) => summariseEgress(answers, p, whitelist)),
      now: () => Date.now(),
      ...(s.onCheck ? { onCheck: s.onCheck } : {}),
    },
  );
}

function interruptedResult(exchange: string, target: Target, done: CheckResult[], startedAt: number): CommandResult {
  const checks = [...done].sort((a, b) => CHECK_ORDER.indexOf(a.id) - CHECK_ORDER.indexOf(b.id));
  const pending = CHECK_ORDER.filter((id) => !done.some((c) => c.id === id));
  const durationMs = Date.now() - startedAt;
  const json = {
    schemaVersion: 1,
    exchange,
    api: target.api.facts.id,
    title: target.title,
    baseUrl: target.baseUrl,
    baseUrlSource: target.baseUrlSource,
    notices: target.baseUrlNotice ? [target.baseUrlNotice] : [],
    ok: false,
    exitCode: ExitCode.interrupted,
    interrupted: true,
    rootCause: null,
    checks,
    pending,
    meta: { xcredVersion: VERSION, node: process.version, time: new Date(startedAt).toISOString(), durationMs, emulator: target.scenario },
  };
  return {
    exitCode: ExitCode.interrupted,
    json,
    text: (style) =>
      wrapBlock([
        `xcred diagnose ${exchange} · ${target.title} · ${maskUrlUserinfo(target.baseUrl)}`,
        '',
        ...checks.map((c) => ` ${style.status(c.status)} ${c.title.padEnd(Math.max(...CHECK_ORDER.map((id) => CHECK_TITLES[id].length)))}  ${c.summary}`),
        '',
        `Interrupted after ${durationMs} ms: ${checks.length} of ${CHECK_ORDER.length} checks finished; not finished: ${pending.join(', ')}.`,
      ].join('\n'), style.width),
  };
}

