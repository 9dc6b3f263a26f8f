import { INDETERMINATE_CATEGORIES as INDETERMINATE, type Category } from '../kb/categories.js';
import type { KbEntry } from '../kb/schema.js';
import type { ApiFacts, ExchangeApi } from '../../exchanges/contract.js';
import { clockFix } from './checks.js';
import type { CheckId, CheckResult, DiagnoseReport, Hypothesis } from './types.js';

// From checks to a verdict: the root cause with its evidence, the other
// hypotheses ranked with the reason for each, and numbered next steps.

export interface VerdictContext {
  api: Pick<ExchangeApi, 'facts' | 'advice'>;
  checks: CheckResult[];
  /** The knowledge-base entry for the auth-read answer, if any. */
  authEntry: KbEntry | null;
  lintClean: boolean;
  clockOffsetMs: number | null;
  whitelistGiven: boolean;
  reportedIp: string | null;
  platform: string;
  /** Seconds the exchange asked to wait (Retry-After), when it said. */
  retryAfterS?: number | null;
}

/** The command that runs this diagnosis again, complete and valid as typed. */
export function diagnoseCommand(facts: Pick<ApiFacts, 'exchange' | 'apiVersion' | 'isDefaultVersion'>): string {
  return `xcred diagnose ${facts.exchange}${facts.apiVersion && !facts.isDefaultVersion ? ` --api-version ${facts.apiVersion}` : ''}`;
}

type Verdict = Pick<DiagnoseReport, 'ok' | 'exitCode' | 'rootCause' | 'hypotheses' | 'nextSteps'>;

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
  const facts = ctx.api.facts;
  const advice = ctx.api.advice;
  const name = facts.exchangeTitle;
  const evidence = (...cs: CheckResult[]) => cs.map((c) => `${c.id}: ${c.summary}`);

  // 1. Nothing to test with.
  if (creds.category === 'credentials-missing') {
    return {
      ok: false,
      exitCode: 1,
      rootCause: { category: 'credentials-missing', summary: `No ${name} credentials were found`, evidence: evidence(creds) },
      hypotheses: [],
      nextSteps: [
        `Set ${facts.env.apiKey[0]} and ${facts.env.secret[0]} (environment or .env), or point --dotenv at the file your bot uses`,
        'Systemd services, Docker and cron do not read your shell profile: put the variables where the bot actually runs',
        `Then run \`${diagnoseCommand(facts)}\` again`,
      ],
    };
  }

  // 2. Could not reach the exchange, or it could not answer: never call that a bad key.
  const blocking = [conn, auth].find((c) => (c.status === 'fail' || c.status === 'error') && c.category && INDETERMINATE.has(c.category));
  if (blocking && auth.status !== 'pass' && auth.status !== 'fail') {
    const category = blocking.category!;
    const again = `\`${diagnoseCommand(facts)}\``;
    const wait =
      ctx.retryAfterS !== null && ctx.retryAfterS !== undefined
        ? `Wait ${ctx.retryAfterS} s (the exchange's Retry-After) and stop other clients using this key or IP meanwhile`
        : 'Wait a minute (the exchange sent no Retry-After) and stop other clients using this key or IP meanwhile';
    const steps: Record<string, string[]> = {
      network: ['Check the network path to the exchange (DNS, firewall, outbound rules, proxy settings)', `Then run ${again} again: nothing was learned about the key`],
      tls: ['Look at the certificate issuer above: a corporate proxy or antivirus intercepting TLS is the usual cause', 'Trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (never turn verification off)', `Then run ${again} again`],
      'exchange-unavailable': ["The exchange is not serving normally: check its status page and announcements", `Run ${again} again later: this says nothing about your key`],
      'rate-limit': [wait, `Run ${again} again: this says nothing about your key`],
      'not-the-exchange': [
        "The answer was not the exchange's API (an HTML page or a redirect): a captive portal (hotel or office Wi-Fi), a proxy's error page, or a wrong base URL",
        `Check the base URL (${facts.title}: ${facts.defaultBaseUrl}; it is ${'`--base-url`'} or ${facts.env.baseUrl[0]}) and any proxy (HTTPS_PROXY); open the URL in a browser to see who answers`,
        `Then run ${again} again: nothing was learned about the key`,
      ],
    };
    let networkSteps = steps[category] ?? steps.network!;
    // No answer in time may only be a slow link: say how to wait longer (diagnose's default is 10 s).
    if (category === 'network' && /timed out/.test(blocking.summary)) {
      networkSteps = [
        `The exchange did not answer in time: if the link is only slow, run ${'`'}${diagnoseCommand(facts)} --timeout 30000${'`'} (milliseconds)`,
        ...networkSteps,
      ];
    }
    // A fault found on this machine needs no answer from the exchange: it is
    // a problem (exit 1) whatever the network does; the network comes second.
    const localFault = creds.status === 'fail' ? creds : age.status === 'fail' && age.category === 'expired-key' ? age : null;
    if (localFault) {
      const localCategory: Category = localFault === creds ? 'credentials-format' : 'expired-key';
      return {
        ok: false,
        exitCode: 1,
        rootCause: {
          category: localCategory,
          summary: `${localFault === creds ? `The credential values are malformed (${creds.summary})` : `The key has expired by ${name}'s rule (${age.summary})`}; ${name} could not be asked (${blocking.summary})`,
          evidence: evidence(localFault, blocking),
        },
        hypotheses: [],
        nextSteps: [...nextSteps(ctx, localCategory).filter((s) => !s.startsWith('Run `')), networkSteps[0]!, `Then run ${again} again`],
      };
    }
    return {
      ok: false,
      exitCode: 3,
      rootCause: { category, summary: `Could not tell whether the key works: ${blocking.summary}`, evidence: evidence(blocking, ...(blocking === conn ? [] : [conn])) },
      hypotheses: [],
      nextSteps: networkSteps,
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
    } else if ((category === 'invalid-key' || category === 'signature') && age.category === 'expired-key') {
      // The key is past its expiry by the exchange's own rule, and the exchange
      // answers what it answers for a dead key (an exchange may use its
      // signature error for that: MEXC spot is reported to).
      category = 'expired-key';
      summary = `The key has expired (${age.summary}); ${name} answers ${auth.code}`;
      ev.push(...evidence(age));
    } else if (category === 'signature' && signer.status === 'pass' && ctx.lintClean) {
      summary =
        `${name} rejects the signature although xcred's signer reproduces every documented vector and the values are clean: the secret most likely does not belong to this API key (secrets are shown only once; a re-created key has a new one)` +
        advice.signatureRejectedNote;
      ev.push(...evidence(signer, creds));
    } else if (category === 'clock-skew') {
      ev.push(...evidence(clock));
    } else if (category === 'ip-whitelist') {
      ev.push(...evidence(egress));
    }
    return { ok: false, exitCode: 1, rootCause: { category, summary, evidence: ev }, hypotheses: hypotheses.filter((h) => h.category !== category), nextSteps: nextSteps(ctx, category) };
  }

  // 4. Read works, something else is wrong.
  const failing = [trade, creds, clock, egress, age, signer].find((c) => c.status === 'fail');
  if (auth.status === 'pass' && failing) {
    const category = failing.category ?? 'unknown';
    const summary =
      failing === trade
        ? `Read works, trade refused: the key lacks the Trade permission${advice.tradeRefusedNote}`
        : `The key authenticates, but ${failing.title.toLowerCase()} failed: ${failing.summary}`;
    return { ok: false, exitCode: 1, rootCause: { category, summary, evidence: evidence(auth, failing) }, hypotheses: [], nextSteps: nextSteps(ctx, category) };
  }

  // 5. Credentials malformed and the read could not run or said nothing.
  if (creds.status === 'fail') {
    return { ok: false, exitCode: 1, rootCause: { category: 'credentials-format', summary: creds.summary, evidence: evidence(creds) }, hypotheses, nextSteps: nextSteps(ctx, 'credentials-format') };
  }

  if (auth.status === 'pass') {
    const warnings = ctx.checks.filter((c) => c.status === 'warn' && c.hint).map((c) => `${c.title}: ${c.hint}`);
    const versionFlag = facts.apiVersion && !facts.isDefaultVersion ? ` --api-version ${facts.apiVersion}` : '';
    const ifBotFails = `If your bot is still refused, run \`xcred proxy ${facts.exchange}${versionFlag}\` and point the bot at it: it names what the bot's requests get wrong`;
    return { ok: true, exitCode: 0, rootCause: null, hypotheses: [], nextSteps: [...(warnings.length ? warnings : ['Nothing to fix: the key works for what was checked']), ifBotFails] };
  }
  // The read did not run for a reason not covered above: say so rather than guess.
  return {
    ok: false,
    exitCode: 3,
    rootCause: { category: 'unknown', summary: `Could not tell: ${auth.summary}`, evidence: evidence(auth) },
    hypotheses,
    nextSteps: [`Run \`${diagnoseCommand(ctx.api.facts)} --verbose\` and look at each check`],
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
          : `${egress.summary}; pass --whitelist with the key's IP list to rule this out${ctx.api.advice.ipHypothesisNote}`,
  });
  const { permissionHypothesis, expiryHypothesis } = ctx.api.advice;
  if (permissionHypothesis && (authCat === 'signature' || authCat === 'permission')) {
    out.push({ category: 'permission', likelihood: 'medium', why: permissionHypothesis });
  }
  // An IP-whitelist refusal proves IPs are bound to the key, and bound keys do not expire by rule.
  if (expiryHypothesis && authCat !== 'ip-whitelist') {
    out.push({
      category: 'expired-key',
      likelihood: age.category === 'expired-key' ? 'high' : age.status === 'skip' ? 'medium' : 'low',
      why: age.status === 'skip' ? expiryHypothesis : age.summary,
    });
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return out.sort((a, b) => rank[a.likelihood] - rank[b.likelihood]);
}

function nextSteps(ctx: VerdictContext, category: Category): string[] {
  const id = ctx.api.facts.exchange;
  const versionFlag = ctx.api.facts.apiVersion && !ctx.api.facts.isDefaultVersion ? ` --api-version ${ctx.api.facts.apiVersion}` : '';
  const advice = ctx.api.advice;
  const steps: string[] = [];
  switch (category) {
    case 'signature':
      steps.push(
        `Compare the secret fingerprint above with the one where it works (\`xcred fingerprint\` elsewhere, or the dashboard copy): a different sha256 means a different secret`,
        `If in doubt: create a new API key, copy BOTH the key and the secret at once (the secret is shown only once), update your configuration and restart the bot`,
        `If your own client still fails afterwards, compare its request with \`xcred sign ${id}${versionFlag} --dry-run\``,
      );
      break;
    case 'credentials-format':
      steps.push('Fix the value as the credentials check says (whitespace, quotes, invisible characters, swapped values)', `Run \`${diagnoseCommand(ctx.api.facts)}\` again`);
      break;
    case 'clock-skew':
      steps.push(clockFix(ctx.platform), advice.clockNextStep);
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
        advice.permissionNextStep,
      );
      break;
    case 'expired-key':
    case 'invalid-key':
      steps.push(
        "Check the key in the exchange's API management page: does it still exist, is it enabled, has it expired?",
        advice.keyGoneNextStep,
        `Then \`xcred renew-hint ${id} --created 90d\` (the key's age in days, or its creation date as YYYY-MM-DD) tells you when it expires`,
      );
      break;
    default:
      if (ctx.authEntry) steps.push(...ctx.authEntry.fixes);
  }
  if (ctx.authEntry && steps.length === 0) steps.push(...ctx.authEntry.fixes);
  return steps;
}
