// Fitting text output to the terminal. The width is the terminal's when
// stdout is one, else $COLUMNS when set (scripts, tests), else unlimited: a
// pipe or a file gets lines as long as they are.

/** Columns to fit, or null for no limit. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): number | null {
  if (stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0) return Math.max(stream.columns, 20);
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? Math.max(fromEnv, 20) : null;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a string takes: colour codes take none; xcred prints no double-width characters of its own. */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/**
 * Word-wrap `text` (one line) to `width` columns. Continuation lines start
 * with `hang` spaces. Words longer than a line stay whole unless `hard` is
 * set (URLs and hex are better copied whole than split).
 */
export function wrapText(text: string, width: number | null, hang: number, hard = false): string[] {
  if (width === null || visibleLength(text) <= width) return [text];
  const lead = /^ */.exec(text)![0];
  // Words with the spaces before them, so padding inside a line (aligned columns) survives.
  const tokens = [...text.slice(lead.length).matchAll(/( *)(\S+)/g)].map((m) => ({ gap: m[1]!, word: m[2]! }));
  const pad = ' '.repeat(Math.min(hang, Math.max(width - 10, 0)));
  const lines: string[] = [];
  let line = lead;
  let empty = true;
  const newLine = () => {
    lines.push(line);
    line = pad;
    empty = true;
  };
  for (const token of tokens) {
    let word = token.word;
    for (;;) {
      const used = visibleLength(line);
      const gap = empty ? '' : token.gap || ' ';
      const len = visibleLength(word);
      if (used + gap.length + len <= width) {
        line += gap + word;
        empty = false;
        break;
      }
      if (!empty) {
        newLine();
        continue;
      }
      if (hard && width - used > 0) {
        const chars = [...word];
        line += chars.slice(0, width - used).join('');
        word = chars.slice(width - used).join('');
        empty = false;
        newLine();
        if (word === '') break;
        continue;
      }
      line += word; // a word longer than the line: whole, past the edge
      empty = false;
      break;
    }
  }
  if (!empty) lines.push(line);
  return lines;
}

/** Where a line's text starts after its indentation and list marker: "  1. ", "    - ", " ✓ ", "→ ". */
export function hangingIndent(line: string): number {
  // (\u escapes: the bundles stay ASCII; see tsup.config.ts.)
  const m = /^( *)((?:\d+\.|[-*\u2022\u2192\u2713\u2717!?]) +)?/.exec(line.replace(ANSI, ''))!;
  return m[1]!.length + (m[2]?.length ?? 0);
}

/** Wrap every line of a block, each with the hanging indent its own marker implies. */
export function wrapBlock(text: string, width: number | null): string {
  if (width === null) return text;
  return text
    .split('\n')
    .flatMap((l) => wrapText(l, width, hangingIndent(l)))
    .join('\n');
}
