import type { Category } from '../kb/categories.js';
import type { KbEntry } from '../kb/schema.js';
import type { ExchangeInfo } from '../exchanges/types.js';
import { clockFix } from './checks.js';
import type { CheckId, CheckResult, DiagnoseReport, Hypothesis } from './types.js';

// From checks to a verdict: the root cause with its evidence, the other
// hypotheses ranked with the reason for each, and numbered next steps.

export interface VerdictContext {
  exchange: ExchangeInfo;
  checks: CheckResult[];
  /** The knowledge-base entry for the auth-read answer, if any. */
  authEntry: KbEntry | null;
  lintClean: boolean;
  clockOffsetMs: number | null;
  whitelistGiven: boolean;
  reportedIp: string | null;
  platform: string;
}

type Verdict = Pick<DiagnoseReport, 'ok' | 'exitCode' | 'rootCause' | 'hypotheses' | 'nextSteps'>;

const INDETERMINATE: ReadonlySet<Category> = new Set(['network', 'tls', 'exchange-unavailable', 'rate-limit']);

export function computeVerdict(ctx: VerdictContext): Verdict {
  const get = (id: CheckId) => ctx.checks.find((c) => c.id === id)!;
  const creds = get('credentials');
  const conn = get('connectivity');
  const clock = get('clock');
  const egress = get('egress-ip');
  const signer = get('signer');
  const auth = get('auth-read');
  const trade = get('trade-permission');
  const age = get('key-age');
  const name = ctx.exchange.title;
  const evidence = (...cs: CheckResult[]) => cs.map((c) => `${c.id}: ${c.summary}`);

  // 1. Nothing to test with.
  if (creds.category === 'credentials-missing') {
    return {
      ok: false,
      exitCode: 1,
      rootCause: { category: 'credentials-missing', summary: `No ${name} credentials were found`, evidence: evidence(creds) },
      hypotheses: [],
      nextSteps: [
        `Set ${ctx.exchange.env.apiKey[0]} and ${ctx.exchange.env.secret[0]} (environment or .env), or point --dotenv at the file your bot uses`,
        'Systemd services, Docker and cron do not read your shell profile: put the variables where the bot actually runs',
        `Then run \`xcred diagnose ${ctx.exchange.id}\` again`,
      ],
    };
  }

  // 2. Could not reach the exchange, or it could not answer: never call that a bad key.
  const blocking = [conn, auth].find((c) => (c.status === 'fail' || c.status === 'error') && c.category && INDETERMINATE.has(c.category));
  if (blocking && auth.status !== 'pass' && auth.status !== 'fail') {
    const category = blocking.category!;
    const steps: Record<string, string[]> = {
      network: ['Check the network path to the exchange (DNS, firewall, outbound rules, proxy settings)', 'Then run `xcred diagnose` again: nothing was learned about the key'],
      tls: ['Look at the certificate issuer above: a corporate proxy or antivirus intercepting TLS is the usual cause', 'Trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (never turn verification off)', 'Then run `xcred diagnose` again'],
      'exchange-unavailable': ["The exchange is not serving normally: check its status page and announcements", 'Run `xcred diagnose` again later: this says nothing about your key'],
      'rate-limit': ['Wait for the Retry-After time and stop other clients using this key or IP meanwhile', 'Run `xcred diagnose` again: this says nothing about your key'],
    };
    return {
      ok: false,
      exitCode: 3,
      rootCause: { category, summary: `Could not tell whether the key works: ${blocking.summary}`, evidence: evidence(blocking, ...(blocking === conn ? [] : [conn])) },
      hypotheses: [],
      nextSteps: steps[category] ?? steps.network!,
    };
  }

  const hypotheses = rankHypotheses(ctx);

  // 3. The exchange refused the key.
  if (auth.status === 'fail') {
    let category: Category = auth.category ?? 'unknown';
    let summary = `${name} refused the authenticated read: ${auth.summary.replace(/^.*? answered /, '')}`;
    const ev = evidence(auth);
    if (creds.status === 'fail' && (category === 'signature' || category === 'invalid-key' || category === 'credentials-format')) {
      category = 'credentials-format';
      summary = `The credential values are malformed (${creds.summary}), and ${name} refused them`;
      ev.unshift(...evidence(creds));
    } else if (category === 'signature' && signer.status === 'pass' && ctx.lintClean) {
      summary =
        `${name} rejects the signature although xcred's signer reproduces every documented vector and the values are clean: the secret most likely does not belong to this API key (secrets are shown only once; a re-created key has a new one)` +
        (ctx.exchange.id === 'cryptocom' ? '. Crypto.com uses the same 40101 for a deleted or disabled key and (per user reports) a missing permission: see the other hypotheses' : '');
      ev.push(...evidence(signer, creds));
    } else if (category === 'clock-skew') {
      ev.push(...evidence(clock));
    } else if (category === 'ip-whitelist') {
      ev.push(...evidence(egress));
    } else if (category === 'invalid-key' && age.category === 'expired-key') {
      category = 'expired-key';
      summary = `The key has expired (${age.summary}); ${name} answers ${auth.code}`;
      ev.push(...evidence(age));
    }
    return { ok: false, exitCode: 1, rootCause: { category, summary, evidence: ev }, hypotheses: hypotheses.filter((h) => h.category !== category), nextSteps: nextSteps(ctx, category) };
  }

  // 4. Read works, something else is wrong.
  const failing = [trade, creds, clock, egress, age, signer].find((c) => c.status === 'fail');
  if (auth.status === 'pass' && failing) {
    const category = failing.category ?? 'unknown';
    const summary =
      failing === trade
        ? `Read works, trade refused: the key lacks the Trade permission${ctx.exchange.id === 'cryptocom' ? ' (Crypto.com answers 40101 for this; undocumented, from user reports)' : ''}`
        : `The key authenticates, but ${failing.title.toLowerCase()} failed: ${failing.summary}`;
    return { ok: false, exitCode: 1, rootCause: { category, summary, evidence: evidence(auth, failing) }, hypotheses: [], nextSteps: nextSteps(ctx, category) };
  }

  // 5. Credentials malformed and the read could not run or said nothing.
  if (creds.status === 'fail') {
    return { ok: false, exitCode: 1, rootCause: { category: 'credentials-format', summary: creds.summary, evidence: evidence(creds) }, hypotheses, nextSteps: nextSteps(ctx, 'credentials-format') };
  }

  if (auth.status === 'pass') {
    const warnings = ctx.checks.filter((c) => c.status === 'warn' && c.hint).map((c) => `${c.title}: ${c.hint}`);
    return { ok: true, exitCode: 0, rootCause: null, hypotheses: [], nextSteps: warnings.length ? warnings : ['Nothing to fix: the key works for what was checked'] };
  }
  // The read did not run for a reason not covered above: say so rather than guess.
  return {
    ok: false,
    exitCode: 3,
    rootCause: { category: 'unknown', summary: `Could not tell: ${auth.summary}`, evidence: evidence(auth) },
    hypotheses,
    nextSteps: ['Run `xcred diagnose --verbose` and look at each check'],
  };
}

function rankHypotheses(ctx: VerdictContext): Hypothesis[] {
  const get = (id: CheckId) => ctx.checks.find((c) => c.id === id)!;
  const out: Hypothesis[] = [];
  const clock = get('clock');
  const egress = get('egress-ip');
  const signer = get('signer');
  const creds = get('credentials');
  const age = get('key-age');
  const authCat = get('auth-read').category;
  if (authCat === 'signature' || authCat === 'invalid-key') {
    out.push({
      category: 'signature',
      likelihood: signer.status === 'pass' && ctx.lintClean ? 'high' : 'medium',
      why:
        signer.status === 'pass'
          ? 'the signer is proven, so a wrong or regenerated secret is the likeliest mismatch'
          : 'the signer self-test failed',
    });
    out.push({
      category: 'invalid-key',
      likelihood: 'medium',
      why: 'the key may have been deleted, disabled, or made on another account or environment (UAT keys do not work in production)',
    });
  }
  out.push({
    category: 'credentials-format',
    likelihood: creds.status === 'fail' ? 'high' : creds.status === 'warn' ? 'medium' : 'low',
    why: creds.status === 'pass' ? 'no whitespace, quotes, invisible characters or placeholders; the shapes fit' : creds.summary,
  });
  out.push({
    category: 'clock-skew',
    likelihood: clock.status === 'fail' ? 'high' : clock.status === 'warn' ? 'medium' : clock.status === 'pass' ? 'low' : 'medium',
    why: clock.status === 'pass' ? `${clock.summary}, within the rule` : clock.summary,
  });
  out.push({
    category: 'ip-whitelist',
    likelihood: egress.status === 'fail' ? 'high' : ctx.whitelistGiven && egress.status === 'pass' ? 'low' : 'medium',
    why:
      egress.status === 'fail'
        ? egress.summary
        : ctx.whitelistGiven
          ? `${egress.summary}`
          : `${egress.summary}; pass --whitelist with the key's IP list to rule this out${ctx.exchange.id === 'cryptocom' ? ' (some users see 40101 rather than 40103 for IP problems)' : ''}`,
  });
  if (ctx.exchange.id === 'cryptocom' && (authCat === 'signature' || authCat === 'permission')) {
    out.push({ category: 'permission', likelihood: 'medium', why: 'Crypto.com also answers 40101 when the key lacks the permission for the method (user reports)' });
  }
  if (ctx.exchange.id !== 'cryptocom') {
    out.push({
      category: 'expired-key',
      likelihood: age.category === 'expired-key' ? 'high' : age.status === 'skip' ? 'medium' : 'low',
      why: age.status === 'skip' ? 'a MEXC key with no IP bound expires after 90 days; its creation date was not given (--created)' : age.summary,
    });
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return out.sort((a, b) => rank[a.likelihood] - rank[b.likelihood]);
}

function nextSteps(ctx: VerdictContext, category: Category): string[] {
  const id = ctx.exchange.id;
  const steps: string[] = [];
  switch (category) {
    case 'signature':
      steps.push(
        `Compare the secret fingerprint above with the one where it works (\`xcred fingerprint\` elsewhere, or the dashboard copy): a different sha256 means a different secret`,
        `If in doubt: create a new API key, copy BOTH the key and the secret at once (the secret is shown only once), update your configuration and restart the bot`,
        `If your own client still fails afterwards, compare its request with \`xcred sign ${id} --dry-run\``,
      );
      break;
    case 'credentials-format':
      steps.push('Fix the value as the credentials check says (whitespace, quotes, invisible characters, swapped values)', `Run \`xcred diagnose ${id}\` again`);
      break;
    case 'clock-skew':
      steps.push(clockFix(ctx.platform), id === 'mexc' ? 'Or take timestamps from MEXC server time (GET /api/v3/time); a larger recvWindow does not help a clock that runs ahead' : 'Then run the diagnosis again');
      break;
    case 'ip-whitelist':
      steps.push(
        ctx.reportedIp ? `Add ${ctx.reportedIp} (the address the exchange reported) to the key's IP whitelist` : "Add this machine's egress address to the key's IP whitelist",
        '`xcred check-ip` lists every egress address (IPv4 and IPv6) and the line to paste',
        'Allow a few minutes for the change to take effect',
      );
      break;
    case 'permission':
      steps.push(
        "Enable the missing permission (e.g. Trade) on the key in the exchange's API management page",
        id === 'cryptocom' ? 'Crypto.com keys default to "Can Read" only' : 'Some exchanges need a new key for new permissions',
      );
      break;
    case 'expired-key':
    case 'invalid-key':
      steps.push(
        "Check the key in the exchange's API management page: does it still exist, is it enabled, has it expired?",
        id !== 'cryptocom' ? 'MEXC keys with no IP bound expire after 90 days: renew in the last 5 days, or create a new key and bind an IP' : 'Create a new key if it is gone',
        `Then \`xcred renew-hint ${id} --created YYYY-MM-DD\` tells you when it expires`,
      );
      break;
    default:
      if (ctx.authEntry) steps.push(...ctx.authEntry.fixes);
  }
  if (ctx.authEntry && steps.length === 0) steps.push(...ctx.authEntry.fixes);
  return steps;
}
