import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, GOLDEN_DIR, maskGolden, runCases } from '../scripts/golden-cases.mjs';
import { startSandboxEmulator, type SandboxEmulator } from '../scripts/readme-examples.mjs';

// Same behaviour (issue 18): every command's text, JSON and Markdown output,
// exit status and stderr, compared with the golden files captured before the
// start-up work (test/golden/*.txt; `npm run golden` rewrites them after a
// deliberate change). Masks and the case list: scripts/golden-cases.mjs.

describe('golden outputs: every command prints what it printed before', () => {
  let emulator: SandboxEmulator;
  let runs: string[] = [];

  beforeAll(async () => {
    emulator = await startSandboxEmulator();
    runs = await runCases(CASES, emulator);
  }, 240_000);
  afterAll(() => emulator?.stop());

  it('covers every command, and JSON, Markdown, colour and narrow terminals', () => {
    const all = CASES.map((c) => JSON.stringify(c.args ?? c.sh)).join('\n');
    for (const cmd of ['diagnose', 'test-auth', 'check-ip', 'sign', 'explain', 'proxy', 'renew-hint', 'creds', 'encrypt', 'decrypt', 'fingerprint', 'emulator', 'help']) {
      expect(all, cmd).toContain(cmd);
    }
    for (const want of ['--json', "'md'", 'FORCE_COLOR', 'COLUMNS']) expect(JSON.stringify(CASES), want).toContain(want.replace(/'/g, '"'));
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (name, i) => {
    const kase = CASES[i]!;
    const golden = readFileSync(join(GOLDEN_DIR, `${name}.txt`), 'utf8').replace(/\n$/, '');
    expect(maskGolden(runs[i]!, kase), `the output of ${name} changed (a deliberate change: npm run golden)`).toBe(maskGolden(golden, kase));
  });
});
