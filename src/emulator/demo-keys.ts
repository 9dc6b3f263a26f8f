import type { ApiFacts } from '../exchanges/contract.js';
import type { ApiRoutes } from './types.js';

// The emulator's demo addresses and the lines that point a client at it.
// Demo keys are declared by each exchange folder (emulator.ts); they are
// public on purpose (README lists them) and only ever work against the emulator.

export const DEMO_CLIENT_IP = '203.0.113.10';
export const DEMO_OTHER_IP = '198.51.100.23';

/**
 * The environment lines a user pastes to point xcred (or a bot) at the
 * emulator: for each credential group, each API's base URL, then the key
 * and secret once.
 */
export function demoEnvLines(apis: ReadonlyArray<{ facts: ApiFacts; routes: ApiRoutes }>, urls: Record<string, string>): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  const push = (name: string, value: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    lines.push(`${name}=${value}`);
  };
  const groups = [...new Set(apis.map((a) => a.facts.credentialGroup))];
  for (const group of groups) {
    const members = apis.filter((a) => a.facts.credentialGroup === group);
    for (const m of members) push(m.facts.env.baseUrl[0]!, urls[m.facts.id]!);
    const first = members[0]!;
    push(first.facts.env.apiKey[0]!, first.routes.demoKey.apiKey);
    push(first.facts.env.secret[0]!, first.routes.demoKey.secret);
  }
  return lines;
}
