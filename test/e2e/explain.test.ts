import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateBotLog } from '../../scripts/gen-bot-log.mjs';
import { runCli } from '../helpers.js';

describe('xcred explain', () => {
  it('explains a code', async () => {
    const r = await runCli(['explain', 'mexc', '700002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('700002: Signature for this request is not valid.');
    expect(r.stdout).toContain('Likely causes');
    expect(r.stdout).toContain('How to fix');
  });

  it("names the other exchange whose code a bare code is, instead of guessing a near code", async () => {
    const text = await runCli(['explain', 'mexc', '40101']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("40101 is Crypto.com Exchange v1's code for");
    expect(text.stdout).toContain('xcred explain cryptocom 40101');
    expect(text.stdout).not.toMatch(/nearest|Nothing close/i);
    const json = JSON.parse((await runCli(['explain', 'mexc', '--json', '40101'])).stdout);
    expect(json.nearest).toEqual([]);
    expect(json.errors[0].elsewhere).toEqual([
      expect.objectContaining({ api: 'cryptocom-v1', code: 40101, byCodeOnly: true, command: 'xcred explain cryptocom 40101' }),
    ]);
  });

  it('matches a message fuzzily', async () => {
    const r = await runCli(['explain', 'mexc', '--json', 'Signature for this request is not valid.']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ found: true, code: 700002, category: 'signature', input: 'message' });
  });

  it('pulls the reported IP out of a pasted MEXC response', async () => {
    const r = await runCli(['explain', 'mexc', '--json', '{"code":700006,"msg":"IP [203.0.113.7] not in the ip white list"}']);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ code: 700006, category: 'ip-whitelist', reported: { ip: '203.0.113.7' } });
    expect(out.causes.length).toBeGreaterThan(0);
    expect(out.fixes.length).toBeGreaterThan(0);
    expect(out.related).toContain('xcred check-ip');
  });

  it('reads a response with its HTTP status from standard input', async () => {
    const r = await runCli(['explain', 'cryptocom', '--json', '-'], {
      input: 'HTTP/1.1 401 Unauthorized\ncontent-type: application/json\n\n{"code":40101,"message":"Authentication failure"}\n',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 40101, name: 'UNAUTHORIZED', reported: { httpStatus: 401 } });
  });

  it('uses the v2 table with --api-version v2', async () => {
    const r = await runCli(['explain', 'cryptocom', '--api-version', 'v2', '--json', '10007']);
    expect(JSON.parse(r.stdout)).toMatchObject({ api: 'cryptocom-v2', category: 'clock-skew' });
  });

  it('says plainly when a code is unknown, lists the nearest, exits 1', async () => {
    const r = await runCli(['explain', 'mexc-futures', '--json', '7777']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.found).toBe(false);
    expect(out.nearest).toHaveLength(3);
  });

  it('exits 2 on unusable input, with one line on stderr', async () => {
    for (const args of [['mexc', ' '], ['mexc', '-'], ['mexc', '--file', '/nonexistent/bot.log'], ['mexc', '--file', BINARY], ['mexc', '--file', LOG_FILE, '700002']]) {
      const r = await runCli(['explain', ...args], { input: '' });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a truncated or unparseable paste is not a crash: what can be read is read, else exit 1', async () => {
    const cut = await runCli(['explain', 'mexc', '--json', '{"code":700002,"msg":"Signature for this req']);
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.stdout)).toMatchObject({ code: 700002, errors: [{ match: 'code' }] });
    for (const input of ['{"code":', '[1,2]', '{"foo":1}']) {
      const r = await runCli(['explain', 'mexc', '--json', input]);
      expect(r.code, input).toBe(1);
      expect(JSON.parse(r.stdout).found).toBe(false);
    }
  });

  it('explains a status alone from the exchange table: --status 429 with no body', async () => {
    const r = await runCli(['explain', 'mexc', '--status', '429', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({ code: null, httpStatus: 429, match: 'http-status', category: 'rate-limit', http: { saysNothingAboutKey: true } });
  });

  it('a pasted ccxt exception: exact, with the class and exchange it names', async () => {
    const r = await runCli(['explain', 'mexc', '-'], { input: 'ccxt.base.errors.AuthenticationError: mexc {"code":700007,"msg":"No permission to access the endpoint."}\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('700007: No permission to access the endpoint.');
    expect(r.stdout).toContain('Found by: exact code, and the message is one it sends');
    expect(r.stdout).toContain('From: ccxt.base.errors.AuthenticationError, exchange "mexc"');
  });

  it('labels a guess as a guess, with the other candidates, exit 1', async () => {
    const r = await runCli(['explain', 'mexc', 'Api key expired']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/A guess.*not found exactly/);
    expect(r.stdout).toContain('Other candidates:');
    expect(r.stdout).toContain('xcred explain mexc-futures 402');
  });
});

// A bot log, generated (scripts/gen-bot-log.mjs): ordinary lines with MEXC
// errors in the shapes bots write them, another exchange's errors, CDN pages.
const dir = mkdtempSync(join(tmpdir(), 'xcred-explain-'));
const LOG_FILE = join(dir, 'bot.log');
const BINARY = join(dir, 'core.bin');
const log = generateBotLog({ bytes: 6 * 1024 * 1024, seed: 7 });
writeFileSync(LOG_FILE, log.text);
writeFileSync(BINARY, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));

interface JsonError {
  code: number | null;
  httpStatus: number | null;
  count: number;
  firstLine: number;
  lastLine: number;
  match: string;
  category: string | null;
}

describe('xcred explain on a whole bot log', () => {
  const expectLog = (out: { errors: JsonError[]; otherExchanges: Array<{ exchange: string; code: number; count: number; firstLine: number }>; input: string; source: { lines: number } }) => {
    const e = log.expected;
    expect(out.input).toBe('log');
    expect(out.source.lines).toBe(log.lines);
    const byKey = (k: string) => out.errors.find((x) => (k.startsWith('http-') ? x.code === null && x.httpStatus === Number(k.slice(5)) : x.code === Number(k)))!;
    for (const key of ['700003', '10072', '30051', 'http-403', 'http-429', '999999']) {
      const got = byKey(key);
      expect(got, key).toBeDefined();
      expect(got.count, key).toBe(e[key]!.count);
      expect(got.firstLine, key).toBe(e[key]!.firstLine);
      // The last line is where the error last appears: its entry's first line, or a continuation line below it.
      expect(got.lastLine, key).toBeGreaterThanOrEqual(e[key]!.lastLine);
      expect(got.lastLine - e[key]!.lastLine, key).toBeLessThanOrEqual(3);
    }
    // Most frequent first.
    expect(out.errors.map((x) => x.count)).toEqual([...out.errors.map((x) => x.count)].sort((a, b) => b - a));
    expect(out.errors).toHaveLength(6);
    expect(byKey('700003')).toMatchObject({ match: 'code', category: 'clock-skew', httpStatus: 400 });
    expect(byKey('http-403')).toMatchObject({ match: 'http-status', category: 'exchange-unavailable' });
    expect(byKey('999999')).toMatchObject({ match: 'none' });
    expect(out.otherExchanges).toEqual([expect.objectContaining({ exchange: 'binance', code: -2015, count: e.binance!.count, firstLine: e.binance!.firstLine })]);
  };

  it('--file: every distinct error with its count and first and last line, as a JSON array', async () => {
    const r = await runCli(['explain', 'mexc', '--file', LOG_FILE, '--json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expectLog(JSON.parse(r.stdout));
  }, 60_000);

  it('- reads the same log from standard input, and a gzip-rotated copy reads the same', async () => {
    const piped = await runCli(['explain', 'mexc', '--json', '-'], { input: log.text, timeoutMs: 60_000 });
    expectLog(JSON.parse(piped.stdout));
    const gz = join(dir, 'bot.log.1.gz');
    writeFileSync(gz, gzipSync(log.text));
    const zipped = await runCli(['explain', 'mexc', '--json', '--file', gz], { timeoutMs: 60_000 });
    expectLog(JSON.parse(zipped.stdout));
  }, 90_000);

  it('text: a table of the distinct errors, most frequent first, then the explanation of each', async () => {
    const r = await runCli(['explain', 'mexc', '--file', LOG_FILE], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^MEXC spot v3: 6 distinct errors, \d+ occurrences in the file \([\d,]+ lines\)/);
    expect(lines[2]).toMatch(/#\s+code\s+count\s+lines\s+found by\s+category\s+message/);
    expect(lines[3]).toMatch(/^\s+1\s+700003\s+\d+\s+\d+-\d+\s+exact code\s+clock-skew\s+Timestamp for this request/);
    expect(r.stdout).toContain('binance -2015 Invalid API-key, IP, or permissions for action. ×');
    expect(r.stdout.match(/^── \d+\/6 ─+$/gm)).toHaveLength(6);
    expect(r.stdout).toContain('Page: "Access Denied" from Akamai');
    expect(r.stdout).toContain('Code 999999 is not in xcred\'s MEXC spot v3 knowledge base');
    // Signed URLs in the log never reach the output.
    expect(r.stdout).not.toMatch(/signature=[0-9a-f]{16}/);
  }, 60_000);
});

// Red-team finding: `--file /dev/zero` read without limit (6 GB of memory); a
// FIFO blocked forever. Only a regular file is read, and never past the cap.
describe('xcred explain --file reads only a regular file, within the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xcred-explain-file-'));

  it('a device, a FIFO and a directory: exit 2 at once, one line saying what it is', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const link = join(dir, 'zero-link.log');
    spawnSync('ln', ['-s', '/dev/zero', link]);
    for (const [path, kind] of [['/dev/zero', 'a character device'], [link, 'a character device'], [fifo, 'a FIFO \\(named pipe\\)'], [dir, 'a directory']] as const) {
      const r = await runCli(['explain', 'mexc', '--file', path], { timeoutMs: 10_000 });
      expect([path, r.code, r.stdout]).toEqual([path, 2, '']);
      expect(r.stderr).toMatch(new RegExp(`^xcred: --file ${path} is ${kind}, not a regular file: refusing to read it\\n$`));
    }
  });

  it('a file over 256 MiB is refused from its size, before anything is read', async () => {
    const big = join(dir, 'big.log');
    const fd = openSync(big, 'w');
    closeSync(fd);
    spawnSync('truncate', ['-s', `${256 * 1024 * 1024 + 1}`, big]); // sparse: no disk used
    const r = await runCli(['explain', 'mexc', '--file', big], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`xcred: --file ${big} is larger than 256 MiB; pass a slice (e.g. tail -n 200000 ${big} | xcred explain <exchange> -)\n`);
  });

  it('a missing file is still "no such file"', async () => {
    const r = await runCli(['explain', 'mexc', '--file', join(dir, 'nope.log')]);
    expect([r.code, r.stderr]).toEqual([2, `xcred: cannot read --file ${join(dir, 'nope.log')}: no such file\n`]);
  });
});

