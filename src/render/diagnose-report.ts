import type { CheckResult, DiagnoseReport } from '../core/diagnose/types.js';
import { GLYPH } from './glyphs.js';
import type { Style } from './style.js';
import { maskUrlUserinfo } from '../core/redact-url.js';
import { wrapText } from './width.js';

const VERDICT_HEADLINE: Record<0 | 1 | 3, string> = {
  0: 'The key works for what was checked.',
  1: 'A problem was found.',
  3: 'Could not tell: this says nothing bad about the key.',
};

/** Below this many columns the summary goes under the check's title instead of beside it. */
const NARROW = 60;

function checkLines(c: CheckResult, style: Style, titleWidth: number): string[] {
  const wrap = (text: string, hang: number) => wrapText(text, style.width, hang);
  const narrow = style.width !== null && style.width < NARROW;
  const head = ` ${style.status(c.status)} `;
  const indent = narrow ? 3 : titleWidth + 5;
  const pad = ' '.repeat(indent);
  const lines = narrow
    ? [head + c.title, ...wrap(pad + c.summary, indent)]
    : wrap(`${head}${c.title.padEnd(titleWidth)}  ${c.summary}`, indent);
  const showDetails = style.verbose || c.status === 'fail' || c.status === 'error';
  if (showDetails) for (const d of c.details) lines.push(...wrap(pad + d, indent).map((l) => style.c.dim(l)));
  if (c.hint && c.status !== 'pass' && c.status !== 'skip') {
    lines.push(...wrap(`${pad}→ ${c.hint}`, indent + 2).map((l, i) => (i === 0 ? l.replace('→', style.c.cyan('→')) : l)));
  }
  return lines;
}

export function renderDiagnoseText(r: DiagnoseReport, style: Style): string {
  const { c } = style;
  const wrap = (text: string, hang: number) => wrapText(text, style.width, hang);
  const narrow = style.width !== null && style.width < NARROW;
  const lines: string[] = [];
  lines.push(
    ...wrap(`xcred diagnose ${r.exchange} · ${r.title} · ${maskUrlUserinfo(r.baseUrl)}${r.meta.emulator ? `  [emulator scenario: ${r.meta.emulator}]` : ''}`, 2).map((l, i) =>
      i === 0 ? l.replace(`xcred diagnose ${r.exchange}`, c.bold(`xcred diagnose ${r.exchange}`)).replace(/ {2}\[emulator scenario: [a-z-]+\]$/, (m) => c.dim(m)) : l,
    ),
  );
  for (const n of r.notices) lines.push(...wrap(`${style.status('warn')} ${n}`, 2));
  lines.push('');
  const width = Math.max(...r.checks.map((ch) => ch.title.length));
  for (const ch of r.checks) lines.push(...checkLines(ch, style, width));
  lines.push('');
  const glyph = r.exitCode === 0 ? 'pass' : r.exitCode === 1 ? 'fail' : 'error';
  lines.push(`${style.status(glyph)} ${c.bold('Verdict:')} ${VERDICT_HEADLINE[r.exitCode]}`);
  if (r.rootCause) {
    lines.push(...wrap(`  Root cause [${r.rootCause.category}]: ${r.rootCause.summary}`, 4).map((l, i) => (i === 0 ? l.replace('Root cause', c.bold('Root cause')) : l)));
    lines.push('  Evidence:');
    for (const e of r.rootCause.evidence) lines.push(...wrap(`    - ${e}`, 6));
  }
  if (r.hypotheses.length > 0) {
    lines.push('  Other hypotheses:');
    for (const h of r.hypotheses) {
      lines.push(...(narrow ? wrap(`    ${h.likelihood} ${h.category}: ${h.why}`, 6) : wrap(`    ${h.likelihood.padEnd(6)} ${h.category.padEnd(18)} ${h.why}`, 30)));
    }
  }
  if (r.nextSteps.length > 0) {
    lines.push(`  ${c.bold('Next steps:')}`);
    r.nextSteps.forEach((s, i) => lines.push(...wrap(`    ${i + 1}. ${s}`, 7)));
  }
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const)
    .map((s) => [s, r.checks.filter((ch) => ch.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  lines.push('', ...wrap(`${counts} · ${r.meta.durationMs} ms${style.verbose ? '' : ' · --verbose for details'}`, 0).map((l) => c.dim(l)));
  return lines.join('\n');
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderDiagnoseMarkdown(r: DiagnoseReport): string {
  const lines: string[] = [];
  lines.push(`# xcred diagnosis: ${r.title}`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| Exchange | ${r.exchange} (${r.api}) |`);
  lines.push(`| Base URL | ${maskUrlUserinfo(r.baseUrl)} (${r.baseUrlSource}) |`);
  for (const n of r.notices) lines.push(`| Notice | ${GLYPH.warn} ${mdEscape(n)} |`);
  lines.push(`| Time | ${r.meta.time} |`);
  lines.push(`| xcred | ${r.meta.xcredVersion} |`);
  lines.push(`| Node | ${r.meta.node} |`);
  if (r.meta.emulator) lines.push(`| Emulator scenario | ${r.meta.emulator} |`);
  lines.push(`| Result | ${GLYPH[r.exitCode === 0 ? 'pass' : r.exitCode === 1 ? 'fail' : 'error']} ${VERDICT_HEADLINE[r.exitCode]} (exit ${r.exitCode}) |`, '');
  lines.push('## Checks', '', '| | Check | Result |', '|---|---|---|');
  for (const c of r.checks) lines.push(`| ${GLYPH[c.status]} ${c.status} | ${c.title} | ${mdEscape(c.summary)} |`);
  lines.push('');
  for (const c of r.checks.filter((ch) => ch.details.length > 0 || ch.hint)) {
    lines.push(`### ${c.title}`, '');
    for (const d of c.details) lines.push(`- ${d}`);
    if (c.hint) lines.push(`- **Hint:** ${c.hint}`);
    lines.push('');
  }
  lines.push('## Verdict', '');
  if (r.rootCause) {
    lines.push(`**Root cause** (\`${r.rootCause.category}\`): ${r.rootCause.summary}`, '', 'Evidence:', '');
    for (const e of r.rootCause.evidence) lines.push(`- ${e}`);
    lines.push('');
  } else {
    lines.push(VERDICT_HEADLINE[r.exitCode], '');
  }
  if (r.hypotheses.length > 0) {
    lines.push('Other hypotheses:', '', '| Likelihood | Category | Why |', '|---|---|---|');
    for (const h of r.hypotheses) lines.push(`| ${h.likelihood} | ${h.category} | ${mdEscape(h.why)} |`);
    lines.push('');
  }
  if (r.nextSteps.length > 0) {
    lines.push('## Next steps', '');
    r.nextSteps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
    lines.push('');
  }
  lines.push('_Generated by xcred. The API key is masked; the secret appears only as its length and a short SHA-256 fingerprint._', '');
  return lines.join('\n');
}
