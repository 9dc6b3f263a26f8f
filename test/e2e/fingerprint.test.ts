import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const SECRET = '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50';

describe('xcred fingerprint', () => {
  it('a clean value: the fingerprint and nothing else to say', async () => {
    const r = await runCli(['fingerprint', '--json'], { input: SECRET });
    expect(JSON.parse(r.stdout)).toMatchObject({ fingerprint: 'sha256:2b4b2e24', length: 32, clean: true, characters: [], droppedFinalNewline: false });
    const text = await runCli(['fingerprint'], { input: `${SECRET}\n` });
    expect(text.stdout).toBe('sha256:2b4b2e24  (len 32, from standard input; the one final newline was not counted)\n');
  });

  it('whitespace at the ends and invisible characters are named with positions, with the trimmed fingerprint', async () => {
    const value = ` ${SECRET.slice(0, 4)}\u200b${SECRET.slice(4)}\t`;
    const r = await runCli(['fingerprint', '--json', '--env', 'S'], { env: { S: value } });
    const out = JSON.parse(r.stdout);
    expect(out.clean).toBe(false);
    expect(out.characters).toEqual([
      { position: 1, codePoint: 'U+0020', name: 'SPACE', kind: 'leading-whitespace' },
      { position: 6, codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', kind: 'invisible' },
      { position: 35, codePoint: 'U+0009', name: 'CHARACTER TABULATION (tab)', kind: 'trailing-whitespace' },
    ]);
    expect(out.trimmedFingerprint).toMatch(/^sha256:[0-9a-f]{8}$/);
    const text = await runCli(['fingerprint', '--env', 'S'], { env: { S: value } });
    expect(text.stdout).toContain('position 35: U+0009 CHARACTER TABULATION (tab) (trailing whitespace)');
    expect(text.stdout).toContain(`Without the whitespace at its ends: ${out.trimmedFingerprint} (len 33)`);
    expect(text.stdout + text.stderr).not.toContain(SECRET.slice(4));
  });

  it('a Windows line ending left by the copy (CR before the dropped newline) is reported', async () => {
    const r = await runCli(['fingerprint', '--json'], { input: `${SECRET}\r\r\n` });
    expect(JSON.parse(r.stdout).characters).toEqual([{ position: 33, codePoint: 'U+000D', name: 'CARRIAGE RETURN', kind: 'trailing-whitespace' }]);
  });
});
