// Golden outputs: every command's text, JSON and Markdown, captured from a
// build and compared with every later build (test/golden.test.ts), so work
// on how xcred starts, loads and prints (issue 18) cannot change what it
// prints. `npm run golden` rewrites test/golden/*.txt from the current build.
//
// A case is one command (argv, optional stdin and environment) or a short
// bash script (stateful sequences: creds, encrypt then decrypt; background
// servers: the emulator, the proxy), run in a fresh sandbox like the README's
// examples: an empty working directory and HOME, `xcred` on PATH, NO_COLOR=1,
// COLUMNS=100, XCRED_IP_SERVICES pointing at a running emulator's IP echo and
// HTTPS_PROXY/HTTP_PROXY set to a dead local port, so nothing reaches the
// internet. stdout, stderr and the exit status are recorded separately.
//
// Comparison: the README harness's masks (ports, timings, dates, clock
// direction, envelopes; scripts/readme-examples.mjs) plus the JSON forms of
// the same values, then whitespace collapsed, as the README does (widths and
// wrapping follow the masked values). Cases marked `exact` have nothing that
// varies from run to run: they are compared line for line, whitespace and
// all.

import { sandboxEnv } from './sandbox-env.mjs';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MASKS, NOW_MASKS, ROOT } from './readme-examples.mjs';
import { generateBotLog } from './gen-bot-log.mjs';

export const GOLDEN_DIR = join(ROOT, 'test', 'golden');
const BIN = join(ROOT, 'bin', 'xcred.cjs');

const TS = '1644489390087';
const MEXC = { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' };
const CRO = { CRYPTOCOM_API_KEY: 'XcredDemoKey0000000001', CRYPTOCOM_API_SECRET: 'cxakp_XcredDemoSecret0000001' };
const COLOR = { FORCE_COLOR: '1', NO_COLOR: '' };
const VAULT = { XCRED_VAULT_PASSPHRASE: 'correct-horse-battery', XCRED_SCRYPT_LOGN: '10' };
const SMALL_LOG = generateBotLog({ bytes: 48 * 1024, seed: 18 }).text;

/** A signed MEXC spot GET sent by a "bot" (node), to the base URL in $1; $2 "bad" signs with the wrong secret. */
const BOT = `
const [base, how] = process.argv.slice(1);
const { createHmac } = require('node:crypto');
const q = 'symbol=BTCUSDT&recvWindow=5000&timestamp=' + Date.now();
const secret = how === 'bad' ? '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f5X' : process.env.MEXC_SECRET_KEY;
const sig = createHmac('sha256', secret).update(q).digest('hex');
fetch(base + '/api/v3/openOrders?' + q + '&signature=' + sig, { headers: { 'X-MEXC-APIKEY': process.env.MEXC_API_KEY } })
  .then(async (r) => console.log('bot: HTTP ' + r.status + ' ' + (await r.text()).slice(0, 120)));
`;

/** A minimal CONNECT proxy (what undici's ProxyAgent speaks): prints its URL, then tunnels. */
const CONNECT_PROXY = `
const net = require('node:net');
const server = net.createServer((client) => {
  client.on('error', () => {});
  client.once('data', (head) => {
    const m = /^CONNECT ([^:]+):(\\d+) /.exec(head.toString());
    if (!m) return client.destroy();
    const up = net.connect(Number(m[2]), m[1], () => {
      client.write('HTTP/1.1 200 Connection established\\r\\n\\r\\n');
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
  });
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;
const WITH_PROXY = (cmds) => `
node -e "$CONNECT_PROXY" > px.out & ppid=$!
while ! [ -s px.out ]; do sleep 0.05; done
px=$(head -1 px.out)
${cmds}
kill $ppid`;

const sign = (name, args, extra = {}) => ({ name, args: ['sign', ...args], env: { ...MEXC, ...CRO }, exact: true, ...extra });
const diag = (name, args, extra = {}) => ({ name, args: ['diagnose', ...args], ...extra });

/** Every case: `name` is its golden file. */
export const CASES = [
  // --- version, help, usage errors ------------------------------------------
  { name: 'version', args: ['--version'], exact: true },
  { name: 'version-short-v', args: ['-v'], exact: true },
  { name: 'version-json', args: ['--version', '--json'], exact: true },
  { name: 'no-command', args: [], exact: true },
  { name: 'no-command-json', args: ['--json'], exact: true },
  { name: 'help', args: ['--help'], exact: true },
  { name: 'help-command', args: ['help'], exact: true },
  { name: 'help-json', args: ['help', '--json'], exact: true },
  { name: 'help-narrow', args: ['--help'], env: { COLUMNS: '50' }, exact: true },
  ...['diagnose', 'test-auth', 'check-ip', 'sign', 'explain', 'proxy', 'renew-hint', 'creds', 'encrypt', 'decrypt', 'fingerprint', 'emulator', 'help'].map((c) => ({
    name: `help-${c}`,
    args: [c, '--help'],
    exact: true,
  })),
  ...['add', 'list', 'show', 'remove', 'lint'].map((c) => ({ name: `help-creds-${c}`, args: ['help', 'creds', c], exact: true })),
  { name: 'help-diagnose-json', args: ['diagnose', '--help', '--json'], exact: true },
  { name: 'help-creds-lint-json', args: ['creds', 'lint', '--help', '--json'], exact: true },
  { name: 'help-unknown', args: ['help', 'nope'], exact: true },
  { name: 'help-close', args: ['help', 'creds', 'lnt'], exact: true },
  { name: 'creds-no-subcommand', args: ['creds'], exact: true },
  { name: 'unknown-command', args: ['diagnos', 'mexc'], exact: true },
  { name: 'unknown-command-json', args: ['diagnos', 'mexc', '--json'], exact: true },
  { name: 'unknown-option', args: ['diagnose', 'mexc', '--env-fil', 'x'], exact: true },
  { name: 'unknown-option-json', args: ['sign', 'mexc', '--bogus', '--json'], exact: true },
  { name: 'missing-argument', args: ['sign'], exact: true },
  { name: 'bad-choice', args: ['diagnose', 'mexc', '--format', 'html'], exact: true },
  { name: 'unknown-exchange', args: ['sign', 'binance'], exact: true },
  { name: 'program-option-before-command', args: ['--json', 'explain', 'mexc', '700002'], exact: true },

  // --- sign -------------------------------------------------------------------
  sign('sign-mexc', ['mexc', '--dry-run', '--timestamp', TS]),
  sign('sign-mexc-json', ['mexc', '--dry-run', '--timestamp', TS, '--json']),
  sign('sign-mexc-verbose', ['mexc', '--timestamp', TS, '--verbose']),
  sign('sign-mexc-color', ['mexc', '--dry-run', '--timestamp', TS], { env: { ...MEXC, ...COLOR } }),
  sign('sign-mexc-narrow', ['mexc', '--dry-run', '--timestamp', TS], { env: { ...MEXC, COLUMNS: '50' } }),
  sign('sign-mexc-no-color-flag', ['mexc', '--timestamp', TS, '--no-color'], { env: { ...MEXC, ...COLOR } }),
  sign('sign-mexc-order', ['mexc', '--method', 'POST', '--path', '/api/v3/order/test', '--param', 'symbol=BTCUSDT', '--param', 'side=BUY', '--param', 'type=LIMIT', '--param', 'quantity=1', '--param', 'price=11', '--timestamp', TS, '--recv-window', '5000']),
  sign('sign-mexc-sorted-json', ['mexc', '--param', 'symbol=BTCUSDT', '--param', 'limit=10', '--sort', '--timestamp', TS, '--json']),
  sign('sign-mexc-show-key', ['mexc', '--timestamp', TS, '--show-key']),
  sign('sign-mexc-futures', ['mexc-futures', '--method', 'POST', '--path', '/api/v1/private/order/submit', '--body', '{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}', '--timestamp', TS]),
  sign('sign-mexc-futures-json', ['mexc-futures', '--param', 'symbol=BTC_USDT', '--timestamp', TS, '--json']),
  sign('sign-cryptocom', ['cryptocom', '--nonce', TS, '--params', '{"instrument_name":"BTC_USDT","price":8000.0,"quantity":"1"}']),
  sign('sign-cryptocom-json', ['cryptocom', '--nonce', TS, '--id', '11', '--path', 'private/get-order-detail', '--params', '{"order_id":"1"}', '--json']),
  sign('sign-cryptocom-v2', ['cryptocom', '--api-version', 'v2', '--nonce', TS]),
  sign('sign-no-credentials', ['mexc', '--timestamp', TS], { env: {} }),
  sign('sign-no-credentials-json', ['mexc', '--timestamp', TS, '--json'], { env: {} }),
  sign('sign-contradiction', ['mexc', '--send', '--dry-run']),
  sign('sign-bad-method', ['mexc', '--method', 'FETCH']),
  sign('sign-secret-stdin', ['mexc', '--api-key', 'mx0vglXcredDemo001', '--secret-stdin', '--timestamp', TS], { env: {}, input: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50\n' }),
  sign('sign-dotenv', ['mexc', '--dotenv', 'crypto.env', '--timestamp', TS], {
    env: {},
    files: { 'crypto.env': 'MEXC_API_KEY=mx0vglXcredDemo001\nMEXC_SECRET_KEY="7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50 "\n' },
  }),
  // MEXC spot bodies (main 0ffe963): a form body signed after the query, a JSON body not signed (with a note), GET with a body refused.
  sign('sign-mexc-form-body', ['mexc', '--method', 'POST', '--path', '/api/v3/order/test', '--param', 'symbol=BTCUSDT', '--body', 'side=BUY&type=MARKET&quantity=1', '--timestamp', TS]),
  sign('sign-mexc-json-body-json', ['mexc', '--method', 'POST', '--path', '/api/v3/broker/sub-account', '--body', '{"subAccount":"bot1"}', '--timestamp', TS, '--json']),
  sign('sign-mexc-get-body', ['mexc', '--body', 'a=1', '--timestamp', TS]),
  { name: 'sign-send', args: ['sign', 'mexc', '--send'], emulator: true, signsNow: true },
  { name: 'sign-send-json', args: ['sign', 'mexc', '--send', '--json'], emulator: true, signsNow: true },
  { name: 'sign-send-refused', args: ['sign', 'mexc', '--send', '--method', 'POST', '--path', '/api/v3/order', '--param', 'symbol=BTCUSDT'], emulator: true, signsNow: true },

  // --- diagnose -----------------------------------------------------------------
  diag('diagnose-emulator', ['mexc', '--emulator']),
  diag('diagnose-emulator-json', ['mexc', '--emulator', '--json']),
  diag('diagnose-emulator-md', ['mexc', '--emulator', '--format', 'md']),
  diag('diagnose-emulator-verbose', ['mexc', '--emulator', '--verbose']),
  diag('diagnose-emulator-color', ['mexc', '--emulator'], { env: COLOR }),
  ...['wrong-secret', 'ip-not-whitelisted', 'clock-ahead', 'no-trade-permission', 'invalid-key', 'expired-key', 'rate-limited', 'outage'].flatMap((s) => [
    diag(`diagnose-emulator-${s}`, ['mexc', '--emulator', s]),
    diag(`diagnose-emulator-${s}-json`, ['mexc', '--emulator', s, '--json']),
    diag(`diagnose-emulator-${s}-md`, ['mexc', '--emulator', s, '--format', 'md']),
  ]),
  diag('diagnose-futures-emulator', ['mexc-futures', '--emulator']),
  diag('diagnose-futures-emulator-wrong-secret-json', ['mexc-futures', '--emulator', 'wrong-secret', '--json']),
  diag('diagnose-cryptocom-emulator', ['cryptocom', '--emulator']),
  diag('diagnose-cryptocom-emulator-md', ['cryptocom', '--emulator', 'clock-behind', '--format', 'md']),
  diag('diagnose-cryptocom-v2-emulator', ['cryptocom', '--api-version', 'v2', '--emulator', 'no-read-permission']),
  diag('diagnose-spawned-emulator', ['mexc'], { emulator: true }),
  diag('diagnose-spawned-emulator-json', ['mexc', '--json', '--whitelist', '203.0.113.0/24'], { emulator: true }),
  diag('diagnose-spawned-emulator-md', ['cryptocom', '--format', 'md', '--created', '30d'], { emulator: true }),
  diag('diagnose-spawned-emulator-verbose', ['mexc-futures', '--verbose', '--no-trade-probe'], { emulator: true }),
  diag('diagnose-no-credentials', ['mexc', '--base-url', 'EMULATOR_MEXC'], { emulator: 'urls-only' }),
  diag('diagnose-refused', ['mexc', '--base-url', 'http://127.0.0.1:9', '--timeout', '2000'], { env: MEXC }),
  diag('diagnose-refused-json', ['mexc', '--base-url', 'http://127.0.0.1:9', '--timeout', '2000', '--json'], { env: MEXC }),
  diag('diagnose-dead-proxy', ['mexc', '--proxy', 'http://127.0.0.1:9', '--timeout', '2000'], { emulator: true }),
  diag('diagnose-dead-proxy-json', ['mexc', '--proxy', 'http://user:pw@127.0.0.1:9', '--timeout', '2000', '--json'], { emulator: true }),
  { name: 'diagnose-via-proxy', emulator: true, sh: WITH_PROXY('xcred diagnose mexc --proxy "$px"; echo "exit $?"\nHTTPS_PROXY=$px HTTP_PROXY=$px NO_PROXY= xcred diagnose cryptocom --json; echo "exit $?"') },
  { name: 'check-ip-via-proxy', sh: WITH_PROXY('xcred check-ip --proxy "$px"; echo "exit $?"\nHTTP_PROXY=$px NO_PROXY= xcred check-ip --json; echo "exit $?"') },
  // Key and secret swapped (main 6100768): no authenticated request, the public probes still run.
  diag('diagnose-swapped-json', ['mexc', '--json'], { emulator: true, env: { MEXC_API_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50', MEXC_SECRET_KEY: 'mx0vglXcredDemo001' } }),
  // A v1 base URL asked to serve v2 (main a6126dc): a usage error naming both ways out.
  diag('diagnose-v1-url-for-v2', ['cryptocom', '--api-version', 'v2'], { emulator: true }),
  diag('diagnose-malformed-base-url', ['mexc', '--base-url', 'notaurl'], { env: MEXC, exact: true }),
  diag('diagnose-bad-whitelist', ['mexc', '--emulator', '--whitelist', '300.1.1.1']),
  diag('diagnose-narrow', ['mexc', '--emulator', 'wrong-secret'], { env: { COLUMNS: '60' } }),

  // --- test-auth, check-ip ------------------------------------------------------------
  { name: 'test-auth', args: ['test-auth', 'mexc'], emulator: true },
  { name: 'test-auth-trade-json', args: ['test-auth', 'mexc', '--trade', '--json'], emulator: true },
  { name: 'test-auth-cryptocom', args: ['test-auth', 'cryptocom', '--trade'], emulator: true },
  { name: 'test-auth-emulator-wrong-secret', args: ['test-auth', 'mexc', '--emulator', 'wrong-secret'] },
  { name: 'test-auth-emulator-json', args: ['test-auth', 'mexc-futures', '--emulator', 'expired-key', '--json'] },
  { name: 'check-ip', args: ['check-ip'], emulator: 'urls-only' },
  { name: 'check-ip-json', args: ['check-ip', '--json'], emulator: 'urls-only' },
  { name: 'check-ip-whitelisted', args: ['check-ip', '--whitelist', '203.0.113.10'], emulator: 'urls-only' },
  { name: 'check-ip-not-whitelisted-json', args: ['check-ip', '--whitelist', '10.0.0.0/8,192.0.2.1', '--json'], emulator: 'urls-only' },
  // Wide enough that the time column never wraps (the README's masks cannot see "16 │ ms" as a timing).
  { name: 'check-ip-dead-service', args: ['check-ip', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '2000'], env: { COLUMNS: '160' } },

  // --- explain ----------------------------------------------------------------------------
  { name: 'explain-code', args: ['explain', 'mexc', '700002'], exact: true },
  { name: 'explain-code-json', args: ['explain', 'mexc', '700002', '--json'], exact: true },
  { name: 'explain-code-color', args: ['explain', 'mexc', '700002'], env: COLOR, exact: true },
  { name: 'explain-code-verbose', args: ['explain', 'cryptocom', '40101', '--verbose'], exact: true },
  { name: 'explain-message', args: ['explain', 'mexc', 'Signature for this request is not valid.'], exact: true },
  { name: 'explain-pasted-json', args: ['explain', 'mexc', '--json', '{"code":700006,"msg":"IP [203.0.113.7] not in the ip white list"}'], exact: true },
  { name: 'explain-stdin', args: ['explain', 'cryptocom', '-'], input: 'HTTP/1.1 401 Unauthorized\ncontent-type: application/json\n\n{"code":40101,"message":"Authentication failure"}\n', exact: true },
  { name: 'explain-v2-json', args: ['explain', 'cryptocom', '--api-version', 'v2', '--json', '10007'], exact: true },
  { name: 'explain-futures', args: ['explain', 'mexc-futures', '602'], exact: true },
  { name: 'explain-unknown', args: ['explain', 'mexc-futures', '7777'], exact: true },
  { name: 'explain-unknown-json', args: ['explain', 'mexc-futures', '--json', '7777'], exact: true },
  { name: 'explain-other-exchange', args: ['explain', 'cryptocom', 'mexc {"code":700002,"msg":"Signature for this request is not valid."}'], exact: true },
  { name: 'explain-status', args: ['explain', 'mexc', '--status', '403', 'Forbidden'], exact: true },
  { name: 'explain-log', args: ['explain', 'mexc', '--file', 'bot.log'], files: { 'bot.log': SMALL_LOG }, exact: true },
  { name: 'explain-log-json', args: ['explain', 'mexc', '--file', 'bot.log', '--json'], files: { 'bot.log': SMALL_LOG }, exact: true },
  { name: 'explain-log-stdin', args: ['explain', 'mexc', '-'], input: SMALL_LOG, exact: true },
  { name: 'explain-empty', args: ['explain', 'mexc', ' '], exact: true },
  { name: 'explain-missing-file', args: ['explain', 'mexc', '--file', 'nope.log'], exact: true },

  // --- renew-hint --------------------------------------------------------------------------
  { name: 'renew-hint-fresh', args: ['renew-hint', 'mexc', '--created', '30d'] },
  { name: 'renew-hint-window-json', args: ['renew-hint', 'mexc', '--created', '87d', '--json'] },
  { name: 'renew-hint-expired', args: ['renew-hint', 'mexc', '--created', '120d'] },
  { name: 'renew-hint-ip-bound', args: ['renew-hint', 'mexc', '--created', '120d', '--ip-bound'] },
  { name: 'renew-hint-cryptocom', args: ['renew-hint', 'cryptocom', '--created', '400d', '--rotate-days', '365'] },
  { name: 'renew-hint-unknown', args: ['renew-hint', 'mexc'] },
  { name: 'renew-hint-ics', sh: 'xcred renew-hint mexc --created 85d --ics renew.ics && grep -c BEGIN renew.ics' },
  { name: 'renew-hint-web-token', args: ['renew-hint', 'mexc', '--web-token'], input: 'WEB' + 'a1b2c3d4'.repeat(8) + '\n' },
  { name: 'renew-hint-bad-token-json', args: ['renew-hint', 'mexc', '--web-token', '--json'], input: 'not-a-token\n' },

  // --- creds ----------------------------------------------------------------------------------
  {
    name: 'creds-vault',
    env: VAULT,
    sh: [
      "printf 'mx0vglXcredDemo001\\n7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50\\n' | xcred creds add mexc --store vault --created 2025-01-02",
      "printf 'XcredDemoKey0000000001\\ncxakp_XcredDemoSecret0000001\\n' | xcred creds add cryptocom --store vault --profile bot --ip-bound --json",
      "printf 'mx0vglXcredDemo002\\n7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f51\\n' | xcred creds add mexc --store vault",
      'xcred creds list',
      'xcred creds list --json',
      'xcred creds show mexc',
      'xcred creds show cryptocom --profile bot --json',
      'xcred creds lint mexc',
      'xcred creds lint --json',
      `xcred sign mexc --timestamp ${TS}`,
      'xcred creds remove cryptocom --profile bot',
      'xcred creds remove cryptocom --profile bot',
      'xcred creds list',
    ].join('\n'),
  },
  {
    name: 'creds-lint-dotenv',
    files: { '.env': 'MEXC_API_KEY="mx0vglXcredDemo001\nMEXC_SECRET_KEY=7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50 # secret\n' },
    sh: 'xcred creds lint mexc; xcred creds lint mexc --json',
  },
  { name: 'creds-list-empty', args: ['creds', 'list'], exact: true },
  { name: 'creds-show-missing', args: ['creds', 'show', 'mexc'], exact: true },

  // --- encrypt, decrypt, fingerprint --------------------------------------------------------
  {
    name: 'encrypt-decrypt',
    env: { PW: 'a long passphrase', MASTER: 'Wn3PvhLOYk0QpFdod9qUDRRik9cI8jD3noi0TgrTJ1M=', XCRED_SCRYPT_LOGN: '10' },
    sh: [
      "printf 'MEXC_SECRET_KEY=0123456789abcdef0123456789abcdef\\n' > plain.env",
      'xcred encrypt --in plain.env --passphrase-env PW > sealed.txt; echo "encrypt: $?"; cat sealed.txt',
      'xcred decrypt --in sealed.txt --passphrase-env PW',
      'xcred decrypt --in sealed.txt --passphrase-env PW --json',
      'xcred encrypt --in plain.env --key-env MASTER --json',
      'xcred encrypt --in plain.env --key-env MASTER --out sealed2.txt; echo "out: $?"',
      'xcred encrypt --in plain.env --key-env MASTER --out sealed2.txt',
      'xcred decrypt --in sealed2.txt --key-env MASTER',
      'PW=wrong xcred decrypt --in sealed.txt --passphrase-env PW',
      'xcred decrypt --in plain.env --key-env MASTER',
      'xcred encrypt --generate-key | wc -c',
    ].join('\n'),
  },
  { name: 'fingerprint', args: ['fingerprint'], input: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50\n', exact: true },
  { name: 'fingerprint-json', args: ['fingerprint', '--json'], input: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50', exact: true },
  { name: 'fingerprint-env', args: ['fingerprint', '--env', 'MEXC_SECRET_KEY'], env: MEXC, exact: true },
  { name: 'fingerprint-empty', args: ['fingerprint'], input: '', exact: true },

  // --- emulator, proxy: long-running, in the background ------------------------------------------
  {
    name: 'emulator-text',
    env: MEXC,
    sh: `
xcred emulator --port 0 --scenario wrong-secret > emu.out 2> emu.err & pid=$!
while ! grep -qs 'Ctrl-C stops' emu.out; do sleep 0.05; done
base=$(sed -n 's/^  .*MEXC_BASE_URL=//p' emu.out)
node -e "$BOT" "$base"
kill -INT $pid; wait $pid; echo "emulator exited $?"
cat emu.out; cat emu.err >&2`,
  },
  {
    name: 'emulator-json',
    env: MEXC,
    sh: `
xcred emulator --port 0 --json > emu.out 2> emu.err & pid=$!
while ! grep -qs listening emu.out; do sleep 0.05; done
base=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("emu.out","utf8").split("\\n")[0]).urls["mexc-spot"])')
node -e "$BOT" "$base"
node -e "$BOT" "$base" bad
kill -INT $pid; wait $pid; echo "emulator exited $?"
cat emu.out; cat emu.err >&2`,
  },
  {
    name: 'proxy-text',
    emulator: true,
    sh: `
xcred proxy mexc --port 0 --count 2 > proxy.out 2> proxy.err & pid=$!
while ! grep -qs 'Listening on' proxy.out; do sleep 0.05; done
origin=$(sed -n 's/.*Listening on *\\(http:[^ ]*\\).*/\\1/p' proxy.out | head -1)
node -e "$BOT" "$origin"
node -e "$BOT" "$origin" bad
wait $pid; echo "proxy exited $?"
cat proxy.out; cat proxy.err >&2`,
  },
  {
    name: 'proxy-json',
    emulator: true,
    sh: `
xcred proxy mexc --port 0 --count 2 --json > proxy.out 2> proxy.err & pid=$!
while ! grep -qs listening proxy.out; do sleep 0.05; done
origin=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("proxy.out","utf8").split("\\n")[0]).botBaseUrl)')
node -e "$BOT" "$origin"
node -e "$BOT" "$origin" bad
wait $pid; echo "proxy exited $?"
cat proxy.out; cat proxy.err >&2`,
  },
];

// --- Masks ------------------------------------------------------------------------------------
// The README's, plus what only JSON and the other commands show.
const JSON_MASKS = [
  [/"(ms|durationMs|latencyMs|offsetMs|uncertaintyMs|rttMs|elapsedMs|addedMs|totalMs|[a-zA-Z]*Ms)":\s*-?\d+(\.\d+)?/g, '"$1": <n>'],
  [/"(port)":\s*\d+/g, '"$1": <port>'],
  [/"(time|at|startedAt|createdAt|expiresAt|renewFrom|remindAt|nextAlarm)":\s*"[^"]*"/g, '"$1": "<time>"'],
  [/"(ageDays|daysLeft|days|daysUntil[A-Za-z]*|[a-zA-Z]*Days)":\s*-?\d+/g, '"$1": <n>'],
  [/"(ahead|behind)"/g, '"<direction>"'],
  [/\b(ahead of|behind) the exchange\b/g, '<direction> the exchange'],
  [/"generatedKey": "[A-Za-z0-9+/=]+"/g, '"generatedKey": "<key>"'],
];
/** Values that change with the time of day in a signed request (for signs-now cases). */
const TIME_MASKS = [...NOW_MASKS, [/\b1\d{12}\b/g, '<ms>']];

const WHITESPACE = (rule) => String(rule[0]) === String(/\s+/g) || String(rule[0]) === String(/[─━]+/g);

export function maskGolden(text, kase) {
  const rules = [...(kase.signsNow ? TIME_MASKS : []), ...JSON_MASKS, ...MASKS];
  const used = kase.exact ? rules.filter((r) => !WHITESPACE(r)) : rules;
  const out = used.reduce((t, [re, to]) => t.replace(re, to), text);
  return kase.exact ? out.replace(/[ \t]+$/gm, '') : out.trim();
}

// --- Running ---------------------------------------------------------------------------------------

const shq = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Run one case in a fresh sandbox: its transcript (the golden file's text). */
export async function runCase(kase, emulator) {
  const root = mkdtempSync(join(tmpdir(), 'xcred-golden-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  const bin = join(root, 'bin');
  for (const d of [home, work, bin]) mkdirSync(d, { recursive: true });
  symlinkSync(BIN, join(bin, 'xcred'));
  for (const [name, text] of Object.entries(kase.files ?? {})) writeFileSync(join(work, name), text, { mode: 0o600 });
  const emulatorEnv = kase.emulator === true ? emulator.env : {};
  const env = {
    ...sandboxEnv({ bin, home, ipEcho: emulator.urls.ipEcho }),
    BOT,
    CONNECT_PROXY,
    ...emulatorEnv,
    ...kase.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === '') delete env[k];
  const args = (kase.args ?? []).map((a) => (a === 'EMULATOR_MEXC' ? emulator.urls['mexc-spot'] : a));
  const [file, argv] = kase.sh ? ['bash', ['-c', kase.sh]] : [process.execPath, [BIN, ...args]];
  try {
    const child = spawn(file, argv, { cwd: work, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    child.stdin.end(kase.input ?? '');
    // A case that hangs is killed with everything it started (its process group).
    const guard = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 30_000);
    const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(guard);
    const clean = (s) => s.split(home).join('~').split(work + '/').join('').split(work).join('.');
    const command = kase.sh ? kase.sh.trim() : `xcred ${args.map((a) => (/^[\w./:=@,-]+$/.test(a) ? a : shq(a))).join(' ')}`;
    return [`$ ${command}`, `[exit ${code}]`, '--- stdout', clean(stdout), '--- stderr', clean(stderr)].join('\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Run cases a few at a time. */
export async function runCases(cases, emulator, concurrency = 3) {
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], emulator);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
