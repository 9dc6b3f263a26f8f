import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers.js';

// `xcred emulator` is long-running: under --json its stdout is NDJSON, one
// complete JSON object per line (the start object, one per request, and a
// "stopped" object on Ctrl-C), and nothing else.

/** Start the emulator and read its first NDJSON line (the start object). */
async function startEmulatorCli(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; info: { certificate: string | null; urls: Record<string, string> } }> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--json', ...args], { env: { PATH: process.env.PATH!, NO_COLOR: '1', ...env } });
  let stdout = '';
  const info = await new Promise<{ certificate: string | null; urls: Record<string, string> }>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.slice(0, stdout.indexOf('\n'))));
    });
    child.on('close', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  return { child, info };
}

const closed = (child: ChildProcess) => new Promise((res) => child.on('close', res));

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
    const r = await runCli(['sign', 'mexc', '--send', '--json'], { env });
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
    const r = await runCli(['sign', 'mexc', '--send'], { env: { MEXC_API_KEY: 'mx0vglXcredDemo001', MEXC_SECRET_KEY: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50', MEXC_BASE_URL: base } });
    expect(r.code).toBe(1);
    for (let i = 0; i < 50 && !/clock:/.test(stdout); i++) await new Promise((res) => setTimeout(res, 20));
    child.kill('SIGINT');
    await new Promise((res) => child.on('close', res));
    expect(stdout).toMatch(/GET\s+\/api\/v3\/account\s+400\s+✗ 700003\n\s+✗ clock: The timestamp is [89]\d\.\d s ahead of the exchange clock/);
    expect(stdout).toContain('emulator stopped');
  });

  it('--tls: the certificate goes in a private directory, never through a planted symlink, and is removed; leftovers of a killed run are cleared', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'xcred-emu-tmp-'));
    const env = { TMPDIR: tmp };
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    // 0.1.0 wrote <tmp>/xcred-emulator-<pid>.pem, following links: plant one for every PID the emulator may get.
    const last = existsSync('/proc/sys/kernel/ns_last_pid') ? Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8')) : null;
    if (last !== null) for (let pid = last + 1; pid <= last + 400; pid++) symlinkSync(victim, join(tmp, `xcred-emulator-${pid}.pem`));

    const { child, info } = await startEmulatorCli(['--tls'], env);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    const cert = info.certificate!;
    const dir = dirname(cert);
    expect(dir.startsWith(join(tmp, `xcred-emulator-${child.pid}-`))).toBe(true);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(cert).isFile() && (lstatSync(cert).mode & 0o777) === 0o600).toBe(true);
    expect(readFileSync(cert, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // The certificate is the one served: check-ip trusts it through NODE_EXTRA_CA_CERTS.
    const ip = await runCli(['check-ip', '--ip-service', info.urls.ipEcho!, '--json'], { env: { NODE_EXTRA_CA_CERTS: cert } });
    expect(JSON.parse(ip.stdout).answers[0].ip).toBe('203.0.113.10');
    child.kill('SIGTERM');
    expect(await closed(child)).toBe(0);
    expect(existsSync(dir)).toBe(false);

    // A run killed outright leaves its directory; the next run clears it (ours only: same prefix, our user, process gone).
    const killed = await startEmulatorCli(['--tls'], env);
    const leftover = dirname(killed.info.certificate!);
    killed.child.kill('SIGKILL');
    await closed(killed.child);
    expect(existsSync(leftover)).toBe(true);
    const notOurs = join(tmp, 'xcred-emulator-1-aaaaaa');
    mkdirSync(notOurs);
    if (process.getuid?.() === 0) chownSync(notOurs, 65534, 65534);
    const next = await startEmulatorCli(['--tls'], env);
    expect(existsSync(leftover)).toBe(false);
    if (process.getuid?.() === 0) expect(existsSync(notOurs)).toBe(true); // another user's: left alone
    next.child.kill('SIGINT');
    expect(await closed(next.child)).toBe(0);
    expect(readdirSync(tmp).filter((f) => /^xcred-emulator-\d+-/.test(f) && f !== 'xcred-emulator-1-aaaaaa')).toEqual([]);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  }, 60_000);
});

describe('xcred emulator (text): its lines can be pasted into a shell as they are', () => {
  it('export lines, the IP echo included, make `xcred diagnose mexc` work with no flags', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator'], { env: { PATH: process.env.PATH!, NO_COLOR: '1' } });
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Ctrl-C stops.')) resolve();
      });
    });
    const exports = stdout.split('\n').filter((l) => l.startsWith('  export '));
    expect(exports.map((l) => l.trim().split('=')[0])).toEqual(expect.arrayContaining(['export MEXC_API_KEY', 'export MEXC_SECRET_KEY', 'export XCRED_IP_SERVICES']));
    expect(stdout).toContain('Try: xcred diagnose mexc   (in that shell)');
    // As a shell would: source the lines, then run the suggested command.
    const script = `${exports.join('\n')}\n"${process.execPath}" "${BIN}" diagnose mexc --json`;
    const shell = spawn('sh', ['-c', script], { env: { PATH: process.env.PATH!, NO_COLOR: '1', HOME: mkdtempSync(join(tmpdir(), 'xcred-paste-')) } });
    let out = '';
    shell.stdout.on('data', (d) => (out += d));
    const code = await closed(shell);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { checks: Array<{ id: string; status: string }> };
    expect(report.checks.find((c) => c.id === 'egress-ip')?.status).toBe('pass');
    child.kill('SIGINT');
    await closed(child);
  });
});

describe('emulator and proxy: an error before they start is one NDJSON line', () => {
  it.each([
    [['emulator', '--json', '--port', 'abc']],
    [['proxy', 'mexc', '--json', '--port', 'abc']],
    [['proxy', 'mexc', '--json', '--nope']],
  ])('xcred %j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(JSON.parse(lines[0]!)).toMatchObject({ schemaVersion: 1, ok: false, exitCode: 2, error: { kind: 'usage' } });
  });
});
