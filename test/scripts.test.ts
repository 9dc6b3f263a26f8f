import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Every script under scripts/ at least parses: `npm run bench` once crashed on a
// redeclared `const`, which nothing caught because no test runs the benchmark.
const SCRIPTS = join(__dirname, '..', 'scripts');
const files = readdirSync(SCRIPTS).filter((f) => f.endsWith('.mjs'));

describe('scripts/*.mjs', () => {
  it('there are scripts to check', () => {
    expect(files).toEqual(expect.arrayContaining(['bench.mjs', 'docs.mjs', 'golden.mjs']));
  });

  it.each(files)('%s passes node --check', async (file) => {
    await expect(promisify(execFile)(process.execPath, ['--check', join(SCRIPTS, file)])).resolves.toBeDefined();
  });
});
