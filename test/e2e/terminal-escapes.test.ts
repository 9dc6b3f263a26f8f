import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEXC_DOC_ENV, runCli } from '../helpers.js';

// A hostile server (or a pasted log) puts terminal control sequences in the
// text xcred prints: window title, clear screen, hidden hyperlinks, a carriage
// return that overwrites the line with a fake "✓ OK", a right-to-left override.
// None reaches the terminal raw: each is shown as a visible escape.

const EVIL = '\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\x1b[0m \x1b]8;;http://evil/\x07link\x1b]8;;\x07 \r\x1b[Kfake OK \u202egnp.exe \x9b2J';
const RAW = ['\x1b', '\x07', '\r', '\u202e', '\x9b'];

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith('/api/v3/time')) {
      res.setHeader('Content-Type', 'application/json');
      return res.end(JSON.stringify({ serverTime: Date.now() }));
    }
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: 700002, msg: EVIL }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('control sequences from outside never reach the terminal raw', () => {
  it.each([
    [['diagnose', 'mexc', '--verbose', '--ip-service', 'IP']],
    [['diagnose', 'mexc', '--format', 'md', '--ip-service', 'IP']],
    [['test-auth', 'mexc']],
    [['sign', 'mexc', '--send']],
  ])('xcred %j against a hostile server', async (args) => {
    const r = await runCli([...args.map((a) => (a === 'IP' ? `${base}/ip` : a)), '--base-url', base, '--timeout', '2000'], { env: MEXC_DOC_ENV });
    for (const ch of RAW) {
      expect(r.stdout).not.toContain(ch);
      expect(r.stderr).not.toContain(ch);
    }
    // sign shows the body as sent (JSON-escaped); the others decode the message and show its escapes.
    if (args[0] !== 'sign') {
      expect(r.stdout).toContain('\\x1b]0;PWNED\\x07');
      expect(r.stdout).toContain('\\u202egnp.exe');
    }
  });

  it('--json keeps the message as data: the same string after parsing, no raw control byte in the document', async () => {
    const r = await runCli(['test-auth', 'mexc', '--json', '--base-url', base], { env: MEXC_DOC_ENV });
    for (const ch of RAW) expect(r.stdout).not.toContain(ch);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(EVIL).slice(1, -1).slice(0, 20));
  });

  it('a pasted log with colour codes is explained, its escapes shown, not run', async () => {
    const r = await runCli(['explain', 'mexc', '-'], { input: `\x1b[31mERROR\x1b[0m {"code":700002,"msg":"Signature for this request is not valid."}\x1b]0;T\x07\n` });
    expect(r.code).toBe(0);
    for (const ch of RAW) expect(r.stdout).not.toContain(ch);
  });

  it('in colour on a terminal, xcred keeps its own colour: the unit under the boundary', async () => {
    const { neutralizeControls } = await import('../../src/render/terminal-safe.js');
    expect(neutralizeControls('\x1b[32m✓\x1b[39m ok \x1b]0;T\x07', true)).toBe('\x1b[32m✓\x1b[39m ok \\x1b]0;T\\x07');
    expect(neutralizeControls('\x1b[32m✓\x1b[39m', false)).toBe('\\x1b[32m✓\\x1b[39m');
    expect(neutralizeControls('tab\tand\nnewline', false)).toBe('tab\tand\nnewline');
  });
});
