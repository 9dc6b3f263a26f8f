import type { ResolvedCredentials } from '../credentials/resolve.js';
import { describeSource } from '../credentials/resolve.js';
import { excerpt } from '../secret.js';
import { lintCredentials, pairingFinding, type LintFinding } from '../credentials/lint.js';
import type { EgressReport } from '../egress.js';
import { cidrContains, type CidrEntry } from '../ip.js';
import type { ApiFacts, ExchangeApi } from '../../exchanges/contract.js';
import type { ProbeSet, TradeReading } from './probe-types.js';
import type { KeyAge } from '../key-age.js';
import type { ResponseVerdict } from '../kb/lookup.js';
import { maskIdentifier } from '../secret.js';
import { checkVectors } from '../signing.js';
import type { ConnectivityResult, StepResult } from '../../net/connectivity.js';
import type { HttpOutcome } from '../../net/http.js';
import { INDETERMINATE_CATEGORIES } from '../kb/categories.js';
import { isHtmlPage } from './answer.js';
import { describeFailure } from '../../net/failure.js';
import { check, type CheckResult } from './types.js';

// One function per check: evidence in, a CheckResult out.

type FileFinding = { path: string; line: number; key: string | null; severity: 'fail' | 'warn'; message: string; fix: string };

export function credentialsCheck(exchange: ApiFacts, creds: ResolvedCredentials, fileFindings: FileFinding[] = []): { result: CheckResult; findings: LintFinding[] } {
  if (!creds.apiKey || !creds.secret) {
    const missing = [!creds.apiKey && `API key (${exchange.env.apiKey.join(' / ')})`, !creds.secret && `secret (${exchange.env.secret.join(' / ')})`].filter(Boolean);
    const unpaired = creds.pairing?.severity === 'fail' ? creds.pairing : null;
    return {
      result: check('credentials', 'fail', unpaired ? unpaired.message : `missing ${missing.join(' and ')}`, {
        category: 'credentials-missing',
        hint: unpaired
          ? unpaired.fix
          : `Set them in the environment or a .env file (--dotenv PATH for files such as /etc/crypto.env); xcred looked in flags, the environment and ${'.env'}`,
        details: [...(creds.apiKey ? [`API key ${maskIdentifier(creds.apiKey.value)} from ${describeSource(creds.apiKey.source)}`] : []), ...creds.warnings],
      }),
      findings: [],
    };
  }
  const key = creds.apiKey.value;
  const secret = creds.secret.value;
  const findings: LintFinding[] = [
    ...fileFindings.map((f): LintFinding => ({
      field: f.key && exchange.env.apiKey.includes(f.key) ? 'apiKey' : 'secret',
      severity: f.severity,
      kind: 'dotenv',
      message: `${f.path} line ${f.line}: ${f.message}`,
      fix: f.fix,
    })),
    ...pairingFinding(creds.pairing),
    ...lintCredentials(exchange, key, secret.reveal()),
  ];
  const details = [
    `API key ${maskIdentifier(key)} (len ${key.length}) from ${describeSource(creds.apiKey.source)}`,
    `secret ${secret.describe()} from ${describeSource(creds.secret.source)}`,
    ...(creds.pairing?.severity === 'info' ? [creds.pairing.message] : []),
    ...creds.warnings.map((w) => `! ${w}`),
    ...findings.map((f) => `${f.severity === 'fail' ? '✗' : '!'} ${f.message}: ${f.fix}`),
  ];
  const fails = findings.filter((f) => f.severity === 'fail');
  const warns = findings.filter((f) => f.severity === 'warn');
  const summaryBase = `key ${maskIdentifier(key)} (${describeSource(creds.apiKey.source)}), secret ${secret.describe()}`;
  if (fails.length > 0) {
    return {
      result: check('credentials', 'fail', fails[0]!.message + (fails.length > 1 ? ` (+${fails.length - 1} more)` : ''), {
        category: 'credentials-format',
        details,
        hint: fails[0]!.fix,
      }),
      findings,
    };
  }
  if (warns.length > 0 || creds.warnings.length > 0) {
    return { result: check('credentials', 'warn', warns[0]?.message ?? creds.warnings[0]!, { details, hint: warns[0]?.fix ?? null, category: warns.length ? 'credentials-format' : null }), findings };
  }
  return { result: check('credentials', 'pass', summaryBase, { details: [...details, 'no whitespace, quotes, invisible characters or placeholders; shapes fit'] }), findings };
}

function stepLine(name: string, s: StepResult): string {
  if ('skipped' in s) return `${name}: skipped (${s.skipped})`;
  return s.ok ? `${name}: ${s.ms} ms (${s.detail})` : `${name}: FAILED after ${s.ms} ms: ${s.detail}`;
}

const TLS_HINT =
  'A certificate the system does not trust: a corporate proxy or antivirus intercepting TLS (look at the issuer), or a wrong base URL. If the interception is legitimate, trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; never disable verification.';

export function connectivityCheck(conn: ConnectivityResult, probeDescription: string, outcome: HttpOutcome, facts: Pick<ApiFacts, 'title' | 'defaultBaseUrl'>): CheckResult {
  const details = [stepLine('DNS', conn.dns), stepLine('TCP', conn.tcp), stepLine('TLS', conn.tls)];
  const failedStep = (['dns', 'tcp', 'tls'] as const).find((k) => 'ok' in conn[k] && !(conn[k] as { ok: boolean }).ok);
  if (failedStep) {
    const s = conn[failedStep] as { code: string; detail: string };
    const tls = failedStep === 'tls';
    return check('connectivity', 'fail', `${failedStep.toUpperCase()} failed: ${s.detail}`, {
      category: tls ? 'tls' : 'network',
      details,
      hint: tls
        ? TLS_HINT
        : failedStep === 'dns'
          ? 'Check the base URL spelling and the machine\'s DNS (resolv.conf, VPN); some networks block exchange domains'
          : 'Check firewalls and outbound rules (security group, egress policy), or whether a proxy is required (HTTPS_PROXY)',
    });
  }
  if (!outcome.ok) {
    const f = outcome.failure;
    return check('connectivity', 'fail', `${probeDescription}: ${describeFailure(f)}`, {
      category: f.kind === 'tls' ? 'tls' : 'network',
      details: [...details, `HTTP: ${f.message}`],
      hint:
        f.kind === 'tls'
          ? TLS_HINT
          : f.kind === 'timeout'
            ? 'The exchange did not answer in time: a slow or filtered network, or raise --timeout'
            : f.kind === 'proxy'
              ? 'The proxy in the path is not answering: check --proxy or HTTPS_PROXY/HTTP_PROXY (and NO_PROXY), or whether this network needs a proxy at all'
              : 'Check the network path and the base URL',
    });
  }
  const r = outcome.response;
  details.push(`HTTP: ${probeDescription} answered ${r.status} in ${r.ms} ms${conn.proxy ? ` through proxy ${conn.proxy}` : ''}`);
  if (r.status >= 500 || r.status === 429 || r.status === 418 || r.status === 403) {
    return check('connectivity', 'warn', `reachable, but ${probeDescription} answered HTTP ${r.status}`, {
      category: r.status === 429 || r.status === 418 ? 'rate-limit' : 'exchange-unavailable',
      details,
      hint: 'The exchange is reachable but not serving normally right now; try again later',
    });
  }
  if (r.status >= 400) {
    return check('connectivity', 'warn', `reachable, but ${probeDescription} answered HTTP ${r.status}`, {
      details,
      hint: `Is the base URL right? (${facts.title}: ${facts.defaultBaseUrl})`,
    });
  }
  if (r.status >= 300 && r.status < 400) {
    return check('connectivity', 'fail', `${probeDescription} answered ${r.status}, a redirect${redirectTarget(r.headers)}: the answer did not come from the exchange's API`, {
      category: 'not-the-exchange',
      details,
      hint: `A captive portal, a proxy or a wrong base URL redirects instead of answering: check the base URL (${facts.title}: ${facts.defaultBaseUrl}) and any proxy (HTTPS_PROXY)`,
    });
  }
  if (isHtmlPage(r)) {
    return check('connectivity', 'fail', `${probeDescription} answered ${r.status} with an HTML page: the answer did not come from the exchange's API`, {
      category: 'not-the-exchange',
      details: [...details, `body starts: ${excerpt(r.body.trim().replace(/\s+/g, ' '), 80)}`],
      hint: `A captive portal, a proxy's page or a wrong base URL answered instead: check the base URL (${facts.title}: ${facts.defaultBaseUrl}) and any proxy (HTTPS_PROXY)`,
    });
  }
  const slow = r.ms > 2000;
  return check('connectivity', slow ? 'warn' : 'pass', `reachable: ${probeDescription} answered ${r.status} in ${r.ms} ms`, {
    details,
    ...(slow ? { hint: 'High latency eats into recvWindow and the nonce window; run close to the exchange if you can' } : {}),
  });
}

export function clockFix(platform: string): string {
  if (platform === 'darwin') return 'Sync the clock: `sudo sntp -sS time.apple.com` (or System Settings > General > Date & Time > set automatically)';
  if (platform === 'win32') return 'Sync the clock: `w32tm /resync` in an administrator prompt (or Settings > Time > Sync now)';
  return 'Sync the clock: `sudo timedatectl set-ntp true` (chrony: `sudo chronyc makestep`); in containers the host clock is what counts';
}

export function clockCheck(probes: ProbeSet, outcome: HttpOutcome, localStart: number, localEnd: number, platform: string): { result: CheckResult; offsetMs: number | null } {
  if (!outcome.ok) return { result: check('clock', 'error', 'could not read the exchange clock (no answer)', { category: 'network' }), offsetMs: null };
  const res = outcome.response;
  const server = probes.serverTime(res);
  if (!server) {
    // Say why there is no time: a busy or limiting exchange is not a wrong base URL.
    const why =
      res.status === 429 || res.status === 418
        ? { summary: `no time to read: the exchange answered HTTP ${res.status} (rate limited)`, category: 'rate-limit' as const, hint: null }
        : res.status >= 500
          ? { summary: `no time to read: the exchange answered HTTP ${res.status}`, category: 'exchange-unavailable' as const, hint: null }
          : isHtmlPage(res)
            ? { summary: 'no time to read: the answer was an HTML page, not the exchange API', category: 'not-the-exchange' as const, hint: 'Check the base URL and any proxy' }
            : { summary: 'the exchange answer carried no usable time', category: null, hint: 'Is the base URL right?' };
    return { result: check('clock', 'error', why.summary, { category: why.category, hint: why.hint }), offsetMs: null };
  }
  const localMid = (localStart + localEnd) / 2;
  const offset = Math.round(server.ms - localMid);
  const uncertainty = Math.round((localEnd - localStart) / 2 + server.resolutionMs / 2);
  const judged = probes.judgeClock(offset);
  const direction = offset < 0 ? `your clock is ${-offset} ms ahead of` : `your clock is ${offset} ms behind`;
  return {
    result: check('clock', judged.status, `${direction} the exchange (±${uncertainty} ms)`, {
      category: judged.status === 'pass' ? null : 'clock-skew',
      details: [`source: ${server.source}`, `rule: ${judged.rule}`],
      hint: judged.status === 'pass' ? null : clockFix(platform),
    }),
    offsetMs: offset,
  };
}

export function egressCheck(report: EgressReport | null, reportedIp: string | null, whitelist: CidrEntry[] | null): CheckResult {
  const details: string[] = [];
  if (!report) return check('egress-ip', 'skip', 'no IP echo service configured');
  for (const a of report.answers) details.push(`${a.service}: ${a.ip ?? a.error} (${a.ms} ms)`);
  if (report.proxy) details.push(`a proxy is in the path (${report.proxy}): the exchange sees the proxy's address`);
  const egress = [...report.egress.ipv4, ...report.egress.ipv6];
  if (reportedIp) {
    details.push(`the exchange itself reported seeing ${reportedIp}`);
    if (whitelist && !whitelist.some((e) => cidrContains(e, reportedIp))) {
      return check('egress-ip', 'fail', `the exchange sees ${reportedIp}, which is not in the whitelist`, {
        category: 'ip-whitelist',
        details,
        hint: `Add ${reportedIp} to the key's IP whitelist`,
      });
    }
    if (!egress.includes(reportedIp) && egress.length > 0) details.push(`! the echo services see ${egress.join(', ')}: the exchange sees a different address (another NAT path or proxy)`);
  }
  if (report.answered === 0) {
    return check('egress-ip', 'error', 'no IP echo service answered', { details, category: 'network', hint: 'xcred cannot tell which address the exchange sees' });
  }
  if (whitelist) {
    const missing = egress.filter((ip) => !whitelist.some((e) => cidrContains(e, ip)));
    if (missing.length > 0) {
      return check('egress-ip', 'fail', `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the whitelist (${whitelist.map((e) => e.text).join(', ')})`, {
        category: 'ip-whitelist',
        details,
        hint: `Add ${missing.join(',')} to the key's IP whitelist, or send from a whitelisted egress`,
      });
    }
  }
  if (!report.consistent) {
    return check('egress-ip', 'warn', `services disagree: ${egress.join(', ')}`, {
      category: 'ip-whitelist',
      details,
      hint: 'Several egress addresses (NAT pool, load-balanced proxy): whitelist all of them or pin one',
    });
  }
  return check('egress-ip', 'pass', `egress ${egress.join(', ')}${whitelist ? ', whitelisted' : ''}`, { details });
}

export function signerCheck(api: Pick<ExchangeApi, 'signer' | 'vectors'>): CheckResult {
  const results = checkVectors(api);
  const failed = results.filter((r) => !r.ok);
  const details = results.map((r) => `${r.ok ? '✓' : '✗'} ${r.id}: ${r.source}`);
  if (failed.length > 0) {
    return check('signer', 'fail', `${failed.length} of ${results.length} known-answer vectors FAIL: xcred's signer is broken`, {
      category: 'signature',
      details,
      hint: 'This is a bug in xcred: please report it',
    });
  }
  return check('signer', 'pass', `${results.length}/${results.length} known-answer vectors reproduce the documented signatures`, { details });
}

export function authReadCheck(description: string, outcome: HttpOutcome | null, verdict: ResponseVerdict | null, skipReason: string | null): CheckResult {
  if (skipReason || !outcome) return check('auth-read', 'skip', skipReason ?? 'not run');
  if (!outcome.ok) {
    const f = outcome.failure;
    return check('auth-read', 'error', `${description}: ${describeFailure(f)}; cannot tell whether the key works`, {
      category: f.kind === 'tls' ? 'tls' : 'network',
    });
  }
  const r = outcome.response;
  if (verdict!.ok) return check('auth-read', 'pass', `${description} answered ${r.status} in ${r.ms} ms: the key authenticates`);
  const v = verdict!;
  if (r.status >= 300 && r.status < 400) {
    return check('auth-read', 'error', `${description} answered ${r.status}, a redirect${redirectTarget(r.headers)}, not the exchange's API: cannot tell whether the key works`, {
      category: 'not-the-exchange',
      hint: 'A captive portal, a proxy or a wrong base URL redirects instead of answering: check the base URL and HTTPS_PROXY (xcred never follows a redirect with your key)',
    });
  }
  if (r.status < 400 && isHtmlPage(r)) {
    return check('auth-read', 'error', `${description} answered ${r.status} with an HTML page, not the exchange's API: cannot tell whether the key works`, {
      category: 'not-the-exchange',
      details: [`body starts: ${excerpt(r.body.trim().replace(/\s+/g, ' '), 80)}`],
      hint: 'A captive portal, a proxy or a wrong base URL answered: check the base URL and HTTPS_PROXY',
    });
  }
  const what = v.entry ? `${v.code} ${v.message ?? v.entry.message}` : `HTTP ${r.status}${v.code !== null ? ` code ${v.code}` : ''}${v.message ? ` "${v.message}"` : ''}`;
  return check('auth-read', v.indeterminate ? 'error' : 'fail', `${description} answered ${what}`, {
    code: v.code,
    // A server-side failure whose code the knowledge base files elsewhere (a 5xx with a business code) is still an outage here.
    category: v.indeterminate && !INDETERMINATE_CATEGORIES.has(v.category) ? 'exchange-unavailable' : v.category,
    details: [`HTTP ${r.status}, body: ${excerpt(r.body, 300)}`, ...(v.entry ? [v.entry.meaning] : [])],
    hint: v.indeterminate ? 'This answer says nothing about the key: try again later' : firstFixInsideDiagnose(v.entry?.fixes ?? []),
  });
}

export function tradeCheck(
  description: string | null,
  outcome: HttpOutcome | null,
  verdict: ResponseVerdict | null,
  reading: TradeReading | null,
  skipReason: string | null,
  readOk: boolean,
): CheckResult {
  if (skipReason || !outcome || !description) return check('trade-permission', 'skip', skipReason ?? 'not run');
  if (!outcome.ok) return check('trade-permission', 'error', `${description}: ${describeFailure(outcome.failure)}`, { category: 'network' });
  const v = verdict!;
  const code = v.code !== null ? ` (${v.code}${v.message ? ' ' + v.message : ''})` : '';
  if (!readOk && !v.ok) return check('trade-permission', 'skip', `not judged: the read call failed first${code}`, { code: v.code });
  if (v.indeterminate) return check('trade-permission', 'error', `${description}: could not tell${code}`, { code: v.code, category: v.category });
  if (reading === 'can-trade') return check('trade-permission', 'pass', `${description}: accepted past authentication${code}: the key may trade`, { code: v.code });
  if (reading === 'no-trade') {
    return check('trade-permission', 'fail', `read works, trade refused${code}: the key lacks the Trade permission`, {
      code: v.code,
      category: 'permission',
      hint: 'Enable the Trade permission on the key in the exchange\'s API management page',
    });
  }
  return check('trade-permission', 'warn', `${description}: unexpected answer${code}`, { code: v.code, category: v.category });
}

export function keyAgeCheck(age: KeyAge | null): CheckResult {
  if (!age) return check('key-age', 'skip', 'creation date unknown: pass --created YYYY-MM-DD (and --ip-bound if IPs are bound)');
  const status = age.status === 'expired' ? 'fail' : age.status === 'renew-window' || age.status === 'rotate' ? 'warn' : 'pass';
  return check('key-age', status, age.summary, {
    category: age.status === 'expired' ? 'expired-key' : null,
    details: age.steps,
    hint: status === 'pass' ? null : age.steps[0] ?? null,
  });
}

/**
 * The knowledge base's first fix, as read inside a diagnosis: "Run `xcred
 * diagnose …`" would send the reader round in a circle, so such a fix gives
 * way to its own condition ("if the signer check passes …") or to the next fix.
 */
export function firstFixInsideDiagnose(fixes: readonly string[]): string | null {
  for (const fix of fixes) {
    const m = /^Run `xcred diagnose[^`]*`(?::\s*(.+)|.*)$/.exec(fix);
    if (!m) return fix;
    if (m[1]) return m[1].charAt(0).toUpperCase() + m[1].slice(1);
  }
  return null;
}

/** Where a redirect points, scheme and host only (its path may hold the signed query). */
function redirectTarget(headers: Record<string, string | string[] | undefined>): string {
  const location = headers.location;
  const text = Array.isArray(location) ? location[0] : location;
  if (!text) return '';
  try {
    const u = new URL(text);
    return ` to ${u.protocol}//${u.host}`;
  } catch {
    return ' (to a relative location)';
  }
}
