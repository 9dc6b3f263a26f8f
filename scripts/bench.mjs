#!/usr/bin/env node
// npm run bench: start-up, diagnosis and log-reading timings, printed as medians and ratios.
// A benchmark, not a test: it measures and reports, it does not pass or fail.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

const { child: emulator, info } = await startJson(['emulator', '--latency', String(LATENCY)]);
let logged = 0;
emulator.stdout.on('data', (d) => (logged += (String(d).match(/"type":"request"/g) ?? []).length));

const diagRuns = Math.max(3, Math.round(RUNS / 6));
const before = logged;
const diag = time([BIN, 'diagnose', 'mexc', '--base-url', info.urls['mexc-spot'], '--ip-service', info.urls.ipEcho], diagRuns);
await new Promise((r) => setTimeout(r, 200));
const requestsPerRun = Math.round((logged - before) / (diagRuns + 2));
const sequential = requestsPerRun * LATENCY;
console.log(
  `\nxcred diagnose mexc, emulator +${LATENCY} ms/answer: ${fmt(diag)}   ` +
    `${requestsPerRun} requests = ${sequential} ms if sequential; ${(diag / LATENCY).toFixed(2)} round trips of ${LATENCY} ms (target: no more than 2-3)`,
);
emulator.kill('SIGINT');

// ---------------------------------------------------------------------------
// Signature forensics: all variants for one request, per API, worst case (no
// variant matches, so every candidate is computed). The analyser is bundled
// from the sources as the CLI bundles it.
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

// ---------------------------------------------------------------------------
// xcred proxy: median latency it adds. The same signed request, sequentially,
// alternately straight to the emulator and through the proxy in front of it,
// each over its own keep-alive connection.
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

