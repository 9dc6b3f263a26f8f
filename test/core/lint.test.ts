import { describe, expect, it } from 'vitest';
import { lintCredentials, lintValue } from '../../src/core/credentials/lint.js';
import { lintDotenv } from '../../src/core/credentials/lint-dotenv.js';
import { API } from '../apis.js';
const EXCHANGES = { mexc: API['mexc-spot'].facts, cryptocom: API['cryptocom-v1'].facts };
import { Secret, scrub } from '../../src/core/secret.js';
import { inspect } from 'node:util';

const MEXC = EXCHANGES.mexc;
const KEY = 'mx0vglXcredDemo001';
const SECRET = '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50';
const kinds = (f: Array<{ kind: string }>) => f.map((x) => x.kind);

describe('credential values', () => {
  it('clean values pass', () => {
    expect(lintCredentials(MEXC, KEY, SECRET)).toEqual([]);
    expect(lintCredentials(EXCHANGES.cryptocom, 'HaTZb9EMihNmJUyNJ19frs', 'cxakp_oGDfb6D6JW396cYGz8FHmg')).toEqual([]);
  });

  it.each([
    [` ${SECRET}`, 'whitespace', /leading whitespace/],
    [`${SECRET}\r`, 'newline', /line break \(CR/],
    [`"${SECRET}"`, 'quotes', /quote characters inside it \(position 1\)/],
    [`${SECRET.slice(0, 8)}\u00a0${SECRET.slice(8)}`, 'invisible', /U\+00A0 NO-BREAK SPACE at position 9/],
    [`\ufeff${SECRET}`, 'invisible', /U\+FEFF BYTE ORDER MARK at position 1/],
    [`${SECRET.slice(0, 4)}\u201c${SECRET.slice(4)}`, 'non-ascii', /U\+201C LEFT DOUBLE QUOTATION MARK at position 5/],
    [`${SECRET.slice(0, 4)}\u2013${SECRET.slice(4)}`, 'non-ascii', /U\+2013 EN DASH/],
    ['your_api_secret_here', 'placeholder', /placeholder/],
    [`${SECRET.slice(0, 10)} ${SECRET.slice(10)}`, 'whitespace', /contains U\+0020 SPACE at position 11/],
    ['mx0v...', 'placeholder', /placeholder/],
    ['...', 'placeholder', /placeholder/],
    ['mx0v\u2026hfqq', 'placeholder', /U\+2026 HORIZONTAL ELLIPSIS/],
    ['mx0vXXXXXXXXXXXXXX', 'placeholder', /placeholder/],
    ['********', 'placeholder', /placeholder/],
  ])('%j', (value, kind, message) => {
    const f = lintValue('secret', value);
    expect(kinds(f)).toContain(kind);
    expect(f.map((x) => x.message).join(' ')).toMatch(message);
  });

  it('a value ending in a line break is told once, with advice for files and for variables', () => {
    expect(kinds(lintValue('secret', `${SECRET}\r`))).toEqual(['newline']);
    expect(lintValue('secret', `${SECRET}\r`)[0]!.fix).toMatch(/Windows line endings .*dos2unix FILE/);
    expect(lintValue('secret', `${SECRET}\n`)[0]!.fix).toMatch(/printf %s, not echo/);
    expect(kinds(lintValue('secret', `${SECRET} \r`))).toEqual(['whitespace', 'newline']);
  });

  it('positions count characters, not UTF-16 units', () => {
    expect(lintValue('apiKey', 'ab\u{1F600}\u200bc')[1]!.message).toMatch(/U\+200B ZERO WIDTH SPACE at position 4/);
  });

  it('spots a swapped pair, a WEB token as key, and the same value twice', () => {
    expect(kinds(lintCredentials(MEXC, SECRET, KEY))).toEqual(['swapped']);
    expect(kinds(lintCredentials(MEXC, 'WEB' + 'ab'.repeat(32), 'placeholder'))).toEqual(['placeholder', 'web-token']);
    expect(kinds(lintCredentials(MEXC, KEY, KEY))).toEqual(['same-value']);
  });

  it('warns (not fails) on shapes, which are heuristics', () => {
    const f = lintCredentials(MEXC, 'mx0short', SECRET);
    expect(f).toEqual([expect.objectContaining({ kind: 'shape', severity: 'warn', field: 'apiKey' })]);
  });
});

describe('.env lines', () => {
  it('finds the traps dotenv does not report', () => {
    const text = '\ufeffexport MEXC_API_KEY=mx0vglXcredDemo001\r\nMEXC_SECRET_KEY=abc#def\r\nMEXC_SECRET_KEY="abc\r\nOTHER=x#y\r\n';
    const f = lintDotenv(text, new Set(['MEXC_API_KEY', 'MEXC_SECRET_KEY']));
    const messages = f.map((x) => `${x.line}: ${x.message}`);
    expect(messages).toEqual([
      '1: the file starts with a byte order mark (U+FEFF)',
      '1: Windows line endings (CRLF)',
      '1: MEXC_API_KEY uses "export"',
      '2: MEXC_SECRET_KEY contains "#" outside quotes at position 4: dotenv cuts the value there',
      '3: MEXC_SECRET_KEY is defined twice (lines 2 and 3); the last one wins',
      '3: MEXC_SECRET_KEY opens a " quote that is never closed on this line',
    ]);
  });

  it('leaves quoted "#" and comments alone', () => {
    expect(lintDotenv('MEXC_SECRET_KEY="abc#def" # a comment\n# MEXC_API_KEY=x\n')).toEqual([]);
  });
});

describe('the Secret type', () => {
  it('never prints its value, however it is printed', () => {
    const s = new Secret('s3cr3t-value-for-the-test');
    for (const out of [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: { s } })]) {
      expect(out).not.toContain('s3cr3t');
      expect(out).toMatch(/len 25, sha256:[0-9a-f]{8}/);
    }
    expect(s.reveal()).toBe('s3cr3t-value-for-the-test');
  });

  it('the output boundary scrubs raw, base64 and hex forms', () => {
    new Secret('another-canary-value');
    const b64 = Buffer.from('another-canary-value').toString('base64');
    expect(scrub(`a another-canary-value b ${b64} c`)).toBe('a [redacted] b [redacted] c');
  });
});
