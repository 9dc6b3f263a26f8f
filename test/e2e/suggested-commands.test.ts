import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xcredInvocations } from '../../scripts/readme-examples.mjs';
import { run as diagnose } from '../../src/commands/diagnose.js';
import { run as explain } from '../../src/commands/explain.js';
import { run as testAuth } from '../../src/commands/test-auth.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { SCENARIOS } from '../../src/emulator/state.js';
import { allApis, loadApi } from '../../src/exchanges/registry.js';
import { parseError } from '../parse-command.js';

// Issue #13 item 10: every xcred command a report suggests is complete and
// valid as typed. Collected from every scenario's diagnose and test-auth
// report on every API, from diagnose without credentials and against a
// server that is not the exchange, and from the explanation of every
// knowledge-base entry; each is parsed with the real command definitions.

/** Every `xcred ...` in backticks, and every string of a `related` list, in any JSON value. */
function suggestions(value: unknown, where: string, out: Array<{ where: string; command: string }>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/`(xcred [^`]+)`/g)) out.push({ where, command: m[1]! });
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      if (typeof v === 'string' && v.startsWith('xcred ')) out.push({ where, command: v });
      else suggestions(v, where, out);
    }
    return;
  }
  if (value !== null && typeof value === 'object') for (const v of Object.values(value)) suggestions(v, where, out);
}

let portal: RunningEmulator;
beforeAll(async () => {
  portal = await startEmulator({ scenario: 'ok' });
});
afterAll(() => portal.close());

describe('suggested commands', () => {
  it('are complete and valid in every report', async () => {
    const found: Array<{ where: string; command: string }> = [];
    for (const facts of allApis()) {
      const version = facts.apiVersion ? { apiVersion: facts.apiVersion } : {};
      for (const scenario of SCENARIOS.filter((s) => s !== 'slow')) {
        const d = await diagnose([facts.exchange], { emulator: scenario, json: true, timeout: '3000', ...version });
        suggestions(d.json, `diagnose ${facts.id} ${scenario}`, found);
        const t = await testAuth([facts.exchange], { emulator: scenario, trade: true, timeout: '3000', ...version });
        suggestions(t.json, `test-auth ${facts.id} ${scenario}`, found);
      }
      // No credentials at all, and a base URL that answers with something else than the exchange.
      const missing = await diagnose([facts.exchange], { json: true, baseUrl: portal.urls.ipEcho, ipService: [portal.urls.ipEcho], timeout: '3000', ...version });
      suggestions(missing.json, `diagnose ${facts.id} without credentials`, found);
      const api = await loadApi(facts);
      for (const entry of api.kb) {
        const e = await explain([facts.exchange, String(entry.code)], { ...version });
        suggestions(e.json, `explain ${facts.id} ${entry.code}`, found);
      }
    }
    expect(found.length).toBeGreaterThan(100);
    const bad: string[] = [];
    const seen = new Set<string>();
    for (const { where, command } of found) {
      if (seen.has(command)) continue;
      seen.add(command);
      if (/[<>]|YYYY|\.\.\.|…/.test(command)) {
        bad.push(`${where}: \`${command}\` holds a placeholder`);
        continue;
      }
      const invocations = xcredInvocations(command);
      if (invocations.length !== 1) {
        bad.push(`${where}: \`${command}\` is not one xcred command`);
        continue;
      }
      const error = await parseError(invocations[0]!);
      if (error) bad.push(`${where}: \`${command}\`: ${error}`);
    }
    expect(bad).toEqual([]);
  }, 240_000);
});
