import { ExitCode } from '../errors.js';
import { authReadCheck, tradeCheck } from '../core/diagnose/checks.js';
import { check, type CheckResult } from '../core/diagnose/types.js';
import { lintCredentials, probesWithheld } from '../core/credentials/lint.js';
import { explainResponse } from '../core/kb/lookup.js';
import { httpRequest } from '../net/http.js';
import { renderTestAuth } from '../render/test-auth-report.js';
import type { CommandResult } from './result.js';
import { exchangeArg, intOption, urlOption } from './options.js';
import { requireCredentials } from './context.js';
import { resolveTarget, type TargetOptions } from './target.js';
import { registerApiKey } from '../core/secret.js';

interface TestAuthOptions extends TargetOptions {
  trade?: boolean;
  timeout?: string;
  proxy?: string;
}

/** One authenticated read (and with --trade the safe trade probe), explained. */
export async function run(args: string[], opts: TestAuthOptions): Promise<CommandResult> {
  const exchange = exchangeArg(args[0], opts.apiVersion);
  const timeoutMs = intOption('--timeout', opts.timeout, { min: 1, max: 600_000 }) ?? 10_000;
  const proxy = opts.proxy !== undefined ? urlOption('--proxy', opts.proxy) : undefined;
  const target = await resolveTarget(exchange, opts);
  try {
    const { apiKey, secret } = requireCredentials(exchange, target.creds);
    // Masked wherever it would be printed, a response echoing the request included.
    registerApiKey(apiKey);
    const creds = { apiKey, secret: secret.reveal() };
    const withheld = probesWithheld(lintCredentials(target.api.facts, apiKey, creds.secret));
    if (withheld) {
      const refused = check('auth-read', 'fail', withheld, { category: 'credentials-format', hint: 'Swap the two values where your configuration sets them, then run test-auth again' });
      const report = { exchange: exchange.exchange, api: exchange.id, baseUrl: target.baseUrl, baseUrlSource: target.baseUrlSource, notices: target.baseUrlNotice ? [target.baseUrlNotice] : [], ok: false, exitCode: ExitCode.problem, checks: [refused], explanation: null };
      return { exitCode: ExitCode.problem, json: report, text: (style) => renderTestAuth(report, target.title, style) };
    }
    const now = Date.now();
    const read = target.api.probes.readProbe(creds, target.baseUrl, now);
    const trade = opts.trade ? target.api.probes.tradeProbe(creds, target.baseUrl, now) : null;
    const send = (r: { method: string; url: string; headers: Record<string, string>; body: string | null }) => httpRequest(r, { timeoutMs, proxy });
    const [readOut, tradeOut] = await Promise.all([send(read.request), trade && 'request' in trade ? send(trade.request) : Promise.resolve(null)]);
    const verdictOf = (o: typeof readOut | null) => (o && o.ok ? explainResponse(target.api, o.response.status, o.response.body) : null);
    const readVerdict = verdictOf(readOut);
    const tradeVerdict = verdictOf(tradeOut);
    const checks: CheckResult[] = [authReadCheck(read.description, readOut, readVerdict, null)];
    if (opts.trade) {
      checks.push(
        tradeCheck(
          trade && 'description' in trade ? trade.description : null,
          tradeOut,
          tradeVerdict,
          tradeVerdict ? target.api.probes.readTrade(tradeVerdict, readVerdict?.ok ?? false) : null,
          trade && 'skip' in trade ? trade.skip : null,
          readVerdict?.ok ?? false,
        ),
      );
    }
    const indeterminate = checks.some((c) => c.status === 'error');
    const failed = checks.some((c) => c.status === 'fail');
    const exitCode = failed ? ExitCode.problem : indeterminate ? ExitCode.indeterminate : ExitCode.ok;
    const entry = readVerdict && !readVerdict.ok ? readVerdict.entry : null;
    const report = {
      exchange: exchange.exchange,
      api: exchange.id,
      baseUrl: target.baseUrl,
      baseUrlSource: target.baseUrlSource,
      notices: target.baseUrlNotice ? [target.baseUrlNotice] : [],
      ok: exitCode === ExitCode.ok,
      exitCode,
      checks,
      explanation: entry ? { code: entry.code, category: entry.category, meaning: entry.meaning, causes: entry.causes, fixes: entry.fixes } : null,
    };
    return { exitCode, json: report, text: (style) => renderTestAuth(report, target.title, style) };
  } finally {
    await target.emulator?.close();
  }
}
