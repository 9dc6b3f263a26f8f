import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedStatuses,
  hasOutput,
  mask,
  parseReadme,
  README,
  runAll,
  runnable,
  startSandboxEmulator,
  xcredInvocations,
  type ExampleRun,
  type SandboxEmulator,
} from '../scripts/readme-examples.mjs';
import { parseError } from './parse-command.js';

// The README works as written: every example is run against the emulator
// (or, when it needs a real exchange or installs something, parsed with the
// real command definitions), its exit status checked, and its output compared
// with the block under it. `npm run docs` rewrites those blocks from real
// runs; the masking rules are in scripts/readme-examples.mjs.

const parsed = parseReadme(readFileSync(README, 'utf8'));
const where = (line: number) => `README.md line ${line}`;

describe('README.md markup', () => {
  it('every command block has a marker, and every text block is the output of an example', () => {
    expect(parsed.orphans.map((b) => `${where(b.start)}: \`\`\`${b.lang} block outside the markup`)).toEqual([]);
  });

  it('the markup is in use: examples run, outputs exist, some are only parsed', () => {
    expect(parsed.examples.filter(runnable).length).toBeGreaterThanOrEqual(12);
    expect(parsed.examples.filter(hasOutput).every((ex) => ex.output !== null)).toBe(true);
    expect(parsed.examples.some((ex) => ex.attrs['parse-only'] === 'real-exchange')).toBe(true);
  });

  it('every xcred command in every block parses with the real command definitions', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const ex of parsed.examples.filter((e) => e.lang !== 'js')) {
      const invocations = xcredInvocations(ex.text);
      if (ex.attrs['parse-only']) expect(invocations.length, `${where(ex.start)} names no xcred command`).toBeGreaterThan(0);
      for (const args of invocations) {
        count++;
        const error = await parseError(args);
        if (error) problems.push(`${where(ex.start)}: xcred ${args.join(' ')}: ${error}`);
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(20);
  });

  it('the parser catches a bad option (so the check above can fail)', async () => {
    expect(await parseError(['diagnose', 'mexc', '--env-fil', 'x'])).toMatch(/unknown option '--env-fil'/);
    expect(await parseError(['diagnos', 'mexc'])).toMatch(/unknown command 'diagnos'/);
  });
});

describe('README.md examples, run against the emulator', () => {
  const examples = parsed.examples.filter(runnable);
  let emulator: SandboxEmulator;
  let runs: ExampleRun[] = [];

  beforeAll(async () => {
    emulator = await startSandboxEmulator();
    runs = await runAll(examples, parsed.files, emulator);
  }, 120_000);
  afterAll(() => emulator?.stop());

  it.each(examples.map((ex, i) => [where(ex.start), i] as const))('%s: exit status and output as written', (_name, i) => {
    const ex = examples[i]!;
    const run = runs[i]!;
    expect(run.statuses, `${run.transcript}`).toEqual(expectedStatuses(ex.attrs, run.commands.length));
    if (hasOutput(ex)) {
      expect(mask(run.transcript, ex.attrs), 'the README and the command differ: run `npm run docs`').toBe(mask(ex.output!.text, ex.attrs));
    }
  });
});
