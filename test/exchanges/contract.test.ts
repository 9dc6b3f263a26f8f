import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSignature, countCandidates, sentRequestOf } from '../../src/core/forensics/index.js';
import { explainResponse } from '../../src/core/kb/lookup.js';
import { Secret } from '../../src/core/secret.js';
import { HttpTableSchema, KbSchema } from '../../src/core/kb/schema.js';
import { checkVectors, type SignedRequest } from '../../src/core/signing.js';
import { run as diagnose } from '../../src/commands/diagnose.js';
import type { DiagnoseReport } from '../../src/core/diagnose/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { SCENARIOS, type ScenarioName } from '../../src/emulator/state.js';
import type { ExchangeApi } from '../../src/exchanges/contract.js';
import { allApis, loadApi, registerApi } from '../../src/exchanges/registry.js';
import { registration as fakex } from '../fixtures/fakex/index.js';

// The contract every exchange API folder fulfils, checked for every
// registered API, and for FakeX, the fictional exchange that exists only
// here (test/fixtures/fakex, the example of docs/adding-an-exchange.md).
// Adding an API to src/exchanges/registry.ts puts it under this suite with
// no new test code.

registerApi(fakex);
const IDS = allApis().map((f) => f.id);
const FOLDER_FILES = ['advice.ts', 'emulator.ts', 'facts.ts', 'index.ts', 'kb.ts', 'probes.ts', 'signer.ts', 'vectors.ts'];
/** A bound on the forensics search per request: every variant costs one HMAC. */
const MAX_FORENSICS_CANDIDATES = 250;

/** What the read probe must come to in each scenario, whatever the exchange. */
const EXPECTED: Record<ScenarioName, 'ok' | 'refused' | 'indeterminate'> = {
  ok: 'ok',
  'no-trade-permission': 'ok',
  slow: 'ok',
  'wrong-secret': 'refused',
  'ip-not-whitelisted': 'refused',
  'clock-ahead': 'refused',
  'clock-behind': 'refused',
  'no-read-permission': 'refused',
  'invalid-key': 'refused',
  'expired-key': 'refused',
  'rate-limited': 'indeterminate',
  outage: 'indeterminate',
};

const emulators = new Map<ScenarioName, RunningEmulator>();
beforeAll(async () => {
  for (const s of SCENARIOS) emulators.set(s, await startEmulator({ scenario: s, ...(s === 'slow' ? { latencyMs: 150 } : {}) }));
});
afterAll(async () => {
  await Promise.all([...emulators.values()].map((e) => e.close()));
});

async function send(r: SignedRequest | { method: string; url: string; headers?: Record<string, string>; body?: string | null }) {
  const res = await fetch(r.url, { method: r.method, headers: r.headers ?? {}, ...(r.body ? { body: r.body } : {}) });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

describe.each(IDS)('exchange API %s', (id) => {
  let api: ExchangeApi;
  beforeAll(async () => {
    api = await loadApi(id);
  });

  it('has the same files as every other exchange folder', () => {
    const dir = id === fakex.facts.id ? new URL('../fixtures/fakex/', import.meta.url) : new URL(`../../src/exchanges/${id}/`, import.meta.url);
    const files = readdirSync(dir);
    for (const f of FOLDER_FILES) expect(files).toContain(f);
  });

  it('declares usable facts', () => {
    const f = api.facts;
    expect(f.id).toBe(id);
    expect(f.exchange).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(f.env.apiKey.length).toBeGreaterThan(0);
    expect(f.env.secret.length).toBeGreaterThan(0);
    expect(f.env.baseUrl.length).toBeGreaterThan(0);
    expect(f.officialHosts).toContain(new URL(f.defaultBaseUrl).hostname);
    expect(new URL(f.defaultBaseUrl).protocol).toBe('https:');
    // The demo key fits the shapes the facts declare.
    expect(f.keyShape.pattern.test(api.emulator.demoKey.apiKey)).toBe(true);
    expect(f.secretShape.pattern.test(api.emulator.demoKey.secret)).toBe(true);
  });

  it('reproduces its known-answer vectors with its own signer', () => {
    expect(api.vectors.length).toBeGreaterThanOrEqual(2);
    const results = checkVectors(api);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('has a knowledge base that validates against the schema', () => {
    expect(api.kb.length).toBeGreaterThan(0);
    const parsed = KbSchema.safeParse(api.kb);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    // What its HTTP statuses mean when a body has no code: data, like the codes.
    const http = HttpTableSchema.safeParse(api.http);
    expect(http.success ? [] : http.error.issues).toEqual([]);
    expect(api.facts.pasteNames.length).toBeGreaterThan(0);
  });

  it('builds probes that its own emulator routes accept, and reads the clock from the public probe', async () => {
    const e = emulators.get('ok')!;
    const baseUrl = e.urls.apis[id]!;
    const creds = { apiKey: api.emulator.demoKey.apiKey, secret: api.emulator.demoKey.secret };
    const pub = api.probes.publicProbe(baseUrl);
    const pubRes = await send(pub);
    expect(pubRes.status).toBe(200);
    expect(api.probes.serverTime(pubRes)).not.toBeNull();
    const read = api.probes.readProbe(creds, baseUrl, Date.now());
    const readRes = await send(read.request);
    expect(explainResponse(api, readRes.status, readRes.body)).toMatchObject({ ok: true });
    const trade = api.probes.tradeProbe(creds, baseUrl, Date.now());
    if ('request' in trade) {
      const res = await send(trade.request);
      expect(api.probes.readTrade(explainResponse(api, res.status, res.body), true)).toBe('can-trade');
    } else {
      expect(trade.skip.length).toBeGreaterThan(10);
    }
  });

  it('routes every endpoint it lists: none answers as a path it does not serve', async () => {
    const e = emulators.get('ok')!;
    // Status and envelope code: what a client would tell an unknown path by.
    const ask = async (method: string, path: string) => {
      const res = await fetch(`${e.urls.origin}${path}`, { method, ...(method === 'GET' ? {} : { body: '{}', headers: { 'Content-Type': 'application/json' } }) });
      const text = await res.text();
      let code: unknown = null;
      try {
        code = (JSON.parse(text) as { code?: unknown }).code ?? null;
      } catch {}
      return `${res.status} ${String(code)}`;
    };
    const unknown = await ask('GET', `${api.emulator.mount}xcred-no-such-endpoint`);
    expect(api.emulator.endpoints.length).toBeGreaterThan(0);
    for (const endpoint of api.emulator.endpoints) {
      const [method, path] = endpoint.split(' ') as [string, string];
      expect(path.startsWith(api.emulator.mount), endpoint).toBe(true);
      expect(await ask(method, path.replace(/\{[^}]+\}/g, 'X')), endpoint).not.toBe(unknown);
    }
  });

  it('forensics, when the API has them: a correctly signed request is never flagged, another secret is never blamed on a mistake, the search is bounded', () => {
    const forensics = api.forensics;
    if (!forensics) return; // optional in the contract (FakeX leaves it out)
    const demo = api.emulator.demoKey;
    const signed: Array<{ request: SignedRequest; apiKey: string; secret: string }> = [
      { request: api.probes.readProbe(demo, 'https://exchange.example', Date.now()).request, ...demo },
      ...api.vectors.map((v) => ({ request: api.signer.sign(v.spec), apiKey: v.spec.apiKey, secret: v.spec.secret })),
    ];
    const trade = api.probes.tradeProbe(demo, 'https://exchange.example', Date.now());
    if ('request' in trade) signed.push({ request: trade.request, ...demo });
    for (const { request, apiKey, secret } of signed) {
      const sent = sentRequestOf(request);
      expect(analyseSignature(forensics, { request: sent, secret: new Secret(secret), apiKey }), request.url).toMatchObject({ kind: 'correct' });
      expect(analyseSignature(forensics, { request: sent, secret: new Secret('not-the-secret-of-this-key'), apiKey })).toMatchObject({ kind: 'no-match' });
      expect(countCandidates(forensics, sent)).toBeLessThanOrEqual(MAX_FORENSICS_CANDIDATES);
    }
  });

  it('serves every scenario in its own envelope: refusals are definite, outages and rate limits say nothing about the key', async () => {
    const outcomes = await Promise.all(
      SCENARIOS.map(async (s) => {
        const e = emulators.get(s)!;
        const read = api.probes.readProbe({ apiKey: api.emulator.demoKey.apiKey, secret: api.emulator.demoKey.secret }, e.urls.apis[id]!, Date.now());
        const res = await send(read.request);
        const v = explainResponse(api, res.status, res.body);
        return [s, v.ok ? 'ok' : v.indeterminate ? 'indeterminate' : 'refused'] as const;
      }),
    );
    expect(Object.fromEntries(outcomes)).toEqual(EXPECTED);
  });

  it.each(['ok', 'wrong-secret', 'outage'] as const)('diagnoses end to end against the emulator (%s)', async (scenario) => {
    const f = api.facts;
    const result = await diagnose([f.exchange], { emulator: scenario, json: true, ...(f.apiVersion ? { apiVersion: f.apiVersion } : {}), timeout: '5000' });
    const report = result.json as DiagnoseReport;
    expect(report.api).toBe(id);
    if (scenario === 'ok') expect(report).toMatchObject({ exitCode: 0, rootCause: null });
    if (scenario === 'wrong-secret') expect(report).toMatchObject({ exitCode: 1, rootCause: { category: 'signature' } });
    if (scenario === 'outage') expect(report).toMatchObject({ exitCode: 3, rootCause: { category: 'exchange-unavailable' } });
  });
});
