import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers.js';

// A canary secret must never appear in any output, in any encoding, on any path.
const CANARY_SECRET = 'c4a7a3e5b1d2f60718293a4b5c6d7e8f';
const CANARY_KEY = 'mx0vCanaryKey00001';
const forms = [CANARY_SECRET, Buffer.from(CANARY_SECRET).toString('base64'), Buffer.from(CANARY_SECRET).toString('hex')];

function assertNoLeak(text: string) {
  for (const f of forms) expect(text).not.toContain(f);
}

describe('secrets never reach output', () => {
  it('across sign, test-auth, diagnose (text, JSON, Markdown, verbose) and error paths', async () => {
    const emu = await startEmulator({ scenario: 'ok' });
    try {
      const env = { MEXC_API_KEY: CANARY_KEY, MEXC_SECRET_KEY: CANARY_SECRET, MEXC_BASE_URL: emu.urls.mexc };
      const runs = [
        ['sign', 'mexc', '--dry-run'],
        ['sign', 'mexc', '--dry-run', '--json', '--show-key'],
        ['sign', 'mexc'],
        ['sign', 'mexc', '--json'],
        ['test-auth', 'mexc', '--trade'],
        ['test-auth', 'mexc', '--json', '--trade'],
        ['diagnose', 'mexc', '--ip-service', emu.urls.ipEcho],
        ['diagnose', 'mexc', '--ip-service', emu.urls.ipEcho, '--verbose'],
        ['diagnose', 'mexc', '--ip-service', emu.urls.ipEcho, '--json'],
        ['diagnose', 'mexc', '--ip-service', emu.urls.ipEcho, '--format', 'md'],
        ['sign', 'mexc', '--dry-run', '--recv-window', '99999'],
        ['sign', 'mexc', '--dry-run', '--bogus-flag'],
        ['diagnose', 'mexc', '--whitelist', 'nope'],
      ];
      for (const args of runs) {
        const r = await runCli(args, { env });
        assertNoLeak(r.stdout);
        assertNoLeak(r.stderr);
      }
      // The secret piped on stdin, too.
      const piped = await runCli(['sign', 'mexc', '--dry-run', '--secret-stdin', '--json'], { env: { MEXC_API_KEY: CANARY_KEY }, input: CANARY_SECRET });
      expect(piped.code).toBe(0);
      assertNoLeak(piped.stdout + piped.stderr);
      const fp = await runCli(['fingerprint'], { input: CANARY_SECRET });
      expect(fp.stdout).toMatch(/^sha256:[0-9a-f]{8}/);
      assertNoLeak(fp.stdout + fp.stderr);
    } finally {
      await emu.close();
    }
  });
});
