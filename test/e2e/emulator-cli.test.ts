import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers.js';

describe('xcred emulator (the command)', () => {
  it('prints its URLs and demo keys as one JSON document, logs each request with its verdict, stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--json', '--scenario', 'wrong-secret'], { env: { PATH: process.env.PATH!, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const info = await new Promise<{ urls: Record<string, string>; scenario: string; env: string[] }>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // not complete yet
        }
      });
    });
    expect(info.scenario).toBe('wrong-secret');
    expect(info.env).toContain('MEXC_API_KEY=mx0vglXcredDemo001');

    const env = Object.fromEntries(info.env.map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const r = await runCli(['sign', 'mexc', '--send', '--json'], { env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.response).toMatchObject({ status: 400, explanation: { code: '700002', category: 'signature' } });

    await new Promise((res) => setTimeout(res, 100));
    expect(stderr).toMatch(/GET\s+\/api\/v3\/account\s+400\s+✗ 700002/);
    child.kill('SIGINT');
    const code = await new Promise((res) => child.on('close', res));
    expect(code).toBe(0);
    expect(stdout.trim().startsWith('{') && stdout.trim().endsWith('}')).toBe(true); // nothing but the one document
  });
});
