#!/usr/bin/env node
// npm run bench: start-up, diagnosis, exit and memory, each side by side with
// bare `node -e 0` in the same run, then log reading, signature forensics and
// the proxy. A benchmark, not a test: it measures and reports, it does not
// pass or fail.
//
// Every child gets a clean environment (PATH, HOME and what the command needs;
// never NODE_OPTIONS or NODE_EXTRA_CA_CERTS, which slow every node start by
// tens of ms). Commands are run round-robin with bare node, so drift in the
// machine's load hits both alike; the table gives medians.
//
//   BENCH_RUNS=30            runs per command (start-up); the slower cases use a fraction
//   BENCH_ONLY=startup,diagnose,explain,forensics,proxy   sections to run (default: all)
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateBotLog } from './gen-bot-log.mjs';

const BIN = fileURLToPath(new URL('../bin/xcred.cjs', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'startup,diagnose,explain,forensics,proxy').split(','));
const DEMO = { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' };
const CLEAN = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
const env = { ...CLEAN, NO_COLOR: '1', ...DEMO };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const BARE = ['-e', '0'];
const SIGN = [BIN, 'sign', 'mexc', '--dry-run', '--timestamp', '1644489390087'];

/** Wall time of one run with stdout and stderr on pipes (as `xcred ... | less` has them). */
function once(args, okCodes = [0], childEnv = env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!okCodes.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Run the commands round-robin, so drift in machine load hits all of them alike; medians. */
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

/**
 * The same on a terminal: a pseudo-terminal from script(1) (util-linux), with
 * colour on (no NO_COLOR) and 100 columns. A small node timer inside it
 * spawns each command with the terminal as its stdout and stderr and times
 * spawn to exit exactly as above (script's own start is outside the timing).
 */
function timeOnTerminal(commands, runs = RUNS) {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-bench-tty-'));
  const timer = join(dir, 'timer.mjs');
  const out = join(dir, 'out.json');
  writeFileSync(
    timer,
    `import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const [cmds, runs] = [JSON.parse(process.env.BENCH_CMDS), Number(process.env.BENCH_TTY_RUNS)];
if (!process.stdout.isTTY) throw new Error('not a terminal');
const env = JSON.parse(process.env.BENCH_ENV);
const samples = cmds.map(() => []);
for (let i = 0; i < runs + 2; i++) cmds.forEach((args, k) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(args.join(' ') + ' exited ' + r.status);
  if (i >= 2) samples[k].push(ms);
});
writeFileSync(${JSON.stringify(out)}, JSON.stringify(samples));
`,
  );
  const ttyEnv = { ...CLEAN, TERM: 'xterm-256color', ...DEMO };
  const r = spawnSync('script', ['-qfec', `stty cols 100 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(timer)}`, '/dev/null'], {
    env: { ...ttyEnv, BENCH_CMDS: JSON.stringify(commands), BENCH_TTY_RUNS: String(runs), BENCH_ENV: JSON.stringify(ttyEnv) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    if (r.error || r.status !== 0 || !existsSync(out)) return null;
    return JSON.parse(readFileSync(out, 'utf8')).map(median);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Start a long-running xcred command with --json; resolves with its first NDJSON object. */
function startJson(args) {
  const child = spawn(process.execPath, [BIN, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        child.stdout.off('data', onData);
        resolve({ child, info: JSON.parse(out.slice(0, nl)) });
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`xcred ${args[0]} exited ${code}`)));
  });
}

/**
 * One run, watched: wall time (spawn to exit), when the last byte of output
 * arrived, and peak RSS (VmHWM, read from /proc while it runs: the kernel's
 * high-water mark, so the last reading before exit is the peak to within the
 * last 2 ms of the run).
 */
function watch(args, okCodes = [0]) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = t0;
    let hwm = 0;
    const status = `/proc/${child.pid}/status`;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'latin1'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
      } catch {}
    }, 2);
    child.stdout.on('data', () => (last = performance.now()));
    child.stderr.on('data', () => (last = performance.now()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const end = performance.now();
      clearInterval(poll);
      if (!okCodes.includes(code)) return reject(new Error(`${args.join(' ')} exited ${code}`));
      resolve({ wall: end - t0, exitLag: end - last, rssMiB: hwm / 1024 });
    });
  });
}

async function watchInterleaved(commands, runs, okCodes = [0]) {
  const samples = commands.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    for (let k = 0; k < commands.length; k++) {
      const r = await watch(commands[k], okCodes);
      if (i >= 2) samples[k].push(r);
    }
  }
  return samples.map((rs) => ({ wall: median(rs.map((r) => r.wall)), exitLag: median(rs.map((r) => r.exitLag)), rssMiB: median(rs.map((r) => r.rssMiB)), maxRssMiB: Math.max(...rs.map((r) => r.rssMiB)) }));
}

const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`;
const ms = (x) => `${x.toFixed(1)} ms`;
const ratio = (x, bare) => `${(x / bare).toFixed(2)}x`;
const rows = [];
const row = (what, median, bare, result, target) => rows.push([what, median, bare, result, target]);

console.log(`xcred benchmark · node ${process.version} · ${process.platform} ${process.arch} · clean environment (PATH, HOME, LANG and the command's own variables) · medians of interleaved runs\n`);

if (ONLY.has('startup')) {
  const [bare, version, sign, help] = timeInterleaved([BARE, [BIN, '--version'], SIGN, [BIN, '--help']]);
  row('`xcred --version`', ms(version), ms(bare), ratio(version, bare), '≤ 1.1x');
  row('`xcred sign mexc --dry-run`, stdout a pipe', ms(sign), ms(bare), ratio(sign, bare), '≤ 1.25x');
  row('`xcred --help`', ms(help), ms(bare), ratio(help, bare), '≤ 1.3x');
  const tty = timeOnTerminal([BARE, SIGN]);
  if (tty) row('`xcred sign mexc --dry-run`, on a terminal, in colour', ms(tty[1]), ms(tty[0]), ratio(tty[1], tty[0]), '≤ 1.3x');
  else row('`xcred sign mexc --dry-run`, on a terminal, in colour', 'n/a', 'n/a', 'script(1) not available', '≤ 1.3x');
}

if (ONLY.has('diagnose')) {
  const demoRuns = Math.max(5, Math.round(RUNS / 3));
  const [bareD, demo] = await watchInterleaved([BARE, [BIN, 'diagnose', 'mexc', '--emulator']], demoRuns);
  row('`xcred diagnose mexc --emulator` (in-process demo)', ms(demo.wall), ms(bareD.wall), ratio(demo.wall, bareD.wall), '≤ 150 ms');

  // Diagnosis against the emulator with 300 ms added to every answer.
  const LATENCY = 300;
  const { child: emulator, info } = await startJson(['emulator', '--latency', String(LATENCY)]);
  let logged = 0;
  emulator.stdout.on('data', (d) => (logged += (String(d).match(/"type":"request"/g) ?? []).length));
  const diagRuns = Math.max(5, Math.round(RUNS / 3));
  const before = logged;
  const [bare, diag] = await watchInterleaved([BARE, [BIN, 'diagnose', 'mexc', '--base-url', info.urls['mexc-spot'], '--ip-service', info.urls.ipEcho]], diagRuns);
  await new Promise((r) => setTimeout(r, 200));
  const requestsPerRun = Math.round((logged - before) / (diagRuns + 2));
  const trips = (diag.wall - bare.wall) / LATENCY;
  row(`\`xcred diagnose mexc\`, emulator +${LATENCY} ms per answer (${requestsPerRun} requests)`, ms(diag.wall), ms(bare.wall), `${trips.toFixed(2)} round trips`, `≤ bare + 1.15 × ${LATENCY} ms = ${ms(bare.wall + 1.15 * LATENCY)}`);
  row('  its exit after its last output', ms(diag.exitLag), '', '', '≤ 20 ms');
  row('  its peak RSS (median; max)', `${diag.rssMiB.toFixed(1)} MiB; ${diag.maxRssMiB.toFixed(1)} MiB`, `${bare.rssMiB.toFixed(1)} MiB`, '', '≤ 55 MiB');
  emulator.kill('SIGINT');
}

if (rows.length) {
  console.log('| | median | bare `node -e 0`, same run | result | target |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

// explain on a whole bot log: a generated 10 MB log (scripts/gen-bot-log.mjs), and hostile
// shapes of the same size that a careless scanner would read in quadratic time.
if (ONLY.has('explain')) {
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
    const t = timeInterleaved([[BIN, 'explain', 'mexc', '--file', file, '--json']], explainRuns, [0, 1])[0];
    console.log(`  ${label.padEnd(44)} ${fmt(t)}   ${((text.length / MB) / (t / 1000)).toFixed(1)} MB/s`);
  }
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------
// Signature forensics: all variants for one request, per API, worst case (no
// variant matches, so every candidate is computed). The analyser is bundled
// from the sources as the CLI bundles it.
if (ONLY.has('forensics')) {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'xcred-bench-'));
  const bundle = join(dir, 'forensics.mjs');
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const entry = `
  export { analyseSignature, countCandidates, sentRequestOf } from './core/forensics/index.ts';
  export { Secret } from './core/secret.ts';
  export { forensics as spot } from './exchanges/mexc-spot/forensics.ts';
  export { forensics as futures } from './exchanges/mexc-futures/forensics.ts';
  export { forensics as cryptocom } from './exchanges/cryptocom-v1/forensics.ts';
  `;
  await build({ stdin: { contents: entry, resolveDir: src, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: bundle, logLevel: 'error' });
  const F = await import(pathToFileURL(bundle).href);
  rmSync(dir, { recursive: true, force: true });

  const secret = new F.Secret('7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50');
  const wrong = (m) => createHmac('sha256', 'not the secret').update(m).digest('hex');
  const now = Date.now();
  const spotQuery = `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.0001&price=20000&network=BEP20%28BSC%29&recvWindow=5000&timestamp=${now}`;
  const cases = [
    ['MEXC spot, 8 params', F.spot, { method: 'POST', path: '/api/v3/order/test', rawQuery: `${spotQuery}&signature=${wrong(spotQuery)}`, headers: { 'x-mexc-apikey': 'mx0vglXcredDemo001' }, body: '' }],
    ['MEXC spot, 5 params sent sorted', F.spot, { method: 'GET', path: '/api/v3/openOrders', rawQuery: `limit=10&recvWindow=5000&side=BUY&symbol=BTCUSDT&timestamp=${now}&signature=${wrong('x')}`, headers: { 'x-mexc-apikey': 'mx0vglXcredDemo001' }, body: '' }],
    ['MEXC futures, GET 3 params', F.futures, { method: 'GET', path: '/api/v1/private/account/assets', rawQuery: 'symbol=BTC_USDT&page_num=1&page_size=20', headers: { apikey: 'mx0vglXcredDemo001', 'request-time': String(now), signature: wrong('x') }, body: '' }],
    ['MEXC futures, POST body', F.futures, { method: 'POST', path: '/api/v1/private/order/submit', rawQuery: '', headers: { apikey: 'mx0vglXcredDemo001', 'request-time': String(now), signature: wrong('x') }, body: '{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}' }],
    ['Crypto.com, nested params', F.cryptocom, { method: 'POST', path: '/exchange/v1/private/create-order', rawQuery: '', headers: {}, body: JSON.stringify({ id: 11, method: 'private/create-order', api_key: 'XcredDemoKey0000000001', params: { instrument_name: 'BTC_USDT', side: 'BUY', type: 'LIMIT', price: '20000', quantity: 1.0, exec_inst: ['POST_ONLY'], client_oid: null }, nonce: now, sig: wrong('x') }) }],
  ];
  console.log('\nSignature forensics, all variants for one request (worst case: none matches), median of 300 after 100 warm-up:');
  for (const [name, f, req] of cases) {
    const samples = [];
    for (let i = 0; i < 400; i++) {
      const t0 = performance.now();
      const finding = F.analyseSignature(f, { request: req, secret, apiKey: 'mx0vglXcredDemo001' });
      if (i >= 100) samples.push(performance.now() - t0);
      if (finding.kind !== 'no-match') throw new Error(`${name}: expected no match, got ${finding.variant}`);
    }
    console.log(`  ${name.padEnd(34)} ${median(samples).toFixed(2).padStart(6)} ms   ${F.countCandidates(f, req)} candidates   (target: under 5 ms)`);
  }
}

// ---------------------------------------------------------------------------
// xcred proxy: median latency it adds. The same signed request, sequentially,
// alternately straight to the emulator and through the proxy in front of it,
// each over its own keep-alive connection.
if (ONLY.has('proxy')) {
  const { child: emu2, info: emuInfo } = await startJson(['emulator']);
  emu2.stdout.resume();
  const { child: proxy, info: proxyInfo } = await startJson(['proxy', 'mexc', '--base-url', emuInfo.urls['mexc-spot'], '--port', '0']);
  proxy.stdout.resume();
  function signedGet(origin, agent) {
    const u = new URL(origin);
    const query = `symbol=BTCUSDT&recvWindow=5000&timestamp=${Date.now()}`;
    const path = `/api/v3/openOrders?${query}&signature=${createHmac('sha256', DEMO.MEXC_SECRET_KEY).update(query).digest('hex')}`;
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = request({ host: u.hostname, port: u.port, path, agent, headers: { 'X-MEXC-APIKEY': DEMO.MEXC_API_KEY, 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  }
  const direct = [];
  const via = [];
  const agents = [new Agent({ keepAlive: true, maxSockets: 1 }), new Agent({ keepAlive: true, maxSockets: 1 })];
  const ROUNDS = Number(process.env.BENCH_PROXY_ROUNDS ?? 1000);
  for (let i = 0; i < ROUNDS + 100; i++) {
    const d = await signedGet(emuInfo.urls['mexc-spot'], agents[0]);
    const p = await signedGet(proxyInfo.listen, agents[1]);
    if (i >= 100) {
      direct.push(d);
      via.push(p);
    }
  }
  const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
  const added = median(via) - median(direct);
  console.log(
    `\nxcred proxy, ${ROUNDS} signed requests each way (median): direct ${median(direct).toFixed(2)} ms, through the proxy ${median(via).toFixed(2)} ms; ` +
      `added ${added.toFixed(2)} ms (p90 ${(p90(via) - p90(direct)).toFixed(2)} ms)   (target: at most 2 ms)`,
  );
  for (const a of agents) a.destroy();
  proxy.kill('SIGINT');
  emu2.kill('SIGINT');
}
