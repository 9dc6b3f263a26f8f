import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers.js';

// Output fits the terminal: stdout's width on a terminal, $COLUMNS otherwise
// (as here), no limit for a pipe without $COLUMNS. A line may pass the edge
// only when it is one word that cannot be broken (a URL, a hex signature).

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const visible = (l: string) => [...l.replace(/\u001b\[[0-9;]*m/g, '')].length;
/** The text of one column of a cli-table3 table, rows joined: what a reader sees across wrapped lines. */
const column = (text: string, i: number) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│')[i + 1]!.trim())
    .join('');
function expectFits(text: string, width: number, helpTerms = false) {
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (visible(line) <= width) continue;
    // Help: a command's usage term too long for the line stands alone, its description below it.
    if (helpTerms && /^ {2}\S/.test(line) && /^ {6}\S/.test(lines[i + 1] ?? '')) continue;
    // Help: the usage line is kept whole, as commander prints it, to be copied.
    if (helpTerms && line.startsWith('Usage: xcred')) continue;
    expect(line.trim(), `a line over ${width} columns that has spaces in it:\n${line}`).not.toMatch(/ /);
  }
}

describe.each([40, 100])('at %i columns', (width) => {
  const env = { COLUMNS: String(width) };

  it('diagnose (a failing key, with details, verdict and hypotheses)', async () => {
    const r = await runCli(['diagnose', 'cryptocom', '--emulator', 'wrong-secret', '--verbose'], { env });
    expect(r.code).toBe(1);
    expectFits(r.stdout, width);
    expect(r.stdout).toContain('Verdict: A problem was found.');
  });

  it('check-ip: the table and the lines around it', async () => {
    const long = `${emu.urls.ipEcho}/a-long-path-to-make-the-service-column-wide`;
    const r = await runCli(['check-ip', '--ip-service', emu.urls.ipEcho, '--ip-service', long, '--whitelist', '10.0.0.0/8'], { env });
    expect(r.code).toBe(1);
    expectFits(r.stdout, width);
    for (const line of r.stdout.split('\n').filter((l) => /^[┌│├└]/.test(l))) expect(visible(line)).toBeLessThanOrEqual(width);
    // Nothing is cut off with an ellipsis: the whole URL is still there, over several rows.
    expect(column(r.stdout, 0)).toContain(long);
  });

  it('explain, test-auth and help', async () => {
    for (const args of [['explain', 'mexc', '700006'], ['test-auth', 'mexc', '--emulator', 'no-trade-permission', '--trade'], ['help'], ['help', 'diagnose']]) {
      const r = await runCli(args, { env });
      expectFits(r.stdout, width, args[0] === 'help');
    }
  });

  it('creds list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcred-width-'));
    const h = { ...env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'cfg'), XCRED_VAULT_PASSPHRASE: 'correct-horse-battery', XCRED_SCRYPT_LOGN: '10' };
    await runCli(['creds', 'add', 'mexc', '--store', 'vault', '--profile', 'a-rather-long-profile-name'], { env: h, input: 'mx0vglXcredDemo001\n7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50\n' });
    const r = await runCli(['creds', 'list'], { env: h });
    expect(r.code).toBe(0);
    for (const line of r.stdout.trimEnd().split('\n')) expect(visible(line)).toBeLessThanOrEqual(width);
    // As a table when it fits, else as records: either way the whole profile name is there.
    expect(r.stdout.startsWith('┌') ? column(r.stdout, 0) : r.stdout).toContain('mexc/a-rather-long-profile-name');
  });
});

it('a pipe without $COLUMNS gets lines as long as they are', async () => {
  const r = await runCli(['diagnose', 'cryptocom', '--emulator', 'wrong-secret']);
  expect(r.stdout.split('\n').some((l) => visible(l) > 200)).toBe(true);
});
