import Table from 'cli-table3';
import { ANSI, visibleLength, wrapText } from './width.js';

/**
 * A cli-table3 table that fits `width`: columns wider than their share are
 * narrowed (the widest first) and their cells wrapped, long words hard-wrapped
 * so nothing is cut off with an ellipsis.
 */
export function fitTable(head: string[], rows: string[][], width: number | null): string {
  const cellsOf = (i: number) => [head[i]!, ...rows.map((r) => r[i] ?? '')].flatMap((c) => c.split('\n'));
  const natural = head.map((_, i) => Math.max(...cellsOf(i).map(visibleLength)) + 2);
  // The narrowest a column can be without splitting a word.
  const wordWidth = head.map((_, i) => Math.max(...cellsOf(i).flatMap((l) => l.replace(ANSI, '').split(' ').map((w) => [...w].length))) + 2);
  const budget = width === null ? Infinity : width - (head.length + 1);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  let widths = [...natural];
  if (sum(natural) > budget) {
    widths = wordWidth.map((w, i) => Math.min(w, natural[i]!));
    if (sum(widths) <= budget) {
      // Share what is left among the columns that wrap, in proportion to what they lack.
      const lack = widths.map((w, i) => natural[i]! - w);
      const spare = budget - sum(widths);
      const total = sum(lack);
      widths = widths.map((w, i) => w + Math.floor((spare * lack[i]!) / (total || 1)));
    } else {
      // Even whole words do not fit: narrow the widest columns, words will be split.
      while (sum(widths) > budget) {
        const widest = widths.indexOf(Math.max(...widths));
        if (widths[widest]! <= 8) break;
        widths[widest]!--;
      }
      // Still too wide: one record after another instead of a table.
      if (sum(widths) > budget) return records(head, rows, width!);
    }
  }
  const fits = widths.every((w, i) => w === natural[i]);
  const cell = (text: string, i: number) => (fits ? text : text.split('\n').flatMap((l) => wrapText(l, widths[i]! - 2, 0, true)).join('\n'));
  const table = new Table({
    head: head.map(cell),
    style: { head: [], border: [] },
    ...(fits ? {} : { colWidths: widths }),
  });
  for (const row of rows) table.push(row.map(cell));
  return table.toString();
}

/** A table too wide for the terminal, as records: the first column as a heading, the others as "name  value" lines. */
function records(head: string[], rows: string[][], width: number): string {
  const nameWidth = Math.max(...head.slice(1).map(visibleLength));
  const out: string[] = [];
  for (const row of rows) {
    out.push(...wrapText(row[0] ?? '', width, 0, true));
    head.slice(1).forEach((name, i) => {
      const value = (row[i + 1] ?? '').split('\n').join(' ');
      out.push(...wrapText(`  ${name.padEnd(nameWidth)}  ${value}`, width, nameWidth + 4, true));
    });
  }
  return out.join('\n');
}
