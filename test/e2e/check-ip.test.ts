import { createServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

// Small echo servers on 127.0.0.1 stand in for ipify & co.
let server: Server;
let proxy: NetServer;
let base = '';
let proxyUrl = '';
let proxied = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const answers: Record<string, string> = { '/a': '198.51.100.4\n', '/b': '198.51.100.4', '/c': '198.51.100.99', '/html': '<html>blocked</html>', '/v6': '2001:db8::4' };
    if (req.url === '/hang') return; // never answers: the timeout must fire
    res.end(answers[req.url ?? ''] ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // A minimal CONNECT proxy, to prove check-ip goes through the proxy path.
  proxy = createNetServer((client) => {
    client.once('data', (head) => {
      const m = /^CONNECT ([^:]+):(\d+)/.exec(head.toString());
      if (!m) return client.destroy();
      proxied++;
      const upstream = connect(Number(m[2]), m[1], () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  proxy.close();
});

const svc = (...paths: string[]) => paths.flatMap((p) => ['--ip-service', base + p]);

describe('xcred check-ip', () => {
  it('agrees, and the egress is whitelisted: exit 0', async () => {
    const r = await runCli(['check-ip', '--json', ...svc('/a', '/b'), '--whitelist', '198.51.100.0/24']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ proxy: null, consistent: true, ok: true, egress: { ipv4: '198.51.100.4', ipv6: null }, whitelist: { missing: [] } });
    expect(out.answers).toHaveLength(2);
  });

  it('XCRED_IP_SERVICES (comma-separated) replaces the default services; --ip-service wins over it; a bad URL is exit 2', async () => {
    const r = await runCli(['check-ip', '--json'], { env: { XCRED_IP_SERVICES: `${base}/a, ${base}/b` } });
    expect(JSON.parse(r.stdout).answers.map((a: { service: string }) => a.service)).toEqual([`${base}/a`, `${base}/b`]);
    const flag = await runCli(['check-ip', '--json', ...svc('/a')], { env: { XCRED_IP_SERVICES: `${base}/b` } });
    expect(JSON.parse(flag.stdout).answers.map((a: { service: string }) => a.service)).toEqual([`${base}/a`]);
    const bad = await runCli(['check-ip'], { env: { XCRED_IP_SERVICES: 'not a url' } });
    expect([bad.code, bad.stderr]).toEqual([2, 'xcred: XCRED_IP_SERVICES is not a URL: "not a url"\n']);
  });

  it('names the missing address and prints the line to paste: exit 1', async () => {
    const r = await runCli(['check-ip', ...svc('/a'), '--whitelist', '203.0.113.7']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('198.51.100.4 is NOT in the whitelist');
    expect(r.stdout).toContain("Paste into the key's IP whitelist: 198.51.100.4");
    expect(r.stdout).toMatch(/MEXC: at most 10 IPs per key/);
  });

  it('reads the whitelist from XCRED_IP_WHITELIST, IPv6 CIDR included', async () => {
    const r = await runCli(['check-ip', '--json', ...svc('/v6')], { env: { XCRED_IP_WHITELIST: '2001:db8::/32' } });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, egress: { ipv6: '2001:db8::4' } });
  });

  it('flags services that disagree, and answers that are not addresses: exit 1', async () => {
    const r = await runCli(['check-ip', '--json', ...svc('/a', '/c', '/html')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.consistent).toBe(false);
    expect(out.answers.find((a: { service: string }) => a.service.endsWith('/html')).error).toMatch(/not an IP address/);
  });

  it('times out a service that never answers, and exits 3 when none answered', async () => {
    const t0 = Date.now();
    const r = await runCli(['check-ip', '--json', '--timeout', '500', ...svc('/hang')]);
    expect(r.code).toBe(3);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(JSON.parse(r.stdout).answers[0].error).toMatch(/^no answer within \d+ ms \(timed out\)$/);
  });

  it('goes through the proxy and says so', async () => {
    const before = proxied;
    const r = await runCli(['check-ip', '--json', ...svc('/a')], { env: { HTTP_PROXY: proxyUrl } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).proxy).toBe(proxyUrl);
    expect(proxied).toBeGreaterThan(before);
    const text = await runCli(['check-ip', ...svc('/a'), '--proxy', proxyUrl]);
    expect(text.stdout).toContain('A proxy is in the path');
  });

  it('refuses a malformed whitelist with exit 2', async () => {
    const r = await runCli(['check-ip', ...svc('/a'), '--whitelist', '1.2.3.4/99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"1.2.3.4\/99" is not an IP address or CIDR/);
  });
});
