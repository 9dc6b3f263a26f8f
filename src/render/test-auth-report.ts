import type { CheckResult } from '../core/diagnose/types.js';
import type { KbEntry } from '../core/kb/schema.js';
import type { Style } from './style.js';
import { maskUrlUserinfo } from '../core/redact-url.js';
import { wrapBlock } from './width.js';

export interface TestAuthReport {
  exchange: string;
  baseUrl: string;
  baseUrlSource: string;
  notices: string[];
  exitCode: number;
  checks: CheckResult[];
  explanation: Pick<KbEntry, 'code' | 'category' | 'meaning' | 'causes' | 'fixes'> | null;
}

export function renderTestAuth(r: TestAuthReport, title: string, style: Style): string {
  const { c } = style;
  const lines = [c.bold(`xcred test-auth ${r.exchange}`) + ` · ${title} · ${maskUrlUserinfo(r.baseUrl)}`, ...r.notices.map((n) => `${style.status('warn')} ${n}`), ''];
  for (const ch of r.checks) {
    lines.push(` ${style.status(ch.status)} ${ch.summary}`);
    if (ch.hint && ch.status !== 'pass') lines.push(`   ${c.cyan('→')} ${ch.hint}`);
  }
  const e = r.explanation;
  if (e) {
    lines.push('', c.bold(`What ${e.code} means`) + ` [${e.category}]`, `  ${e.meaning}`, '', c.bold('Likely causes'));
    e.causes.forEach((cause, i) => lines.push(`  ${i + 1}. [${cause.likelihood}] ${cause.cause}`, c.dim(`     How to tell: ${cause.confirm}`)));
    lines.push('', c.bold('How to fix'));
    e.fixes.forEach((f, i) => lines.push(`  ${i + 1}. ${f}`));
    lines.push('', c.dim(`For the full picture: xcred diagnose ${r.exchange}`));
  }
  if (r.exitCode === 3) lines.push('', `${style.status('error')} Could not tell: this says nothing bad about the key. Try again later.`);
  return wrapBlock(lines.join('\n'), style.width);
}
