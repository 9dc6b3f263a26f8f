import type { ExchangeHint, Finding } from './types.js';

// Distinct errors in a log: the same code and message (numbers and bracketed
// values aside: "IP [1.2.3.4]", "less than:5USDT") is one error, counted once
// per log entry, most frequent first.

export interface ErrorGroup {
  kind: Finding['kind'];
  code: number | null;
  /** The first message seen. */
  message: string | null;
  /** Log entries it appears in. */
  count: number;
  firstLine: number;
  lastLine: number;
  /** HTTP statuses seen with it, most frequent first. */
  httpStatuses: number[];
  hint: ExchangeHint | null;
  /** Every occurrence (one per entry). */
  findings: Finding[];
}

const keyCache = new Map<string, string>();

/** Messages repeat in logs: normalise each distinct one once. */
function normalised(message: string): string {
  let k = keyCache.get(message);
  if (k === undefined) {
    k = message
      .toLowerCase()
      .replace(/\[[^\]]*\]/g, '[]')
      .replace(/\d+(?:\.\d+)?/g, '#')
      .replace(/\s+/g, ' ')
      .replace(/[\s.!]+$/, '');
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(message, k);
  }
  return k;
}

export function groupKey(f: Finding): string {
  const text = normalised(f.message ?? '');
  if (f.kind === 'http') return `http|${f.httpStatus ?? '?'}|${f.html ? `html|${f.html.cdn ?? ''}|${f.html.title ?? ''}` : text}`;
  return `err|${f.code ?? ''}|${text}|${f.loose ? 'loose' : ''}`;
}

export function groupFindings(findings: readonly Finding[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup & { entries: Set<number>; statusCounts: Map<number, number> }>();
  for (const f of findings) {
    const key = groupKey(f);
    let g = groups.get(key);
    if (!g) {
      g = { kind: f.kind, code: f.code, message: f.message, count: 0, firstLine: f.line, lastLine: f.line, httpStatuses: [], hint: f.hint, findings: [], entries: new Set(), statusCounts: new Map() };
      groups.set(key, g);
    }
    g.lastLine = Math.max(g.lastLine, f.line);
    g.firstLine = Math.min(g.firstLine, f.line);
    if (f.httpStatus !== null) g.statusCounts.set(f.httpStatus, (g.statusCounts.get(f.httpStatus) ?? 0) + 1);
    if (!g.hint && f.hint) g.hint = f.hint;
    if (g.entries.has(f.entry)) continue;
    g.entries.add(f.entry);
    g.count++;
    g.findings.push(f);
  }
  return [...groups.values()]
    .map(({ entries: _e, statusCounts, ...g }) => ({ ...g, httpStatuses: [...statusCounts].sort((a, b) => b[1] - a[1]).map(([s]) => s) }))
    .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
}
