import type { KbEntry } from '../core/kb/schema.js';
import type { Style } from './style.js';
import { wrapBlock } from './width.js';

export interface ExplainReport {
  exchange: string;
  api: string;
  apiTitle: string;
  inputKind: 'code' | 'message' | 'response';
  entry: KbEntry | null;
  matchScore: number | null;
  success: boolean;
  reported: { code: number | null; message: string | null; ip: string | null; httpStatus: number | null };
  nearest: KbEntry[];
}

export function renderExplain(r: ExplainReport, related: string[], style: Style): string {
  return wrapBlock(explainText(r, related, style), style.width);
}

function explainText(r: ExplainReport, related: string[], style: Style): string {
  const { c } = style;
  const lines: string[] = [];
  if (r.success) {
    return `${style.status('pass')} This ${r.apiTitle} response is a success (code 0): nothing to explain.`;
  }
  const e = r.entry;
  if (!e) {
    const what = r.reported.code !== null ? `code ${r.reported.code}` : `message "${r.reported.message}"`;
    lines.push(`${style.status('fail')} ${what} is not in xcred's ${r.apiTitle} knowledge base.`);
    if (r.nearest.length > 0) {
      lines.push('', 'Nearest known entries:');
      for (const n of r.nearest) lines.push(`  ${n.code}  ${n.message}  [${n.category}]`);
      lines.push('', c.dim(`Run \`xcred explain ${r.exchange} <code>\` with one of them, or paste the whole response.`));
    } else {
      lines.push('', c.dim(`Nothing close either. Give the numeric code from the response, or the whole response (\`xcred explain ${r.exchange} -\` reads it from standard input).`));
    }
    return lines.join('\n');
  }
  lines.push(c.bold(`${r.apiTitle} · ${e.code}${e.name ? ' ' + e.name : ''}: ${e.message}`) + `  [${e.category}]`);
  if (r.matchScore !== null) lines.push(c.dim(`  (matched your message with similarity ${r.matchScore})`));
  if (r.reported.message && r.reported.message !== e.message) lines.push(`  Message received: "${r.reported.message}"`);
  if (r.reported.ip) lines.push(`  The exchange saw your request come from ${c.bold(r.reported.ip)}: if that is your server, that is the address to whitelist.`);
  const usual = `usually HTTP ${e.httpStatus.join(' or ')}`;
  lines.push(`  HTTP status: ${r.reported.httpStatus !== null ? `${r.reported.httpStatus} (${usual})` : usual}`);
  lines.push('');
  lines.push(c.bold('What it means'));
  lines.push(`  ${e.meaning}`);
  lines.push('');
  lines.push(c.bold('Likely causes') + c.dim(' (most likely first)'));
  e.causes.forEach((cause, i) => {
    lines.push(`  ${i + 1}. [${cause.likelihood}] ${cause.cause}`);
    lines.push(c.dim(`     How to tell: ${cause.confirm}`));
  });
  lines.push('');
  lines.push(c.bold('How to fix'));
  e.fixes.forEach((fix, i) => lines.push(`  ${i + 1}. ${fix}`));
  lines.push('');
  lines.push(`Retrying: ${e.retryable ? 'may help (nothing is wrong with the key)' : 'will not help until the cause is fixed'}`);
  if (e.uncertain) lines.push(`${style.status('warn')} Uncertain: ${e.uncertain}`);
  if (related.length > 0) lines.push(`Next: ${related.join('  |  ')}`);
  lines.push(c.dim(`Docs: ${e.docs}`));
  return lines.join('\n');
}
