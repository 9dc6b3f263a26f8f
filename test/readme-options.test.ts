import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';

// Each command's "Options:" paragraph in the README names the options that
// command really has: none that it lacks, and every one it has except the
// options every command shares (said once, under "Exit codes"), and
// --env-file, Node's own flag accepted as --dotenv (said once, in the quick start).

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SHARED = new Set(['--help', '--json', '--no-color', '--verbose', '--version', '--env-file']);

/** The README's "Options:" paragraph under each `### \`xcred <command>` heading. */
function optionParagraphs(): Array<{ command: string; named: Set<string> }> {
  const out: Array<{ command: string; named: Set<string> }> = [];
  for (const section of README.split(/\n(?=### )/)) {
    const command = /^### `xcred ([a-z-]+)/.exec(section)?.[1];
    const paragraph = /\nOptions: ([\s\S]*?)(?:\n\n|$)/.exec(section)?.[1];
    if (!command || !paragraph) continue;
    out.push({ command, named: new Set([...paragraph.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]!)) });
  }
  return out;
}

describe('README option lists agree with the command tree', () => {
  const paragraphs = optionParagraphs();
  it('finds the option lists', () => {
    expect(paragraphs.map((p) => p.command)).toEqual(expect.arrayContaining(['diagnose', 'sign', 'emulator', 'proxy']));
  });
  for (const { command, named } of paragraphs) {
    it(`xcred ${command}`, () => {
      const cmd = buildProgram().commands.find((c) => c.name() === command)!;
      const real = new Set(cmd.options.map((o) => o.long!).filter((l) => !SHARED.has(l)));
      expect({ missingFromReadme: [...real].filter((o) => !named.has(o)), notACommandOption: [...named].filter((o) => !real.has(o) && !SHARED.has(o)) }).toEqual({
        missingFromReadme: [],
        notACommandOption: [],
      });
    });
  }
});
