import type { Finding } from '../core/forensics/types.js';
import type { ProxyEvent } from './inspect.js';

// What `xcred proxy` prints when it stops: requests by outcome, and each
// distinct finding with how often it came up.

export interface FindingCount {
  kind: Finding['kind'];
  variant: string;
  /** The sentence of its first occurrence. */
  sentence: string;
  count: number;
}

export interface ProxySummary {
  requests: number;
  outcomes: Record<string, number>;
  findings: FindingCount[];
  /** Requests and connections refused without going to the exchange. */
  refused: number;
  /** The same, by kind (websocket, connect, absolute-form, host, browser). */
  refusedKinds: Record<string, number>;
}

/** Refusals that are about the key, its signature, its permissions or its clock: a problem was found. */
const PROBLEMS = new Set(['signature', 'clock-skew', 'invalid-key', 'expired-key', 'permission', 'ip-whitelist', 'credentials-missing', 'credentials-format']);

export class SummaryCounter {
  #requests = 0;
  #refused = 0;
  readonly #refusedKinds = new Map<string, number>();
  readonly #outcomes = new Map<string, number>();
  readonly #findings = new Map<string, FindingCount>();

  add(e: ProxyEvent): void {
    this.#requests++;
    this.#outcomes.set(e.outcome, (this.#outcomes.get(e.outcome) ?? 0) + 1);
    for (const f of [e.finding, e.clock]) {
      if (!f || f.variant === 'clock-ok') continue;
      const key = `${f.kind}:${f.variant}`;
      const seen = this.#findings.get(key);
      if (seen) seen.count++;
      else this.#findings.set(key, { kind: f.kind, variant: f.variant, sentence: f.sentence, count: 1 });
    }
  }

  refused(kind: string): void {
    this.#refused++;
    this.#refusedKinds.set(kind, (this.#refusedKinds.get(kind) ?? 0) + 1);
  }

  get requests(): number {
    return this.#requests;
  }

  summary(): ProxySummary {
    // Most frequent first; a tie in name order, so the same requests always give the same summary.
    const outcomes = Object.fromEntries([...this.#outcomes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    const findings = [...this.#findings.values()].sort((a, b) => b.count - a.count);
    return { requests: this.#requests, outcomes, findings, refused: this.#refused, refusedKinds: Object.fromEntries([...this.#refusedKinds].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) };
  }

  /** 1 when a refusal about the key or a client mistake was seen; 3 when the exchange never answered; else 0. */
  exitCode(): 0 | 1 | 3 {
    const s = this.summary();
    if (Object.keys(s.outcomes).some((o) => PROBLEMS.has(o)) || s.findings.some((f) => f.kind === 'mistake' || f.kind === 'no-match' || f.kind === 'clock')) return 1;
    if ((s.outcomes.unreachable ?? 0) > 0 && (s.outcomes.ok ?? 0) === 0) return 3;
    return 0;
  }
}
