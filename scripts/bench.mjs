#!/usr/bin/env node
// npm run bench: start-up, diagnosis and log-reading timings, printed as medians and ratios.
// A benchmark, not a test: it measures and reports, it does not pass or fail.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBotLog } from './gen-bot-log.mjs';

const BIN = fileURLToPath(new URL('../bin/xcred.cjs', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DEMO = { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' };
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...DEMO };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function once(args, okCodes = [0]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (!okCodes.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Run the commands round-robin, so drift in machine load hits all of them alike. */
function timeInterleaved(commands, runs = RUNS, okCodes = [0]) {
  const samples = commands.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    commands.forEach((args, k) => {
      const ms = once(args, okCodes);
      if (i >= 2) samples[k].push(ms); // two warm-up rounds fill the file and code caches
    });
  }
  return samples.map(median);
}

function time(args, runs) {
  return timeInterleaved([args], runs)[0];
}

const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`;
console.log(`xcred benchmark · node ${process.version} · ${RUNS} runs each (median)\n`);

const [bare, version, sign] = timeInterleaved([
  ['-e', '0'],
  [BIN, '--version'],
  [BIN, 'sign', 'mexc', '--dry-run', '--timestamp', '1644489390087'],
]);
console.log(`node -e 0                    ${fmt(bare)}`);
console.log(`xcred --version              ${fmt(version)}   ${(version / bare).toFixed(2)}x bare node`);
console.log(`xcred sign mexc --dry-run    ${fmt(sign)}   ${(sign / bare).toFixed(2)}x bare node   (target: within 1.5x)`);

// explain on a whole bot log: a generated 10 MB log (scripts/gen-bot-log.mjs), and hostile
// shapes of the same size that a careless scanner would read in quadratic time.
const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'xcred-bench-'));
const logs = [['bot log (hummingbot/freqtrade/ccxt lines)', generateBotLog({ bytes: 10 * MB, seed: 15 }).text]];
const fill = (unit) => unit.repeat(Math.ceil((10 * MB) / unit.length)).slice(0, 10 * MB);
logs.push(['one 10 MB line of JSON objects', '[' + fill('{"symbol":"BTCUSDT","quoteAssetCode":"USDT","price":"61000.5"},') + ']']);
logs.push(['cut HTML pages on every line', fill('<html><head><title>x</title><script>var a=1;\n')]);
logs.push(['10 MB of "{"', fill('{')]);
logs.push(['"status" and long runs of spaces', fill('status' + ' '.repeat(5000) + '\n')]);
const explainRuns = Math.max(3, Math.round(RUNS / 6));
console.log(`\nxcred explain mexc --file <10 MB> --json  (median of ${explainRuns}; target for the bot log: under 1 s)`);
for (const [label, text] of logs) {
  const file = join(dir, 'log.txt');
  writeFileSync(file, text);
  const ms = timeInterleaved([[BIN, 'explain', 'mexc', '--file', file, '--json']], explainRuns, [0, 1])[0];
  console.log(`  ${label.padEnd(44)} ${fmt(ms)}   ${((text.length / MB) / (ms / 1000)).toFixed(1)} MB/s`);
}
rmSync(dir, { recursive: true, force: true });

// Diagnosis against the emulator with 300 ms added to every answer.
const LATENCY = 300;
const emulator = spawn(process.execPath, [BIN, 'emulator', '--json', '--latency', String(LATENCY)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const info = await new Promise((resolve, reject) => {
  let out = '';
  emulator.stdout.on('data', (d) => {
    out += d;
    try {
      resolve(JSON.parse(out));
    } catch {}
  });
  emulator.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
});
let logged = 0;
emulator.stderr.on('data', (d) => (logged += String(d).split('\n').filter((l) => /\s(GET|POST|DELETE)\s/.test(l)).length));

const diagRuns = Math.max(3, Math.round(RUNS / 6));
const before = logged;
// The emulator names its URLs by API id since the one-folder-per-API layout (info.urls.mexc before).
const diag = time([BIN, 'diagnose', 'mexc', '--base-url', info.urls['mexc-spot'] ?? info.urls.mexc, '--ip-service', info.urls.ipEcho], diagRuns);
await new Promise((r) => setTimeout(r, 200));
const requestsPerRun = Math.round((logged - before) / (diagRuns + 2));
const sequential = requestsPerRun * LATENCY;
console.log(
  `\nxcred diagnose mexc, emulator +${LATENCY} ms/answer: ${fmt(diag)}   ` +
    `${requestsPerRun} requests = ${sequential} ms if sequential; ${(diag / LATENCY).toFixed(2)} round trips of ${LATENCY} ms (target: no more than 2-3)`,
);
emulator.kill('SIGINT');
