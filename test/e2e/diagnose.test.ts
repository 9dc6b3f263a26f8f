import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers.js';

type Row = [scenario: string, exitCode: number, category: string | null];

// Expected verdicts per API and scenario. Futures has no trade probe (order
// placement is closed to every API key), so a missing Trade permission cannot show.
const EXPECTED: Record<string, Row[]> = {
  mexc: [
    ['ok', 0, null],
    ['wrong-secret', 1, 'signature'],
    ['ip-not-whitelisted', 1, 'ip-whitelist'],
    ['clock-ahead', 1, 'clock-skew'],
    ['clock-behind', 1, 'clock-skew'],
    ['no-trade-permission', 1, 'permission'],
    ['no-read-permission', 1, 'permission'],
    ['invalid-key', 1, 'invalid-key'],
    // MEXC spot answers an expired key like a wrong signature (700002, a
    // guess after ccxt's note): without --created, diagnose cannot tell them apart.
    ['expired-key', 1, 'signature'],
    ['rate-limited', 3, 'rate-limit'],
    ['outage', 3, 'exchange-unavailable'],
    ['slow', 0, null],
  ],
  'mexc-futures': [
    ['ok', 0, null],
    ['wrong-secret', 1, 'signature'],
    ['ip-not-whitelisted', 1, 'ip-whitelist'],
    ['clock-ahead', 1, 'clock-skew'],
    ['no-trade-permission', 0, null],
    ['no-read-permission', 1, 'permission'],
    ['expired-key', 1, 'expired-key'],
    ['rate-limited', 3, 'rate-limit'],
    ['outage', 3, 'exchange-unavailable'],
  ],
  cryptocom: [
    ['ok', 0, null],
    ['wrong-secret', 1, 'signature'],
    ['ip-not-whitelisted', 1, 'ip-whitelist'],
    ['clock-behind', 1, 'clock-skew'],
    ['no-trade-permission', 1, 'permission'],
    ['invalid-key', 1, 'signature'],
    ['rate-limited', 3, 'rate-limit'],
    ['outage', 3, 'exchange-unavailable'],
  ],
};

const cases = Object.entries(EXPECTED).flatMap(([exchange, rows]) => rows.map((r) => [exchange, ...r] as const));

describe('xcred diagnose --emulator: every scenario', () => {
  it.each(cases)('%s %s -> exit %i, %s', async (exchange, scenario, exitCode, category) => {
    const r = await runCli(['diagnose', exchange, '--emulator', scenario, '--json']);
    expect(r.code).toBe(exitCode);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, exchange, ok: exitCode === 0, exitCode });
    expect(report.rootCause?.category ?? null).toBe(category);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual([
      'credentials', 'connectivity', 'clock', 'egress-ip', 'signer', 'auth-read', 'trade-permission', 'key-age',
    ]);
    for (const c of report.checks) expect(['pass', 'warn', 'fail', 'skip', 'error']).toContain(c.status);
    if (exitCode !== 0) expect(report.nextSteps.length).toBeGreaterThan(0);
  });
});

describe('xcred diagnose: the text report', () => {
  it('reads as a checklist with a verdict (the README quick start)', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ Credentials\s+key mx0v…o001/);
    expect(r.stdout).toMatch(/✓ Signer self-test\s+3\/3 known-answer vectors/);
    expect(r.stdout).toMatch(/✓ Authenticated read\s+GET \/api\/v3\/account answered 200/);
    expect(r.stdout).toContain('✓ Verdict: The key works for what was checked.');
    expect(r.stderr).toBe('');
  });

  it('explains a wrong secret the way the seed report could not', async () => {
    const r = await runCli(['diagnose', 'cryptocom', '--emulator', 'wrong-secret']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ Authenticated read');
    expect(r.stdout).toMatch(/Root cause \[signature\].*secret most likely does not belong to this API key/);
    expect(r.stdout).toMatch(/Other hypotheses:\n\s+medium/);
    expect(r.stdout).toMatch(/Next steps:\n\s+1\. /);
  });

  it('names the IP the exchange reported', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'ip-not-whitelisted', '--whitelist', '198.51.100.23']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('the exchange sees 203.0.113.10, which is not in the whitelist');
    expect(r.stdout).toContain('Add 203.0.113.10 (the address the exchange reported)');
  });

  it('says how far the clock is off and how to fix it', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'clock-ahead', '--json']);
    const clock = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'clock');
    expect(clock.status).toBe('fail');
    expect(clock.summary).toMatch(/your clock is (89|90)\d{3} ms ahead of the exchange/);
    expect(clock.hint).toMatch(/timedatectl|sntp|w32tm/);
  });

  it('turns a MEXC 700002 into expired-key when the creation date says so', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'expired-key', '--created', '2020-01-01', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.rootCause.category).toBe('expired-key');
    expect(report.checks.find((c: { id: string }) => c.id === 'key-age').status).toBe('fail');
  });

  it('skips the trade probe with --no-trade-probe', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'no-trade-permission', '--no-trade-probe', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'trade-permission').status).toBe('skip');
  });

  it('writes a Markdown report for a support ticket', async () => {
    const r = await runCli(['diagnose', 'mexc', '--emulator', 'wrong-secret', '--format', 'md']);
    expect(r.stdout).toMatch(/^# xcred diagnosis: MEXC spot v3/);
    expect(r.stdout).toContain('| Node | v');
    expect(r.stdout).toContain('## Verdict');
  });

  it('reports missing credentials as a finding, not a crash', async () => {
    const r = await runCli(['diagnose', 'cryptocom', '--base-url', 'http://127.0.0.1:9', '--ip-service', 'http://127.0.0.1:9/ip', '--timeout', '1000', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).rootCause.category).toBe('credentials-missing');
  });

  it('lints the credentials it is given, with positions', async () => {
    const emu = await startEmulator({ scenario: 'ok' });
    try {
      const r = await runCli(
        ['diagnose', 'mexc', '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json'],
        { env: { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e\u200b8f9a0b1c2d3e4f50' } },
      );
      const report = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(report.rootCause.category).toBe('credentials-format');
      expect(report.checks[0].summary).toBe('the secret contains U+200B ZERO WIDTH SPACE at position 17');
    } finally {
      await emu.close();
    }
  });
});

describe('xcred diagnose: the .env file the key came from', () => {
  it('catches an unquoted "#" that cut the secret, with the line', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'xcred-envd-'));
    const file = join(dir, 'crypto.env');
    writeFileSync(file, 'MEXC_API_KEY=mx0vglXcredDemo001\nMEXC_SECRET_KEY=7d1c2f3a4b5c6d7e#8f9a0b1c2d3e4f50\n');
    const emu = await startEmulator({ scenario: 'ok' });
    try {
      const r = await runCli(['diagnose', 'mexc', '--env-file', file, '--base-url', emu.urls.apis['mexc-spot']!, '--ip-service', emu.urls.ipEcho, '--json']);
      const report = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(report.rootCause.category).toBe('credentials-format');
      expect(report.checks[0].summary).toBe(`${file} line 2: MEXC_SECRET_KEY contains "#" outside quotes at position 17: dotenv cuts the value there`);
      expect(report.checks[0].hint).toBe('quote the value: MEXC_SECRET_KEY="..."');
    } finally {
      await emu.close();
    }
  });
});

describe('xcred diagnose: network faults end in "could not tell"', () => {
  let hang: Server;
  let hangUrl = '';
  let tlsEmu: RunningEmulator;
  beforeAll(async () => {
    hang = createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    hangUrl = `http://127.0.0.1:${(hang.address() as { port: number }).port}`;
    tlsEmu = await startEmulator({ scenario: 'ok', tls: true });
  });
  afterAll(async () => {
    hang.closeAllConnections();
    hang.close();
    await tlsEmu.close();
  });
  const demo = { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' };

  it('connection refused: network, exit 3', async () => {
    const r = await runCli(['diagnose', 'mexc', '--base-url', 'http://127.0.0.1:9', '--ip-service', 'http://127.0.0.1:9/ip', '--json'], { env: demo });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).rootCause.category).toBe('network');
  });

  it('a server that never answers: the timeout fires, exit 3', async () => {
    const t0 = Date.now();
    const r = await runCli(['diagnose', 'mexc', '--base-url', hangUrl, '--ip-service', `${hangUrl}/ip`, '--timeout', '800', '--json'], { env: demo });
    expect(r.code).toBe(3);
    expect(Date.now() - t0).toBeLessThan(6000);
    const report = JSON.parse(r.stdout);
    expect(report.rootCause.category).toBe('network');
    expect(report.checks.find((c: { id: string }) => c.id === 'auth-read').status).toBe('error');
  });

  it('a self-signed certificate: tls, explained, exit 3', async () => {
    const r = await runCli(['diagnose', 'mexc', '--base-url', tlsEmu.urls.apis['mexc-spot']!, '--ip-service', tlsEmu.urls.ipEcho, '--json'], { env: demo });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.rootCause.category).toBe('tls');
    const conn = report.checks.find((c: { id: string }) => c.id === 'connectivity');
    expect(conn.summary).toMatch(/TLS failed: certificate refused \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
    expect(conn.hint).toContain('NODE_EXTRA_CA_CERTS');
  });
});
