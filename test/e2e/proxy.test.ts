import { createHash, createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers.js';
import { deadPort, downloadBytes, startUpstream, type TestUpstream } from '../forensics/upstream.js';
import { send, spawnProxy, type SpawnedProxy } from '../forensics/wire.js';

// `xcred proxy` as plumbing, spawned as a user's shell would, in front of a
// stand-in exchange on 127.0.0.1: streaming both ways, keep-alive and
// concurrency, headers and statuses untouched, compressed answers, the
// exchange unreachable or silent, WebSocket upgrades, and its options.

const KEY = { MEXC_API_KEY: 'mx0vProxyTest0001', MEXC_SECRET_KEY: '0123456789abcdef0123456789abcdef' };

let up: TestUpstream;
let proxy: SpawnedProxy;
beforeAll(async () => {
  up = await startUpstream();
  proxy = await spawnProxy(['mexc', '--base-url', up.origin, '--port', '0', '--json'], KEY);
});
afterAll(async () => {
  await proxy?.stop();
  await up?.close();
});

const requestCount = () => proxy.events.filter((e) => e.type === 'request').length;

describe('xcred proxy: plumbing', () => {
  it('listens on loopback and tells the bot where to point', () => {
    expect(proxy.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy.listening).toMatchObject({ type: 'listening', exchange: 'mexc', api: 'mexc-spot', apis: ['mexc-spot', 'mexc-futures'], botBaseUrl: proxy.origin, websocket: 'refused' });
    expect(proxy.listening.keys).toEqual([{ apiKey: 'mx0v…0001', source: 'environment MEXC_SECRET_KEY', secret: expect.stringMatching(/^len 32, sha256:[0-9a-f]{8}$/) }]);
  });

  it('streams a 24 MiB upload: the exchange gets the first bytes before the bot has sent the last, and every byte arrives', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x61);
    const whole = createHash('sha256');
    let lastWriteAt = 0;
    const u = new URL(proxy.origin);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/upload', headers: { 'Content-Type': 'application/octet-stream' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      let i = 0;
      const next = () => {
        if (i === 24) {
          lastWriteAt = Date.now();
          return void req.end();
        }
        const c = Buffer.from(chunk);
        c[0] = i++;
        whole.update(c);
        req.write(c);
        setTimeout(next, 15);
      };
      next();
    });
    expect(answer.status).toBe(200);
    const got = JSON.parse(answer.body) as { sha256: string; bytes: number; firstChunkAt: number };
    expect(got.bytes).toBe(24 << 20);
    expect(got.sha256).toBe(whole.digest('hex'));
    expect(got.firstChunkAt).toBeLessThan(lastWriteAt);
  });

  it('streams a 24 MiB download: the bot gets the first bytes before the exchange has sent the last, and every byte arrives', async () => {
    const n = 24 << 20;
    const u = new URL(proxy.origin);
    let firstAt = 0;
    const body = await new Promise<Buffer>((resolve, reject) => {
      request({ host: u.hostname, port: u.port, path: `/download?n=${n}` }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => {
          if (!firstAt) firstAt = Date.now();
          parts.push(d);
        });
        res.on('end', () => resolve(Buffer.concat(parts)));
      })
        .on('error', reject)
        .end();
    });
    expect(body.length).toBe(n);
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(downloadBytes(n)).digest('hex'));
    expect(firstAt).toBeLessThan(up.downloads.at(-1)!.lastChunkAt);
  });

  it('keeps the bot connection alive across requests, and runs concurrent requests concurrently', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const u = new URL(proxy.origin);
    const reused: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: u.hostname, port: u.port, path: '/empty', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('socket', () => reused.push(req.reusedSocket));
        req.on('error', reject);
        req.end();
      });
    }
    agent.destroy();
    expect(reused.slice(1).every(Boolean)).toBe(true);

    const before = up.maxInFlight;
    const many = new Agent({ keepAlive: true, maxSockets: 20 });
    const results = await Promise.all(Array.from({ length: 20 }, () => send(proxy.origin, { method: 'GET', target: '/slow', headers: {} }, many)));
    many.destroy();
    expect(results.every((r) => r.status === 200 && r.body.toString() === '{}')).toBe(true);
    expect(Math.max(before, up.maxInFlight)).toBeGreaterThanOrEqual(10);
  });

  it('passes statuses and headers through: 418, two Set-Cookie headers, values with spaces, 204 without a body', async () => {
    const direct = await send(up.origin, { method: 'GET', target: '/headers', headers: {} });
    const via = await send(proxy.origin, { method: 'GET', target: '/headers', headers: {} });
    expect(via.status).toBe(418);
    expect(via.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(via.headers['x-custom']).toBe(direct.headers['x-custom']);
    expect(via.headers['cache-control']).toBe('no-store');
    expect(via.body.equals(direct.body)).toBe(true);
    const empty = await send(proxy.origin, { method: 'GET', target: '/empty', headers: {} });
    expect(empty.status).toBe(204);
    expect(empty.body.length).toBe(0);
  });

  it('passes a gzip answer through byte for byte, and reads the refusal inside it for the explanation', async () => {
    const before = requestCount();
    const direct = await send(up.origin, { method: 'GET', target: '/gzip-refusal', headers: { 'Accept-Encoding': 'gzip' } });
    const via = await send(proxy.origin, { method: 'GET', target: '/gzip-refusal', headers: { 'Accept-Encoding': 'gzip' } });
    expect(via.headers['content-encoding']).toBe('gzip');
    expect(via.body.equals(direct.body)).toBe(true);
    const e = await proxy.eventFor('/gzip-refusal', before);
    expect(e).toMatchObject({ status: 400, code: 700002, outcome: 'signature', title: 'Signature for this request is not valid.' });
  });

  it('refuses WebSocket upgrades with 501 and says why', async () => {
    const res = await send(proxy.origin, { method: 'GET', target: '/ws', headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' } });
    expect(res.status).toBe(501);
    expect(res.body.toString()).toMatch(/refuses WebSocket upgrades: connect the bot's streams \(wss:\/\/\) to the exchange directly/);
    for (let i = 0; i < 100 && !proxy.events.some((e) => e.type === 'refused'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(proxy.events.find((e) => e.type === 'refused')).toMatchObject({ kind: 'websocket', path: '/ws' });
  });

  it('is not a forward proxy: an absolute-form request gets 400 and the reason', async () => {
    const u = new URL(proxy.origin);
    const text = await new Promise<string>((resolve) => {
      const s = connect(Number(u.port), u.hostname, () => s.write('GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n'));
      let out = '';
      s.on('data', (d) => (out += d));
      s.on('end', () => resolve(out));
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toMatch(/not a forward HTTP proxy/);
  });

  it('on a refused timestamp: the signature is right, the clock line says by how much and by which rule', async () => {
    const before = requestCount();
    const query = `recvWindow=5000&timestamp=${Date.now() - 90_000}`;
    await send(proxy.origin, { method: 'GET', target: `/api/v3/openOrders?${query}&signature=${createHmac('sha256', KEY.MEXC_SECRET_KEY).update(query).digest('hex')}`, headers: { 'X-MEXC-APIKEY': KEY.MEXC_API_KEY, 'Content-Type': 'application/json' } });
    const e = await proxy.eventFor('/api/v3/openOrders', before);
    expect(e).toMatchObject({ outcome: 'clock-skew', code: 700003, finding: { kind: 'correct' }, clock: { kind: 'clock', variant: 'clock-behind' } });
    expect(e.finding.sentence).toMatch(/the refusal is about the timestamp alone/);
    expect(e.clock.sentence).toMatch(/^The timestamp is 9\d\.\d s behind the exchange clock \(by GET \/api\/v3\/time\); MEXC accepts a timestamp at most recvWindow \(5000 ms\) behind/);
  });

  it('says when it holds no secret for the key a request carries', async () => {
    const before = requestCount();
    const query = `timestamp=${Date.now()}`;
    await send(proxy.origin, { method: 'GET', target: `/api/v3/account?${query}&signature=${createHmac('sha256', 'x').update(query).digest('hex')}`, headers: { 'X-MEXC-APIKEY': 'mx0vSomeOtherKey99', 'Content-Type': 'application/json' } });
    const e = await proxy.eventFor('/api/v3/account', before);
    expect(e).toMatchObject({ outcome: 'signature', code: 700002, apiKey: 'mx0v…ey99', finding: { kind: 'not-analysable', variant: 'no-secret' } });
    expect(e.finding.sentence).toMatch(/xcred holds no secret for the key this request carries \(mx0v…ey99\)/);
    expect(e.finding.sentence).toMatch(/xcred creds add mexc/);
  });
});

describe('xcred proxy: for the bot, not for a web page (cross-site requests, DNS rebinding)', () => {
  const port = () => new URL(proxy.origin).port;

  it('on loopback, refuses with 403 a Host that is not a loopback name or address, forwards nothing, and logs why', async () => {
    const before = up.targets.length;
    const refusedBefore = proxy.events.filter((e) => e.type === 'refused').length;
    for (const host of ['evil.example', `evil.example:${port()}`, `127.0.0.1.nip.io:${port()}`, 'localhost.evil.example', '10.0.0.5']) {
      const res = await send(proxy.origin, { method: 'GET', target: '/api/v3/time?rebound', headers: { Host: host } });
      expect(res.status).toBe(403);
      expect(res.body.toString()).toMatch(/^xcred proxy: refused: the Host header .* is not a loopback name/);
    }
    expect(up.targets.slice(before)).toEqual([]);
    for (let i = 0; i < 100 && proxy.events.filter((e) => e.type === 'refused').length < refusedBefore + 5; i++) await new Promise((r) => setTimeout(r, 10));
    const refused = proxy.events.filter((e) => e.type === 'refused').slice(refusedBefore);
    expect(refused).toHaveLength(5);
    expect(refused[0]).toMatchObject({ kind: 'host', method: 'GET', path: '/api/v3/time' });
    expect(refused[0]!.reason).toMatch(/^Host evil\.example is not a loopback name/);

    for (const host of ['127.0.0.1', `127.0.0.1:${port()}`, 'localhost', `LOCALHOST:${port()}`, '[::1]', `[::1]:${port()}`]) {
      expect((await send(proxy.origin, { method: 'GET', target: '/api/v3/time?loopback', headers: { Host: host } })).status).toBe(200);
    }
    expect(up.targets.slice(before)).toHaveLength(6);
  });

  it('refuses with 403 what a browser sends (Origin, Sec-Fetch-Site, Sec-Fetch-Mode), even from its own origin, and forwards nothing', async () => {
    const before = up.targets.length;
    const refusedBefore = proxy.events.filter((e) => e.type === 'refused').length;
    const browser: Array<Record<string, string>> = [{ Origin: 'https://evil.example' }, { Origin: proxy.origin }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Mode': 'no-cors' }];
    for (const headers of browser) {
      const res = await send(proxy.origin, { method: 'POST', target: '/api/v3/order?symbol=BTCUSDT', headers: { ...headers, 'Content-Type': 'text/plain' }, body: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.toString()).toMatch(/^xcred proxy: refused: a browser request/);
    }
    expect(up.targets.slice(before)).toEqual([]);
    for (let i = 0; i < 100 && proxy.events.filter((e) => e.type === 'refused').length < refusedBefore + 5; i++) await new Promise((r) => setTimeout(r, 10));
    const refused = proxy.events.filter((e) => e.type === 'refused').slice(refusedBefore);
    expect(refused.map((e) => e.kind)).toEqual(['browser', 'browser', 'browser', 'browser', 'browser']);
    expect(refused[0]).toMatchObject({ method: 'POST', path: '/api/v3/order' });
    expect(refused[0]!.reason).toMatch(/Origin https:\/\/evil\.example/);
    expect(refused[3]!.reason).toMatch(/Sec-Fetch-Site/);
  });

  it("passes Node's own fetch() (a bot's), which sends Sec-Fetch-Mode: cors but no Origin or Sec-Fetch-Site", async () => {
    const before = up.targets.length;
    const get = await fetch(`${proxy.origin}/api/v3/time?node-fetch`);
    expect(get.status).toBe(200);
    await get.arrayBuffer();
    const post = await fetch(`${proxy.origin}/slow?node-fetch`, { method: 'POST', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(post.status).toBe(200);
    await post.arrayBuffer();
    expect(up.targets.slice(before)).toEqual(['/api/v3/time?node-fetch', '/slow?node-fetch']);
  });

  it('says so in the text log, and counts refusals in the summary', async () => {
    const p = await spawnProxy(['mexc', '--base-url', up.origin, '--port', '0'], KEY);
    expect((await send(p.origin, { method: 'GET', target: '/api/v3/account?x=1', headers: { Host: 'evil.example' } })).status).toBe(403);
    expect((await send(p.origin, { method: 'GET', target: '/api/v3/account', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    for (let i = 0; i < 100 && (p.stdout().match(/ refused \(403\)/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await p.stop()).toBe(0);
    const out = p.stdout();
    expect(out).toMatch(/GET\s+\/api\/v3\/account\s+- Host refused \(403\): Host evil\.example is not a loopback name/);
    expect(out).toMatch(/GET\s+\/api\/v3\/account\s+- browser request refused \(403\): it carries Origin https:\/\/evil\.example/);
    expect(out).toMatch(/xcred proxy stopped: 0 requests; 2 refused/);
  });
});

describe('xcred proxy: where the exchange is', () => {
  // A cloned repository's .env must not decide where the bot's signed requests (key and a valid signature) go.
  const dirs: string[] = [];
  const withDotenv = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'xcred-proxy-dotenv-'));
    writeFileSync(join(dir, '.env'), text);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses to start when ./.env names a host that is not the exchange, so that host receives nothing; --base-url says the user means it', async () => {
    const evil = await startUpstream();
    try {
      const onlyUrl = withDotenv(`MEXC_BASE_URL=${evil.origin}\n`);
      const withKey = withDotenv(`MEXC_API_KEY=mx0vRepoKey000002\nMEXC_SECRET_KEY=fedcba9876543210fedcba9876543210\nMEXC_BASE_URL=${evil.origin}/\n`);
      for (const cwd of [onlyUrl, withKey]) {
        const r = await runCli(['proxy', 'mexc', '--port', '0'], { cwd });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^xcred: \.env sets MEXC_BASE_URL to http:\/\/127\.0\.0\.1:\d+, which is not one of MEXC spot v3's own hosts: xcred proxy does not send your bot's signed requests to a host named by a \.env file\. Pass --base-url http:\/\/127\.0\.0\.1:\d+ if you mean it/);
        expect(r.stderr).not.toContain('fedcba9876543210');
      }
      const json = await runCli(['proxy', 'mexc', '--port', '0', '--json'], { cwd: withKey });
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).error.message).toMatch(/^\.env sets MEXC_BASE_URL to /);
      // The bot's key in the shell: the same refusal (the older rule, for a key from elsewhere, words it its own way).
      const shellKey = await runCli(['proxy', 'mexc', '--port', '0'], { cwd: onlyUrl, env: KEY });
      expect(shellKey.code).toBe(2);
      expect(shellKey.stderr).toMatch(/\.env sets MEXC_BASE_URL .*Pass --base-url http:\/\/127\.0\.0\.1:\d+ if you mean it/);
      expect(evil.targets).toEqual([]);
      expect(evil.connections).toBe(0);

      const meant = await spawnProxy(['mexc', '--base-url', evil.origin, '--port', '0', '--json', '--count', '1'], {}, { cwd: onlyUrl });
      expect(meant.listening.upstream).toBe(evil.origin);
      expect((await send(meant.origin, { method: 'GET', target: '/api/v3/time', headers: {} })).status).toBe(200);
      expect(await meant.exited()).toBe(0);
      expect(evil.targets).toEqual(['/api/v3/time']);
    } finally {
      await evil.close();
    }
  });

  it("accepts the exchange's own host over https from ./.env, and any base URL set in the shell", async () => {
    // Nothing is sent: the proxy is stopped right after it starts (and a dead local proxy would catch a stray request).
    const official = await spawnProxy(['mexc', '--port', '0', '--json'], { HTTPS_PROXY: `http://127.0.0.1:${await deadPort()}` }, { cwd: withDotenv('MEXC_BASE_URL=https://api.mexc.com\n') });
    expect(official.listening.upstream).toBe('https://api.mexc.com');
    expect(await official.stop()).toBe(0);
    const shell = await spawnProxy(['mexc', '--port', '0', '--json'], { MEXC_BASE_URL: up.origin });
    expect(shell.listening.upstream).toBe(up.origin);
    expect(await shell.stop()).toBe(0);
  });
});

describe('xcred proxy: when the exchange is not there', () => {
  it('answers the bot 502 when the exchange cannot be reached, logs it as unreachable, and exits 3 (could not tell)', async () => {
    const p = await spawnProxy(['mexc', '--base-url', `http://127.0.0.1:${await deadPort()}`, '--port', '0', '--json', '--count', '1'], KEY);
    const res = await send(p.origin, { method: 'GET', target: '/api/v3/ping', headers: {} });
    expect(res.status).toBe(502);
    expect(res.body.toString()).toMatch(/^xcred proxy: no answer from http:\/\/127\.0\.0\.1:\d+: refused \(ECONNREFUSED\)/);
    expect(await p.exited()).toBe(3);
    expect(p.events.find((e) => e.type === 'request')).toMatchObject({ outcome: 'unreachable', status: null, failure: { kind: 'refused' } });
    expect(p.events.at(-1)).toMatchObject({ type: 'summary', outcomes: { unreachable: 1 }, exitCode: 3 });
  });

  it('--timeout is also a deadline for the whole answer: an exchange trickling a byte every 100 ms is cut off, and the log says why', async () => {
    const up2 = await startUpstream();
    const p = await spawnProxy(['mexc', '--base-url', up2.origin, '--port', '0', '--json', '--timeout', '500', '--count', '1'], KEY);
    const started = Date.now();
    const got = await send(p.origin, { method: 'GET', target: '/trickle', headers: {} }).then(
      (r) => ({ status: r.status, error: null as Error | null }),
      (e: Error) => ({ status: null, error: e }),
    );
    // Headers had gone to the bot: the connection is cut, so the bot sees a broken answer, never a short one.
    expect(got.error?.message).toMatch(/aborted|socket hang up|ECONNRESET/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await p.exited()).toBe(3);
    const e = p.events.find((x) => x.type === 'request') as Record<string, any>;
    expect(e).toMatchObject({ path: '/trickle', status: 200, outcome: 'unreachable', failure: { kind: 'timeout' } });
    expect(e.failure.message).toMatch(/^the exchange did not finish its answer within 500 ms \(--timeout\)/);
    expect(e.explanation).toMatch(/the exchange did not finish its answer within 500 ms/);
    expect(e.explanation).not.toMatch(/502\/504/);
    await up2.close();
  });

  it('--timeout is a deadline for the headers too: an exchange trickling its header lines gets the bot a 504', async () => {
    // Raw TCP: a status line at once, then one header byte every 100 ms.
    const drips = new Set<NodeJS.Timeout>();
    const trickler = createNetServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        const header = Buffer.from('X-Slow: ' + 'x'.repeat(200) + '\r\n');
        let i = 0;
        const drip = setInterval(() => socket.write(header.subarray(i, ++i)), 100);
        drips.add(drip);
        socket.on('close', () => clearInterval(drip));
        socket.on('error', () => {});
      });
    });
    await new Promise<void>((r) => trickler.listen(0, '127.0.0.1', r));
    try {
      const p = await spawnProxy(['mexc', '--base-url', `http://127.0.0.1:${(trickler.address() as AddressInfo).port}`, '--port', '0', '--json', '--timeout', '500', '--count', '1'], KEY);
      const started = Date.now();
      const res = await send(p.origin, { method: 'GET', target: '/api/v3/time', headers: {} });
      expect(res.status).toBe(504);
      expect(res.body.toString()).toMatch(/: timeout \(DEADLINE\): the exchange did not answer within 500 ms \(--timeout\)/);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await p.exited()).toBe(3);
      expect(p.events.find((x) => x.type === 'request')).toMatchObject({ status: null, outcome: 'unreachable', failure: { kind: 'timeout', code: 'DEADLINE' } });
    } finally {
      for (const d of drips) clearInterval(d);
      trickler.close();
    }
  });

  it('gives up after --timeout and answers 504', async () => {
    const up2 = await startUpstream();
    const p = await spawnProxy(['mexc', '--base-url', up2.origin, '--port', '0', '--json', '--timeout', '400', '--count', '1'], KEY);
    const res = await send(p.origin, { method: 'GET', target: '/never', headers: {} });
    expect(res.status).toBe(504);
    expect(await p.exited()).toBe(3);
    expect(p.events.find((e) => e.type === 'request')).toMatchObject({ outcome: 'unreachable', failure: { kind: 'timeout' } });
    await up2.close();
  });
});

describe('xcred proxy: TLS to the exchange is checked as everywhere in xcred', () => {
  it('forwards to an HTTPS exchange whose certificate is trusted (NODE_EXTRA_CA_CERTS), and answers 502 (tls) when it is not', async () => {
    const emu = await startEmulator({ tls: true });
    const dir = mkdtempSync(join(tmpdir(), 'xcred-proxy-tls-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, emu.certificatePem!);
    try {
      const trusted = await spawnProxy(['mexc', '--base-url', emu.urls.origin, '--port', '0', '--json', '--count', '1'], { ...KEY, NODE_EXTRA_CA_CERTS: ca });
      const ok = await send(trusted.origin, { method: 'GET', target: '/api/v3/time', headers: {} });
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body.toString()).serverTime).toBeGreaterThan(0);
      expect(await trusted.exited()).toBe(0);
      const untrusted = await spawnProxy(['mexc', '--base-url', emu.urls.origin, '--port', '0', '--json', '--count', '1'], KEY);
      const refused = await send(untrusted.origin, { method: 'GET', target: '/api/v3/time', headers: {} });
      expect(refused.status).toBe(502);
      expect(refused.body.toString()).toMatch(/: tls \(/);
      expect(await untrusted.exited()).toBe(3);
      expect(untrusted.events.find((e) => e.type === 'request')).toMatchObject({ outcome: 'unreachable', failure: { kind: 'tls' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await emu.close();
    }
  });
});

describe('xcred proxy: options', () => {
  it('warns when --host is not loopback; then any Host is accepted (the user chose it), but browser requests are still refused', async () => {
    const p = await spawnProxy(['mexc', '--base-url', up.origin, '--host', '0.0.0.0', '--port', '0', '--json'], KEY);
    expect((p.listening.notices as string[]).join('\n')).toMatch(/listening on 0\.0\.0\.0, not on loopback: anyone who can reach this machine/);
    expect(p.listening.botBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const bot = String(p.listening.botBaseUrl);
    const before = up.targets.length;
    expect((await send(bot, { method: 'GET', target: '/api/v3/time?lan', headers: { Host: 'trading-box.lan:8788' } })).status).toBe(200);
    expect((await send(bot, { method: 'GET', target: '/api/v3/time?page', headers: { Host: 'trading-box.lan:8788', Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await send(bot, { method: 'GET', target: '/api/v3/time?page', headers: { 'Sec-Fetch-Mode': 'no-cors' } })).status).toBe(403);
    expect(up.targets.slice(before)).toEqual(['/api/v3/time?lan']);
    await p.stop();
  });

  it('refuses a base URL that is the proxy itself', async () => {
    const port = await deadPort();
    const r = await runCli(['proxy', 'mexc', '--port', String(port), '--base-url', `http://127.0.0.1:${port}`], { env: KEY });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^xcred: the exchange base URL http:\/\/127\.0\.0\.1:\d+ is this proxy itself/);
  });

  it.each([
    [['--port', 'nope'], /--port must be a whole number/],
    [['--count', '0'], /--count must be at least 1/],
    [['--timeout', 'x'], /--timeout must be a whole number/],
  ])('rejects bad options %j with one line and exit 2', async (args, message) => {
    const r = await runCli(['proxy', 'mexc', ...args], { env: KEY });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints text when not --json: a start block, a line per request with its explanation and findings, and the summary', async () => {
    const p = await spawnProxy(['mexc', '--base-url', up.origin, '--port', '0', '--count', '2'], KEY);
    const query = `recvWindow=5000&timestamp=${Date.now()}`;
    const signature = createHmac('sha256', KEY.MEXC_SECRET_KEY + '\n').update(query).digest('hex');
    await send(p.origin, { method: 'GET', target: `/api/v3/account?${query}&signature=${signature}`, headers: { 'X-MEXC-APIKEY': KEY.MEXC_API_KEY, 'Content-Type': 'application/json' } });
    await send(p.origin, { method: 'GET', target: '/api/v3/time', headers: {} });
    expect(await p.exited()).toBe(1);
    const out = p.stdout();
    expect(out).toMatch(/Point your bot at\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/GET\s+\/api\/v3\/account\s+400\s+[\d.]+ ms\s+✗ 700002 signature: Signature for this request is not valid\. {2}key mx0v…0001\n/);
    expect(out).toMatch(/\n\s+why: MEXC computed a different signature/);
    expect(out).toMatch(/\n\s+✗ mistake: Your client's copy of the secret ends with a newline/);
    expect(out).toMatch(/\n\s+✓ clock: The timestamp is within the exchange's window/);
    expect(out).toMatch(/GET\s+\/api\/v3\/time\s+200\s+[\d.]+ ms\s+✓ ok/);
    expect(out).toMatch(/xcred proxy stopped: 2 requests: 1 ok, 1 signature\nFindings:\n\s+1×\s+secret-trailing-newline: /);
  });
});
