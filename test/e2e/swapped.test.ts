import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_KEYS } from '../apis.js';
import { runCli } from '../helpers.js';

// Key and secret swapped: the secret would travel as the key, in a request
// header the exchange logs. xcred finds the swap before sending and sends
// no authenticated request; the public probes still run.

const requests: Array<{ path: string }> = [];
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ scenario: 'ok', onRequest: (e) => requests.push({ path: e.path }) });
});
afterAll(() => emu.close());

const swappedEnv = { MEXC_API_KEY: DEMO_KEYS.mexc.secret, MEXC_SECRET_KEY: DEMO_KEYS.mexc.apiKey };
const authenticated = () => requests.filter((r) => /account|order/.test(r.path));

describe('swapped key and secret are not sent', () => {
  it('diagnose: exit 1 for the swap, the public probes ran, no authenticated request left', async () => {
    requests.length = 0;
    const r = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json'], { env: swappedEnv });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { rootCause: { category: string }; checks: Array<{ id: string; status: string; summary: string }> };
    expect(report.rootCause.category).toBe('credentials-format');
    expect(report.checks.find((c) => c.id === 'auth-read')!.summary).toMatch(/not sent: the API key looks like the secret/);
    expect(requests.length).toBeGreaterThan(0);
    expect(authenticated()).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(DEMO_KEYS.mexc.secret);
  });

  it('test-auth: exit 1, nothing sent', async () => {
    requests.length = 0;
    const r = await runCli(['test-auth', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--json'], { env: swappedEnv });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks[0].summary).toMatch(/not sent/);
    expect(requests).toEqual([]);
  });

  it('the values in the right places are sent and work (the guard is not a blanket refusal)', async () => {
    requests.length = 0;
    const r = await runCli(['test-auth', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!], { env: { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret } });
    expect(r.code).toBe(0);
    expect(authenticated().length).toBe(1);
  });
});

describe('a key that holds the secret (a whole line pasted as the key) is not sent, and never shown by its edges', () => {
  const S = DEMO_KEYS.mexc.secret;
  for (const [label, key] of [
    ['NAME=secret', `MEXC_SECRET_KEY=${S}`],
    ['key:secret', `${DEMO_KEYS.mexc.apiKey}:${S}`],
  ] as const) {
    it(`${label}: diagnose, test-auth and sign --send send nothing authenticated; the key shows as length and fingerprint`, async () => {
      const env = { MEXC_API_KEY: key, MEXC_SECRET_KEY: S };
      requests.length = 0;
      const d = await runCli(['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--verbose'], { env });
      expect(d.code).toBe(1);
      expect(d.stdout).toContain('the API key contains the secret');
      expect(d.stdout).toMatch(/\[not a key: len \d+, sha256:[0-9a-f]{8}\]/);
      const t = await runCli(['test-auth', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!], { env });
      expect(t.code).toBe(1);
      const s = await runCli(['sign', 'mexc', '--send', '--base-url', emu.urls.apis['mexc-spot']!], { env });
      expect(s.code).toBe(2);
      expect(s.stderr).toMatch(/^xcred: not sent: the API key holds more than a key/);
      expect(authenticated()).toEqual([]);
      for (const r of [d, t, s]) {
        expect(r.stdout + r.stderr).not.toContain(S);
        expect(r.stdout + r.stderr).not.toContain(S.slice(-4) + ' ');
        expect(r.stdout + r.stderr).not.toContain(`…${S.slice(-4)}`);
      }
    });
  }
});
