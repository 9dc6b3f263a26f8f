// Line-level checks of a .env file, for the traps dotenv does not report:
// an unquoted "#" cuts the value, the last duplicate wins silently, CRLF,
// a BOM, unbalanced quotes, `export`. Findings name the line, never the value.

export interface DotenvFinding {
  line: number;
  key: string | null;
  severity: 'fail' | 'warn';
  message: string;
  fix: string;
}

export function lintDotenv(text: string, relevantKeys?: ReadonlySet<string>): DotenvFinding[] {
  const out: DotenvFinding[] = [];
  if (text.startsWith('\uFEFF')) out.push({ line: 1, key: null, severity: 'warn', message: 'the file starts with a byte order mark (U+FEFF)', fix: 'save it as UTF-8 without BOM' });
  if (text.includes('\r\n')) out.push({ line: text.slice(0, text.indexOf('\r\n')).split('\n').length, key: null, severity: 'warn', message: 'Windows line endings (CRLF)', fix: 'dotenv copes, but shells and systemd do not: convert with dos2unix' });
  const seen = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const lineNo = i + 1;
      const m = /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s?(.*)$/.exec(raw);
      if (!m) return;
      const key = m[2]!;
      if (relevantKeys && !relevantKeys.has(key)) return;
      const value = m[3]!;
      if (seen.has(key)) {
        out.push({ line: lineNo, key, severity: 'fail', message: `${key} is defined twice (lines ${seen.get(key)} and ${lineNo}); the last one wins`, fix: 'keep one definition' });
      }
      seen.set(key, lineNo);
      if (m[1]) out.push({ line: lineNo, key, severity: 'warn', message: `${key} uses "export"`, fix: 'dotenv accepts it, but Docker --env-file and systemd EnvironmentFile do not: drop "export"' });
      const first = value.trimStart()[0];
      if (first === '"' || first === "'" || first === '`') {
        const body = value.trimStart();
        const close = body.indexOf(first, 1);
        if (close < 0) out.push({ line: lineNo, key, severity: 'fail', message: `${key} opens a ${first} quote that is never closed on this line`, fix: 'close the quote (dotenv keeps the value raw, quote included, otherwise)' });
        else if (body.slice(close + 1).trim() !== '' && !body.slice(close + 1).trim().startsWith('#')) {
          out.push({ line: lineNo, key, severity: 'fail', message: `${key} has text after its closing quote`, fix: 'remove what follows the closing quote' });
        }
      } else if (value.includes('#')) {
        out.push({
          line: lineNo,
          key,
          severity: 'fail',
          message: `${key} contains "#" outside quotes at position ${value.indexOf('#') + 1}: dotenv cuts the value there`,
          fix: `quote the value: ${key}="..."`,
        });
      }
    });
  return out;
}
