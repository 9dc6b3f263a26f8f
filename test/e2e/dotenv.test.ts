import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEXC_DOC_ENV, runCli } from '../helpers.js';

// Naming a .env file, spawned exactly as a shell does: the bin through its
// shebang, and `node bin/xcred.cjs`. Node (20.6+) reads `--env-file` itself
// even after the script name, so `--dotenv` is the documented spelling.

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const dir = () => mkdtempSync(join(tmpdir(), 'xcred-dotenv-'));
const SIGN = ['sign', 'mexc', '--timestamp', '1644489390087'];

describe.each(['shebang', 'node'] as const)('--dotenv, started via %s', (via) => {
  it('a missing file: xcred\'s own one-line error, exit 2; under --json the JSON error document', async () => {
    const r = await runCli([...SIGN, '--dotenv', '/nonexistent/crypto.env'], { via });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'xcred: --dotenv /nonexistent/crypto.env: no such file\n']);
    const j = await runCli([...SIGN, '--json', '--dotenv', '/nonexistent/crypto.env'], { via });
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toEqual({ schemaVersion: 1, ok: false, exitCode: 2, error: { kind: 'input', message: '--dotenv /nonexistent/crypto.env: no such file' } });
  });

  it('a directory: exit 2, says so', async () => {
    const d = dir();
    const r = await runCli([...SIGN, '--dotenv', d], { via });
    expect([r.code, r.stderr]).toEqual([2, `xcred: --dotenv ${d}: is a directory, not a .env file\n`]);
    const j = await runCli([...SIGN, '--json', '--dotenv', d], { via });
    expect(JSON.parse(j.stdout).error.message).toBe(`--dotenv ${d}: is a directory, not a .env file`);
  });

  it('an existing file: its values are used and attributed to it', async () => {
    const d = dir();
    const file = join(d, 'crypto.env');
    writeFileSync(file, `MEXC_API_KEY=${MEXC_DOC_ENV.MEXC_API_KEY}\nMEXC_SECRET_KEY=${MEXC_DOC_ENV.MEXC_SECRET_KEY}\n`);
    const r = await runCli([...SIGN, '--json', '--dotenv', file], { via });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.credentials.apiKey.source).toBe(`${file} (MEXC_API_KEY)`);
    expect(out.credentials.secret.source).toBe(`${file} (MEXC_SECRET_KEY)`);
    expect(out.signature).toBe('1103ce19f47c037fc03b8b9d674e10ee76e53272851eb2a3b10321cd353fb9bf');
  });
});

describe.each(['shebang', 'node'] as const)('--env-file (Node\'s own flag name), started via %s', (via) => {
  it('an existing file reaches xcred and is used like --dotenv', async () => {
    const d = dir();
    const file = join(d, 'crypto.env');
    writeFileSync(file, `MEXC_API_KEY=${MEXC_DOC_ENV.MEXC_API_KEY}\nMEXC_SECRET_KEY=${MEXC_DOC_ENV.MEXC_SECRET_KEY}\n`);
    const r = await runCli([...SIGN, '--json', '--env-file', file], { via });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).credentials.secret.source).toBe(`${file} (MEXC_SECRET_KEY)`);
  });

  it('a missing file: on Node 20 Node itself dies before xcred runs (why README and --help say --dotenv)', async () => {
    const r = await runCli([...SIGN, '--json', '--env-file', '/nonexistent/crypto.env'], { via });
    if (NODE_MAJOR === 20) {
      expect(r.code).toBe(9);
      expect(r.stderr).toContain('/nonexistent/crypto.env: not found');
      expect(r.stdout).toBe('');
    } else {
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error.message).toBe('--env-file /nonexistent/crypto.env: no such file');
    }
  });
});

describe('which source a value is attributed to', () => {
  it('a value in the environment identical to the named file is the file\'s; a different one wins, with a warning', async () => {
    const d = dir();
    const file = join(d, 'crypto.env');
    writeFileSync(file, `MEXC_API_KEY=${MEXC_DOC_ENV.MEXC_API_KEY}\nMEXC_SECRET_KEY=${MEXC_DOC_ENV.MEXC_SECRET_KEY}\n`);
    // As if Node had loaded the file into the environment itself.
    const same = JSON.parse((await runCli([...SIGN, '--json', '--dotenv', file], { env: MEXC_DOC_ENV })).stdout);
    expect(same.credentials.apiKey.source).toBe(`${file} (MEXC_API_KEY)`);
    expect(same.notes).toEqual([]);
    const other = JSON.parse((await runCli([...SIGN, '--json', '--dotenv', file], { env: { MEXC_API_KEY: 'mx0aOtherKeyFromShell' } })).stdout);
    expect(other.credentials.apiKey.source).toBe('environment MEXC_API_KEY');
    expect(other.notes.join(' ')).toMatch(/MEXC_API_KEY is set in the shell and differs from/);
  });
});

describe('creds lint reads and lints the same .env files as every other command', () => {
  it('./.env in the working directory: BOM and CRLF are reported', async () => {
    const d = dir();
    writeFileSync(join(d, '.env'), `\uFEFFMEXC_API_KEY=${MEXC_DOC_ENV.MEXC_API_KEY}\r\nMEXC_SECRET_KEY=${MEXC_DOC_ENV.MEXC_SECRET_KEY}\r\n`);
    const r = await runCli(['creds', 'lint', 'mexc', '--json'], { cwd: d, env: { HOME: d } });
    const out = JSON.parse(r.stdout);
    expect(out.credentials[0].apiKeySource).toBe('.env (MEXC_API_KEY)');
    expect(out.files).toHaveLength(1);
    expect(out.files[0].path).toBe('.env');
    expect(out.files[0].findings.map((f: { message: string }) => f.message)).toEqual(['the file starts with a byte order mark (U+FEFF)', 'Windows line endings (CRLF)']);
    const text = await runCli(['creds', 'lint', 'mexc'], { cwd: d, env: { HOME: d } });
    expect(text.stdout).toMatch(/^\.env:\n {2}! line 1: the file starts with a byte order mark/m);
  });

  it('--dotenv on creds lint, and a missing file is exit 2', async () => {
    const d = dir();
    mkdirSync(join(d, 'cfg'));
    const file = join(d, 'crypto.env');
    writeFileSync(file, 'CRYPTO_API_KEY=HaTZb9EMihNmJUyNJ19frs\nCRYPTO_API_SECRET=cxakp_oGDfb6D6#JW396cYGz8FHmg\n');
    const r = await runCli(['creds', 'lint', 'cryptocom', '--dotenv', file, '--json'], { env: { HOME: d } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].findings[0].message).toMatch(/contains "#" outside quotes at position 15/);
    const missing = await runCli(['creds', 'lint', '--dotenv', join(d, 'nope.env')], { env: { HOME: d } });
    expect([missing.code, missing.stderr]).toEqual([2, `xcred: --dotenv ${join(d, 'nope.env')}: no such file\n`]);
  });
});
