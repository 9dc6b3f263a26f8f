import type { Category } from '../kb/categories.js';
import type { Likelihood } from '../kb/schema.js';

export type CheckId = 'credentials' | 'connectivity' | 'clock' | 'egress-ip' | 'signer' | 'auth-read' | 'trade-permission' | 'key-age';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

export const CHECK_ORDER: readonly CheckId[] = ['credentials', 'connectivity', 'clock', 'egress-ip', 'signer', 'auth-read', 'trade-permission', 'key-age'];

export const CHECK_TITLES: Record<CheckId, string> = {
  credentials: 'Credentials',
  connectivity: 'Connectivity',
  clock: 'Clock',
  'egress-ip': 'Egress IP',
  signer: 'Signer self-test',
  'auth-read': 'Authenticated read',
  'trade-permission': 'Trade permission',
  'key-age': 'Key age',
};

/** Every check returns one of these; none throws. */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  summary: string;
  details: string[];
  hint: string | null;
  /** The exchange's error code, when the check got one. */
  code: number | null;
  /** What this check's outcome points at, from the shared enum. */
  category: Category | null;
}

export interface Hypothesis {
  category: Category;
  likelihood: Likelihood;
  why: string;
}

export interface DiagnoseReport {
  schemaVersion: 1;
  exchange: string;
  api: string;
  title: string;
  baseUrl: string;
  /** Where the base URL came from. */
  baseUrlSource: string;
  /** Things to know before reading the checks (a base URL that is not the exchange's own host). */
  notices: string[];
  ok: boolean;
  exitCode: 0 | 1 | 3;
  rootCause: { category: Category; summary: string; evidence: string[] } | null;
  hypotheses: Hypothesis[];
  checks: CheckResult[];
  nextSteps: string[];
  meta: { xcredVersion: string; node: string; time: string; durationMs: number; emulator: string | null };
}

export function check(id: CheckId, status: CheckStatus, summary: string, extra: Partial<Omit<CheckResult, 'id' | 'title' | 'status' | 'summary'>> = {}): CheckResult {
  return { id, title: CHECK_TITLES[id], status, summary, details: [], hint: null, code: null, category: null, ...extra };
}
