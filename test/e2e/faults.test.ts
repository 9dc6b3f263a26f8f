import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

// Small misbehaving servers on 127.0.0.1. `test-auth mexc` calls
// {base}/api/v3/account; the first path segment picks the fault.
let server: Server;
let tlsServer: Server;
let base = '';
let tlsBase = '';
let caFile = '';
let storm = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const fault = (req.url ?? '').split('/')[1];
    switch (fault) {
      case 'reset':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
        res.write('{"makerCommission":0,');
        setTimeout(() => req.socket.destroy(), 20);
        return;
      case 'truncated':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
        res.end('{"balances":[');
        setTimeout(() => req.socket.destroy(), 20);
        return;
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Access denied by a captive portal</body></html>');
        return;
      case 'storm':
        storm++;
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html>502 Bad Gateway</html>');
        return;
      case 'limited':
        res.writeHead(429, { 'Retry-After': '30', 'Content-Type': 'application/json' });
        res.end('{"code":429,"msg":"Too Many Requests"}');
        return;
      case 'drip': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 400);
        res.on('close', () => clearInterval(timer));
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  // A certificate trusted by the client (NODE_EXTRA_CA_CERTS) but issued for another name.
  const pems = await generate([{ name: 'commonName', value: 'wrong.example' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'wrong.example' }] }],
  });
  caFile = join(mkdtempSync(join(tmpdir(), 'xcred-ca-')), 'ca.pem');
  writeFileSync(caFile, pems.cert);
  tlsServer = createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('{}'));
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsBase = `https://localhost:${(tlsServer.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  tlsServer.close();
});

const DEMO = { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' };

async function testAuth(baseUrl: string, timeoutMs = 1500, env: Record<string, string> = {}) {
  const t0 = Date.now();
  const r = await runCli(['test-auth', 'mexc', '--json', '--base-url', baseUrl, '--timeout', String(timeoutMs)], { env: { ...DEMO, ...env } });
  return { ...r, ms: Date.now() - t0, check: r.stdout ? JSON.parse(r.stdout).checks[0] : null };
}

describe('network faults end in "could not tell" (exit 3), never "bad key"', () => {
  it.each([
    ['reset mid-body', 'reset', 'network'],
    ['truncated body', 'truncated', 'network'],
    // An HTML page with status 200 did not come from the exchange (issue #13 item 11).
    ['non-JSON 200 body', 'html', 'not-the-exchange'],
    ['5xx storm', 'storm', 'exchange-unavailable'],
    ['429 with Retry-After', 'limited', 'rate-limit'],
    ['slow drip past the timeout', 'drip', 'network'],
  ])('%s', async (_name, fault, category) => {
    const r = await testAuth(`${base}/${fault}`);
    expect(r.code).toBe(3);
    expect(r.check.status).toBe('error');
    expect(r.check.category).toBe(category);
    expect(r.ms).toBeLessThan(6000);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a 5xx storm answers every diagnose request the same way, and diagnose says "could not tell"', async () => {
    const before = storm;
    const r = await runCli(['diagnose', 'mexc', '--json', '--base-url', `${base}/storm`, '--ip-service', `${base}/storm`, '--timeout', '1500'], { env: DEMO });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).rootCause.category).toBe('exchange-unavailable');
    expect(storm - before).toBeGreaterThanOrEqual(3);
  });

  it('a certificate for another name: tls, exit 3, explained', async () => {
    const r = await runCli(['diagnose', 'mexc', '--json', '--base-url', tlsBase, '--ip-service', `${base}/html`, '--timeout', '1500'], {
      env: { ...DEMO, NODE_EXTRA_CA_CERTS: caFile },
    });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.rootCause.category).toBe('tls');
    expect(report.checks[1].summary).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|does not match/);
  });
});
