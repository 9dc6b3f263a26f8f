import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers.js';

// A user string that indexes an object must find only what is really there:
// names on Object.prototype (valueOf, constructor, __proto__, toString) are
// not environment variables, emulator methods or anything else.

const PROTO_NAMES = ['valueOf', 'constructor', 'toString', 'hasOwnProperty', '__proto__'];

describe('names that live on Object.prototype', () => {
  it.each(PROTO_NAMES)('fingerprint --env %s: not set, exit 2, a JSON error document', async (name) => {
    const r = await runCli(['fingerprint', '--json', '--env', name]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toBe(`${name} is not set (or empty) in the environment`);
  });

  it.each(PROTO_NAMES)('encrypt --key-env / --passphrase-env %s: not set, exit 2', async (name) => {
    const key = await runCli(['encrypt', '--key-env', name], { input: 'x' });
    expect([key.code, key.stderr]).toEqual([2, `xcred: ${name} is not set (it should hold a 32-byte base64 master key; make one with \`xcred encrypt --generate-key\`)\n`]);
    const pass = await runCli(['encrypt', '--passphrase-env', name], { input: 'x' });
    expect([pass.code, pass.stderr]).toEqual([2, `xcred: ${name} is not set\n`]);
  });

  describe('the emulator', () => {
    let emu: RunningEmulator;
    beforeAll(async () => {
      emu = await startEmulator();
    });
    afterAll(() => emu.close());

    it.each(['constructor', 'toString', '__proto__'])('Crypto.com method %s is METHOD_NOT_FOUND', async (method) => {
      const res = await fetch(`${emu.urls.apis['cryptocom-v1']!}/${method}`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 40002, message: "METHOD_NOT_FOUND" });
    });
  });
});
