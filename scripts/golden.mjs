#!/usr/bin/env node
// npm run golden: build, run every case of scripts/golden-cases.mjs and write
// its transcript to test/golden/<name>.txt. A file whose masked text did not
// change is left as it is, so running this twice changes nothing; a file
// that changed is listed. `npm run golden -- name...` runs only those cases.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, GOLDEN_DIR, maskGolden, runCases } from './golden-cases.mjs';
import { ROOT, startSandboxEmulator } from './readme-examples.mjs';

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js')], {
  cwd: ROOT,
  env: { ...process.env, XCRED_BUILD_NO_DTS: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(1);

const only = process.argv.slice(2);
const chosen = only.length ? CASES.filter((c) => only.includes(c.name)) : CASES;
const t0 = Date.now();
mkdirSync(GOLDEN_DIR, { recursive: true });
const emulator = await startSandboxEmulator();
let results;
try {
  results = await runCases(chosen, emulator);
} finally {
  await emulator.stop();
}
let changed = 0;
chosen.forEach((kase, i) => {
  const file = join(GOLDEN_DIR, `${kase.name}.txt`);
  const old = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (old !== null && maskGolden(old, kase) === maskGolden(results[i] + '\n', kase)) return;
  writeFileSync(file, results[i] + '\n');
  changed++;
  console.log(`${kase.name}: ${old === null ? 'written' : 'CHANGED'}`);
});
if (!only.length) {
  const names = new Set(CASES.map((c) => `${c.name}.txt`));
  for (const f of readdirSync(GOLDEN_DIR)) if (f.endsWith('.txt') && !names.has(f)) {
    rmSync(join(GOLDEN_DIR, f));
    console.log(`${f}: removed (no such case)`);
  }
}
console.log(`${chosen.length} cases run in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${changed} golden file(s) written`);
