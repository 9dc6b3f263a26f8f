import type { LintFinding } from '../credentials/lint.js';
import type { CheckResult } from './types.js';

// The exchange has the last word. When it accepts the key, a check that failed
// only because of a detail the user supplied (a creation date, a whitelist) or
// of a flaw the request survived (whitespace an HTTP header trims) cannot be
// the problem: it becomes a warning that says which supplied detail looks wrong.

/** Credential findings a working key can have: they break other clients, not this request. */
const SURVIVABLE: ReadonlySet<LintFinding['kind']> = new Set(['whitespace', 'mixed-pair']);

export function reconcileWithLiveAnswer(checks: CheckResult[], credentialFindings: readonly LintFinding[]): CheckResult[] {
  const auth = checks.find((c) => c.id === 'auth-read');
  if (auth?.status !== 'pass') return checks;
  return checks.map((c) => {
    if (c.status !== 'fail') return c;
    if (c.id === 'key-age') {
      return {
        ...c,
        status: 'warn',
        category: null,
        summary: `${c.summary}, yet the exchange just accepted the key: the creation date you gave (--created) looks wrong, or the key was renewed or is IP-bound (--ip-bound)`,
        hint: 'Check the creation date in the exchange\'s API management page',
      };
    }
    if (c.id === 'egress-ip' && c.category === 'ip-whitelist') {
      return {
        ...c,
        status: 'warn',
        category: null,
        summary: `${c.summary}, yet the exchange accepted requests from this machine: the whitelist you gave (--whitelist / XCRED_IP_WHITELIST) looks out of date, or the key is not bound to IPs`,
        hint: "Compare --whitelist with the key's IP list in the exchange's API management page",
      };
    }
    if (c.id === 'credentials') {
      const fails = credentialFindings.filter((f) => f.severity === 'fail');
      if (fails.length > 0 && fails.every((f) => SURVIVABLE.has(f.kind))) {
        return {
          ...c,
          status: 'warn',
          category: null,
          summary: `${c.summary}, yet the exchange accepted the key (an HTTP header value is trimmed); other clients may still break: fix the value`,
        };
      }
    }
    return c;
  });
}
