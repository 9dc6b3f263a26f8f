import { ExitCode } from '../errors.js';
import { httpRequest } from '../net/http.js';
import { renderSignReport, type SignReport } from '../render/sign-report.js';
import type { CommandResult } from './result.js';
import { signJson } from './sign.js';
import { explainResponse, type KbApi } from '../core/kb/lookup.js';

/** `sign` without --dry-run: send the exact bytes, then explain the answer. */
export async function sendSigned(report: SignReport, api: KbApi, opts: { timeoutMs: number; proxy?: string | undefined }): Promise<CommandResult> {
  const { signed } = report;
  const outcome = await httpRequest({ method: signed.method, url: signed.url, headers: signed.headers, body: signed.body }, opts);
  let exitCode: 0 | 1 | 3;
  if (!outcome.ok) {
    report.response = { status: null, ms: outcome.failure.ms, body: null, failure: outcome.failure, explanation: null };
    exitCode = ExitCode.indeterminate;
  } else {
    const { status, body, ms } = outcome.response;
    const verdict = explainResponse(api, status, body);
    report.response = {
      status,
      ms,
      body,
      failure: null,
      explanation: verdict.entry
        ? {
            code: String(verdict.entry.code),
            category: verdict.entry.category,
            title: verdict.entry.message,
            meaning: verdict.entry.meaning,
            fixes: verdict.entry.fixes,
          }
        : null,
    };
    exitCode = verdict.ok ? ExitCode.ok : verdict.indeterminate ? ExitCode.indeterminate : ExitCode.problem;
  }
  return { exitCode, json: signJson(report), text: (style) => renderSignReport(report, style) };
}
