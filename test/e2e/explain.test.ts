import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

describe('xcred explain', () => {
  it('explains a code', async () => {
    const r = await runCli(['explain', 'mexc', '700002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('700002: Signature for this request is not valid.');
    expect(r.stdout).toContain('Likely causes');
    expect(r.stdout).toContain('How to fix');
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

  it('exits 2 on malformed input', async () => {
    for (const input of ['{"code":', '[1,2]', '{"foo":1}']) {
      const r = await runCli(['explain', 'mexc', input]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
