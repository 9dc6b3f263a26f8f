import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';
import { runCli } from '../helpers.js';

// Issue #13 items 7, 11 and 19: the live answer has the last word, an HTML
// page is not the exchange, and the verdict's words are right.

let emu: RunningEmulator;
let portal: Server;
let portalUrl: string;
beforeAll(async () => {
  emu = await startEmulator({ scenario: 'ok' });
  // A captive portal: every URL answers 200 with a login page.
  portal = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head><body>Please log in</body></html>');
  });
  await new Promise<void>((r) => portal.listen(0, '127.0.0.1', () => r()));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => portal.close(r));
});

const json = (stdout: string) => JSON.parse(stdout) as { exitCode: number; rootCause: { category: string } | null; checks: Array<{ id: string; status: string; summary: string }>; nextSteps: string[]; hypotheses: Array<{ category: string }> };
const checkOf = (r: ReturnType<typeof json>, id: string) => r.checks.find((c) => c.id === id)!;

describe('a key the exchange accepts is not a problem because of a detail the user supplied (#13.7)', () => {
  it('an old --created date and a --whitelist without the egress IP: exit 0 with warnings that name the supplied detail', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', '--created', '2020-01-01', '--whitelist', '1.2.3.4', '--json']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(checkOf(report, 'key-age')).toMatchObject({ status: 'warn' });
    expect(checkOf(report, 'key-age').summary).toContain('the creation date you gave (--created) looks wrong');
    expect(checkOf(report, 'egress-ip')).toMatchObject({ status: 'warn' });
    expect(checkOf(report, 'egress-ip').summary).toContain('the whitelist you gave (--whitelist / XCRED_IP_WHITELIST) looks out of date');
  });

  it('a trailing space in the API key that the header trimmed: exit 0, and the value is still flagged', async () => {
    const r = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json'], {
      env: { MEXC_API_KEY: `${DEMO_KEYS.mexc.apiKey} `, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret },
    });
    expect(r.code).toBe(0);
    const creds = checkOf(json(r.stdout), 'credentials');
    expect(creds.status).toBe('warn');
    expect(creds.summary).toMatch(/trailing whitespace.*yet the exchange accepted the key/);
  });

  it('a refused trade stays a problem', async () => {
    expect((await runCli(['diagnose', 'mexc', '--emulator', 'no-trade-permission'])).code).toBe(1);
  });
});

describe('an HTML page is not the exchange (#13.11)', () => {
  it('a captive portal answering 200: the answer did not come from the exchange, exit 3, and the steps point at the base URL or proxy', async () => {
    const r = await runCli(['diagnose', 'mexc', '--base-url', portalUrl, '--ip-service', emu.urls.ipEcho, '--json'], {
      env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret },
    });
    expect(r.code).toBe(3);
    const report = json(r.stdout);
    expect(checkOf(report, 'connectivity')).toMatchObject({ status: 'fail' });
    expect(checkOf(report, 'connectivity').summary).toContain("HTML page: the answer did not come from the exchange's API");
    expect(report.rootCause!.category).toBe('not-the-exchange');
    expect(report.nextSteps.join('\n')).toMatch(/captive portal.*wrong base URL/);
    expect(report.nextSteps.join('\n')).toContain('HTTPS_PROXY');
    expect(JSON.stringify(report)).not.toMatch(/try (again )?later/i);
  });
});

describe('the verdict says the right thing (#13.19)', () => {
  it('rate limited: gives the Retry-After time, and the clock check does not blame the base URL', async () => {
    const r = json((await runCli(['diagnose', 'mexc', '--emulator', 'rate-limited', '--json'])).stdout);
    expect(r.exitCode).toBe(3);
    expect(r.nextSteps[0]).toContain("Wait 2 s (the exchange's Retry-After)");
    const clock = checkOf(r, 'clock') as { summary: string; hint?: string | null };
    expect(clock.summary).toContain('rate limited');
    expect(JSON.stringify(clock)).not.toContain('base URL');
  });

  it('an IP-whitelist refusal (the key is IP-bound) does not suggest the key expired for lack of a bound IP', async () => {
    const r = json((await runCli(['diagnose', 'mexc', '--emulator', 'ip-not-whitelisted', '--json'])).stdout);
    expect(r.rootCause!.category).toBe('ip-whitelist');
    expect(r.hypotheses.map((h) => h.category)).not.toContain('expired-key');
    expect(JSON.stringify(r)).not.toContain('no IP bound expires');
  });

  it('next steps name a complete command, with the API version where it is not the default', async () => {
    const r = json((await runCli(['diagnose', 'cryptocom', '--api-version', 'v2', '--emulator', 'outage', '--json'])).stdout);
    expect(r.nextSteps.join('\n')).toContain('`xcred diagnose cryptocom --api-version v2`');
  });

  it('no answer in time: exit 3, and the first step says how to wait longer (--timeout), as a complete command', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'slow', '--timeout', '200', '--json']);
    expect(r.code).toBe(3);
    expect(json(r.stdout).nextSteps[0]).toContain('run `xcred diagnose mexc --timeout 30000`');
  });

  it('a passing diagnosis points a still-refused bot at xcred proxy, with the API version', async () => {
    const mexc = json((await runCli(['diagnose', 'mexc', '--emulator', '--json'])).stdout);
    expect(mexc.exitCode).toBe(0);
    expect(mexc.nextSteps.join('\n')).toContain('If your bot is still refused, run `xcred proxy mexc`');
    const v2 = json((await runCli(['diagnose', 'cryptocom', '--api-version', 'v2', '--emulator', '--json'])).stdout);
    expect(v2.nextSteps.join('\n')).toContain('`xcred proxy cryptocom --api-version v2`');
  });
});

describe('a fault found on this machine is a problem even when the exchange cannot be asked', () => {
  const deadUrl = async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    await new Promise((r) => s.close(r));
    return url;
  };

  it('a secret with a trailing space and nothing listening: exit 1 for the value, the network as the second step', async () => {
    const r = await runCli(['diagnose', 'mexc', '--base-url', await deadUrl(), '--ip-service', emu.urls.ipEcho, '--timeout', '2000', '--json'], {
      env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: `${DEMO_KEYS.mexc.secret} ` },
    });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.rootCause?.category).toBe('credentials-format');
    expect(JSON.stringify(report.rootCause)).toMatch(/could not be asked/);
    expect(report.nextSteps[0]).toMatch(/Fix the value/);
    expect(report.nextSteps.join('\n')).toMatch(/network path/);
  });

  it('placeholders from a README and an exchange in outage: exit 1, not "could not tell"', async () => {
    const outage = await startEmulator({ scenario: 'outage' });
    try {
      const r = await runCli(['diagnose', 'mexc', '--base-url', outage.urls.apis['mexc-spot']!, '--ip-service', outage.urls.ipEcho, '--json'], {
        env: { MEXC_API_KEY: 'your_api_key', MEXC_SECRET_KEY: 'your_secret_key' },
      });
      expect(r.code).toBe(1);
      const report = json(r.stdout);
      expect(report.rootCause?.category).toBe('credentials-format');
      expect(report.nextSteps.join('\n')).toMatch(/status page/);
    } finally {
      await outage.close();
    }
  });

  it('clean values and nothing listening stay "could not tell" (exit 3)', async () => {
    const r = await runCli(['diagnose', 'mexc', '--base-url', await deadUrl(), '--ip-service', emu.urls.ipEcho, '--timeout', '2000', '--json'], {
      env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret },
    });
    expect(r.code).toBe(3);
    expect(json(r.stdout).rootCause?.category).toBe('network');
  });
});

describe('a redirect is not the exchange answering', () => {
  it('302 everywhere: exit 3 (could not tell), not-the-exchange, the target host named without its path, the key never sent on', async () => {
    const hits: string[] = [];
    const redirector = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      res.writeHead(302, { Location: `http://portal.example/login?next=${encodeURIComponent(req.url ?? '')}` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    try {
      const r = await runCli(['diagnose', 'mexc', '--base-url', url, '--ip-service', `${url}/ip`, '--json'], { env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret } });
      expect(r.code).toBe(3);
      const report = json(r.stdout);
      expect(report.rootCause!.category).toBe('not-the-exchange');
      expect(checkOf(report, 'auth-read')).toMatchObject({ status: 'error' });
      expect(checkOf(report, 'auth-read').summary).toContain('a redirect to http://portal.example, not the exchange');
      expect(r.stdout).not.toContain('login?next');
    } finally {
      await new Promise((r) => redirector.close(r));
    }
  });
});
