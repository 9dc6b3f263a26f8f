import { ExitCode } from '../errors.js';
import type { CidrEntry } from '../core/ip.js';
import { parseWhitelist, summariseEgress, type EgressReport } from '../core/egress.js';
import { askEchoServices, DEFAULT_IP_SERVICES } from '../net/ip-services.js';
import { renderEgress } from '../render/egress-report.js';
import { credentialGroups } from '../exchanges/registry.js';
import type { CommandResult } from './result.js';
import { envServices, intOption, stringList, urlOption } from './options.js';

interface CheckIpOptions {
  ipService?: string[];
  timeout?: string;
  whitelist?: string;
  proxy?: string;
}

/** The address most services reported for a family (the egress), null when none. */
export function mostSeen(report: EgressReport, family: 4 | 6): string | null {
  const counts = new Map<string, number>();
  for (const a of report.answers) if (a.ip && a.family === family) counts.set(a.ip, (counts.get(a.ip) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export function egressExitCode(report: EgressReport): 0 | 1 | 3 {
  if (report.answered === 0) return ExitCode.indeterminate;
  return report.ok ? ExitCode.ok : ExitCode.problem;
}

export async function run(_args: string[], opts: CheckIpOptions): Promise<CommandResult> {
  const services = stringList(opts.ipService)?.map((s) => urlOption('--ip-service', s)) ?? envServices() ?? DEFAULT_IP_SERVICES;
  const timeoutMs = intOption('--timeout', opts.timeout, { min: 1, max: 120_000 }) ?? 5000;
  const whitelistText = opts.whitelist ?? process.env.XCRED_IP_WHITELIST;
  const whitelist = whitelistText !== undefined ? parseWhitelist(whitelistText, opts.whitelist !== undefined ? '--whitelist' : 'XCRED_IP_WHITELIST') : null;
  const proxy = opts.proxy !== undefined ? urlOption('--proxy', opts.proxy) : undefined;
  const report = await checkEgress(services, timeoutMs, whitelist, proxy);
  return { exitCode: egressExitCode(report), json: egressJson(report), text: (style) => renderEgress(report, style, credentialGroups().map((f) => f.ipWhitelistNote)) };
}

/** Ask the echo services and compare with the whitelist. Used by the CLI and the library. */
export async function checkEgress(services: string[], timeoutMs: number, whitelist: CidrEntry[] | null, proxy: string | undefined): Promise<EgressReport> {
  const { proxy: inPath, answers } = await askEchoServices({ services, timeoutMs, proxy });
  return summariseEgress(answers, inPath, whitelist);
}

/** What `check-ip --json` prints. */
export function egressJson(report: EgressReport) {
  return {
    proxy: report.proxy,
    answers: report.answers.map(({ service, ip, family, ms, error }) => ({ service, ip, family, ms, error })),
    egress: { ipv4: mostSeen(report, 4), ipv6: mostSeen(report, 6) },
    addresses: report.egress,
    consistent: report.consistent,
    whitelist: report.whitelist,
    ok: report.ok,
  };
}
