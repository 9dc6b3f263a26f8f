import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers.js';

// `xcred emulator` is long-running: under --json its stdout is NDJSON, one
// complete JSON object per line (the start object, one per request, and a
// "stopped" object on Ctrl-C), and nothing else.

describe('xcred emulator (the command)', () => {
  it('prints its URLs and demo keys as the first NDJSON line, one event per request with its code and finding, stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--json', '--scenario', 'wrong-secret'], { env: { PATH: process.env.PATH!, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const lines = () => stdout.split('\n').filter(Boolean);
    const info = await new Promise<{ type: string; urls: Record<string, string>; scenario: string; env: string[] }>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n')) resolve(JSON.parse(stdout.slice(0, stdout.indexOf('\n'))));
      });
    });
    expect(info.type).toBe('listening');
    expect(info.scenario).toBe('wrong-secret');
    expect(info.env).toContain('MEXC_API_KEY=mx0vglXcredDemo001');

    const env = Object.fromEntries(info.env.map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const r = await runCli(['sign', 'mexc', '--json'], { env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.response).toMatchObject({ status: 400, explanation: { code: '700002', category: 'signature' } });

    for (let i = 0; i < 50 && lines().length < 2; i++) await new Promise((res) => setTimeout(res, 20));
    const event = JSON.parse(lines()[1]!);
    expect(event).toMatchObject({ type: 'request', api: 'mexc-spot', method: 'GET', path: '/api/v3/account', status: 400, code: 700002, apiKey: 'mx0v…o001' });
    // The emulator holds another secret than the one xcred signed with: no variant reproduces the signature.
    expect(event.finding).toMatchObject({ kind: 'no-match', variant: 'no-match' });
    expect(event.finding.sentence).toMatch(/most likely signs with another secret/);
    child.kill('SIGINT');
    const code = await new Promise((res) => child.on('close', res));
    expect(code).toBe(0);
    const all = lines().map((l) => JSON.parse(l) as { type: string });
    expect(all.map((e) => e.type)).toEqual(['listening', 'request', 'stopped']);
    expect(stderr).toBe('');
  });

  it('without --json, logs a line per request and a line saying what the client did wrong', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--scenario', 'clock-ahead'], { env: { PATH: process.env.PATH!, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    for (let i = 0; i < 250 && !/MEXC_BASE_URL=(\S+)/.test(stdout); i++) await new Promise((res) => setTimeout(res, 20));
    const base = /MEXC_BASE_URL=(\S+)/.exec(stdout)![1]!;
    const r = await runCli(['sign', 'mexc'], { env: { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50', MEXC_BASE_URL: base } });
    expect(r.code).toBe(1);
    for (let i = 0; i < 50 && !/clock:/.test(stdout); i++) await new Promise((res) => setTimeout(res, 20));
    child.kill('SIGINT');
    await new Promise((res) => child.on('close', res));
    expect(stdout).toMatch(/GET\s+\/api\/v3\/account\s+400\s+✗ 700003\n\s+✗ clock: The timestamp is [89]\d\.\d s ahead of the exchange clock/);
    expect(stdout).toContain('emulator stopped');
  });
});
