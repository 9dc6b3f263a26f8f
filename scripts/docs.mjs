#!/usr/bin/env node
// npm run docs: run every README example against the emulator and write each
// one's output into the ```text block after it. A block whose output only
// differs in masked values (timings, ports, dates: see MASKS in
// scripts/readme-examples.mjs) is left as it is, so running this twice
// changes nothing. Exits 1 when an example's exit status is not the one its
// marker says (the output is written anyway, to look at).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedStatuses, hasOutput, mask, parseReadme, README, ROOT, runAll, startSandboxEmulator, withOutputs } from './readme-examples.mjs';

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js')], {
  cwd: ROOT,
  env: { ...process.env, XCRED_BUILD_NO_DTS: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(1);

const t0 = Date.now();
const text = readFileSync(README, 'utf8');
const parsed = parseReadme(text);
const chosen = parsed.examples.map((ex, i) => [ex, i]).filter(([ex]) => hasOutput(ex));
const emulator = await startSandboxEmulator();
let results;
try {
  results = await runAll(chosen.map(([ex]) => ex), parsed.files, emulator);
} finally {
  await emulator.stop();
}

/** Where two masked outputs part: the old text around it, then the new. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `${a.slice(Math.max(0, i - 40), i + 60)}…\n  now: …${b.slice(Math.max(0, i - 40), i + 60)}…`;
}

const outputs = new Array(parsed.examples.length);
let failed = 0;
let changed = 0;
chosen.forEach(([ex, i], k) => {
  const r = results[k];
  const want = expectedStatuses(ex.attrs, r.commands.length);
  if (JSON.stringify(r.statuses) !== JSON.stringify(want)) {
    failed++;
    console.error(`README line ${ex.start}: exit ${r.statuses.join(',')}, the marker says ${want.join(',')}`);
  }
  if (ex.output && mask(ex.output.text, ex.attrs) === mask(r.transcript, ex.attrs)) return;
  outputs[i] = r.transcript;
  changed++;
  console.log(`README line ${ex.start}: output ${ex.output ? 'updated' : 'added'}`);
  if (ex.output) console.log(`  was: …${firstDifference(mask(ex.output.text, ex.attrs), mask(r.transcript, ex.attrs))}`);
});
if (changed > 0) writeFileSync(README, withOutputs(parsed, outputs));
console.log(`${chosen.length} examples run in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${changed} output block(s) written${failed ? `; ${failed} with an unexpected exit status` : ''}`);
process.exit(failed ? 1 : 0);
