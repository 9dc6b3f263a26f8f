import { describe, expect, it } from 'vitest';
import { fitTable } from '../../src/render/table.js';
import { hangingIndent, outputWidth, visibleLength, wrapText } from '../../src/render/width.js';

describe('output width', () => {
  it('the terminal\'s columns on a TTY, else $COLUMNS, else no limit', () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, { COLUMNS: '40' })).toBe(132);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '40' })).toBe(40);
    expect(outputWidth({ isTTY: false }, {})).toBeNull();
    expect(outputWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBeNull();
    expect(outputWidth({ isTTY: true, columns: 5 }, {})).toBe(20);
  });
});

describe('wrapText', () => {
  it('keeps the padding inside the first line and hangs the rest', () => {
    const line = ' ✓ Trade permission    POST /api/v3/order/test (validated, never sent to the matching engine): accepted';
    const out = wrapText(line, 60, 23);
    expect(out[0]).toBe(' ✓ Trade permission    POST /api/v3/order/test (validated,');
    expect(out.slice(1).every((l) => l.startsWith(' '.repeat(23)) && visibleLength(l) <= 60)).toBe(true);
    expect(out.join(' ').replace(/\s+/g, ' ')).toBe(line.replace(/\s+/g, ' '));
  });

  it('leaves a word longer than the line whole, unless told to split it', () => {
    const url = 'https://example.com/' + 'a'.repeat(50);
    expect(wrapText(`see ${url} now`, 30, 2)).toEqual(['see', `  ${url}`, '  now']);
    const hard = wrapText(url, 30, 0, true);
    expect(hard.every((l) => l.length <= 30)).toBe(true);
    expect(hard.join('')).toBe(url);
  });

  it('colour codes take no columns', () => {
    expect(visibleLength('\u001b[32m✓\u001b[39m ok')).toBe(4);
    expect(wrapText('\u001b[31m✗\u001b[39m short', 10, 2)).toEqual(['\u001b[31m✗\u001b[39m short']);
  });

  it('hanging indents follow list markers', () => {
    expect(hangingIndent('    1. step')).toBe(7);
    expect(hangingIndent('    - evidence')).toBe(6);
    expect(hangingIndent('  → hint')).toBe(4);
    expect(hangingIndent('plain')).toBe(0);
  });
});

describe('fitTable', () => {
  const head = ['service', 'asked over', 'answer', 'time'];
  const rows = [['http://127.0.0.1:18777/ip', 'IPv4', '✓ 203.0.113.10', '26 ms']];
  it('leaves a table that fits as it is', () => {
    expect(fitTable(head, rows, 200)).toBe(fitTable(head, rows, null));
  });
  it('narrows it to the width without cutting anything off', () => {
    const t = fitTable(head, rows, 50);
    for (const l of t.split('\n')) expect(visibleLength(l)).toBeLessThanOrEqual(50);
    expect(t).not.toContain('…');
  });
  it('falls back to records when even narrowed columns cannot fit', () => {
    const t = fitTable(['profile', 'store', 'API key', 'secret', 'created', 'age', 'IP-bound'], [['mexc/default', 'vault', 'mx0v…o001', 'len 32, sha256:2b4b2e24', '2026-09-01', '83 days', 'no']], 30);
    expect(t.split('\n')[0]).toBe('mexc/default');
    expect(t).toContain('  store     vault');
    for (const l of t.split('\n')) expect(visibleLength(l)).toBeLessThanOrEqual(30);
  });
});
