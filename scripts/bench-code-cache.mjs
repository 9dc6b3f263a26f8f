#!/usr/bin/env node
// node scripts/bench-code-cache.mjs: is bin/xcred.cjs's V8 code cache worth
// keeping? Times `xcred sign mexc --dry-run` with the cache (warm, in a
// private temporary XDG_CACHE_HOME) and without it (XCRED_NO_COMPILE_CACHE=1),
// interleaved with bare `node -e 0`, in a clean environment (no
// NODE_EXTRA_CA_CERTS, which slows every start and hides the difference).
// A benchmark, not a test: it measures and reports, it does not pass or fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/xcred.cjs', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const cache = mkdtempSync(join(tmpdir(), 'xcred-bench-cache-'));

const base = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NO_COLOR: '1',
  MEXC_API_KEY: 'mx0vglXcredDemo001',
  MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50',
};
const SIGN = [BIN, 'sign', 'mexc', '--dry-run', '--timestamp', '1644489390087'];
const variants = [
  { name: 'node -e 0', args: ['-e', '0'], env: base },
  { name: 'sign --dry-run, no code cache', args: SIGN, env: { ...base, XCRED_NO_COMPILE_CACHE: '1' } },
  { name: 'sign --dry-run, V8 code cache', args: SIGN, env: { ...base, XDG_CACHE_HOME: cache } },
];

function once({ args, env }) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const samples = variants.map(() => []);
  for (let i = 0; i < RUNS + 2; i++) {
    variants.forEach((v, k) => {
      const ms = once(v);
      if (i >= 2) samples[k].push(ms); // two warm-up rounds: page cache, and the code cache gets written
    });
  }
  const [bare, plain, cached] = samples.map(median);
  console.log(`V8 code cache for dist/cli.cjs · node ${process.version} · ${RUNS} interleaved runs each (median)\n`);
  const row = (v, ms) => console.log(`${v.name.padEnd(32)} ${ms.toFixed(1).padStart(6)} ms   ${(ms / bare).toFixed(2)}x bare node`);
  variants.forEach((v, k) => row(v, [bare, plain, cached][k]));
  const gain = plain - cached;
  console.log(
    `\ncode cache gain: ${gain.toFixed(1)} ms = ${((gain / plain) * 100).toFixed(1)}% of sign's wall time, ` +
      `${((gain / (plain - bare)) * 100).toFixed(0)}% of what xcred adds to bare node`,
  );
} finally {
  rmSync(cache, { recursive: true, force: true });
}
