import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../apis.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { BIN } from '../helpers.js';

// Ctrl-C during a diagnosis: a real SIGINT to a spawned xcred, against the
// emulator's "slow" scenario (every answer takes 2.5 s). A TCP relay in front
// of the emulator tells the test when xcred's requests are in flight.

let emu: RunningEmulator;
let relay: Server;
let relayUrl = '';
let connections = 0;

beforeAll(async () => {
  emu = await startEmulator({ scenario: 'slow' });
  const target = new URL(emu.urls.apis['mexc-spot']!);
  relay = createServer((client) => {
    connections++;
    const upstream = createConnection(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`;
});
afterAll(async () => {
  relay.close();
  await emu.close();
});

function diagnoseThenCtrlC(extra: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  connections = 0;
  const child = spawn(process.execPath, [BIN, 'diagnose', 'mexc', '--base-url', relayUrl, '--ip-service', `${relayUrl}/ip`, ...extra], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // Interrupt once the requests are in flight (the emulator holds each answer for 2.5 s).
  const poll = setInterval(() => {
    if (connections >= 3) {
      clearInterval(poll);
      child.kill('SIGINT');
    }
  }, 20);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

describe('Ctrl-C during diagnose', () => {
  it('--json: one JSON document saying it was interrupted, with the checks finished so far; exit 130', async () => {
    const r = await diagnoseThenCtrlC(['--json']);
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, exchange: 'mexc', ok: false, exitCode: 130, interrupted: true });
    expect(out.checks.map((c: { id: string }) => c.id)).toEqual(['credentials', 'signer', 'key-age']);
    expect(out.checks[0]).toMatchObject({ id: 'credentials', status: 'pass' });
    expect(out.pending).toEqual(['connectivity', 'clock', 'egress-ip', 'auth-read', 'trade-permission']);
    expect(r.stderr).toBe('xcred: interrupted\n');
  });

  it('text: the finished checks and what was not finished', async () => {
    const r = await diagnoseThenCtrlC([]);
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/✓ Credentials {9}key mx0v…o001/);
    expect(r.stdout).toMatch(/Interrupted after \d+ ms: 3 of 8 checks finished; not finished: connectivity, clock, egress-ip, auth-read, trade-permission\./);
  });

  it('a check whose answer arrived before Ctrl-C is in the report', async () => {
    // An exchange that answers the clock and the account read at once and never answers the rest.
    const ok = await startEmulator();
    let answered = 0;
    const partial = createHttpServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/api/v3/time' && path !== '/api/v3/account') return; // never answers
      void fetch(ok.urls.apis['mexc-spot']! + req.url, { headers: req.headers as Record<string, string> }).then(async (up) => {
        res.writeHead(up.status, { 'Content-Type': 'application/json' });
        res.end(await up.text());
        answered++;
      });
    });
    await new Promise<void>((r) => partial.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(partial.address() as { port: number }).port}`;
    const child = spawn(process.execPath, [BIN, 'diagnose', 'mexc', '--base-url', url, '--ip-service', `${url}/ip`, '--json'], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const poll = setInterval(() => {
      if (answered >= 2) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGINT'), 200);
      }
    }, 20);
    const code = await new Promise((resolve) => child.on('close', resolve));
    partial.closeAllConnections();
    partial.close();
    await ok.close();
    expect(code).toBe(130);
    const out = JSON.parse(stdout);
    expect(out.checks.map((c: { id: string }) => c.id)).toEqual(['credentials', 'clock', 'signer', 'auth-read', 'key-age']);
    expect(out.checks.find((c: { id: string }) => c.id === 'auth-read').status).toBe('pass');
    expect(out.pending).toEqual(['connectivity', 'egress-ip', 'trade-permission']);
  });
});
