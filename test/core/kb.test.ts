import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API } from '../apis.js';
import { explainResponse, findByCode, findByMessage, parseResponseBody } from '../../src/core/kb/lookup.js';
import { HttpTableSchema, KbSchema, type KbEntry } from '../../src/core/kb/schema.js';
type ApiId = keyof typeof API;

interface ReferenceApi {
  official: { docs: string; success: number[]; codes: Array<{ code: number; message?: string; alsoMessages?: string[]; name?: string }> };
  reported: Array<{ code: number; message: string; source: string }>;
}
const reference = JSON.parse(readFileSync(new URL('../../fixtures/reference-codes.json', import.meta.url), 'utf8')) as { apis: Record<ApiId, ReferenceApi> };
const APIS: ApiId[] = ['mexc-spot', 'mexc-futures', 'cryptocom-v1', 'cryptocom-v2'];

/** How the KB compares texts: case, spacing and final punctuation do not matter. */
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/[.!\s]+$/, '').trim();
const texts = (e: KbEntry) => [e.message, ...e.liveMessages, ...(e.name ? [e.name] : [])].map(norm);
const allSources = (e: KbEntry) => [...e.sources, ...e.causes.flatMap((c) => c.sources ?? [])];

describe('knowledge base data', () => {
  it.each(APIS)('%s validates against the zod schema, and so does its HTTP status table', (api) => {
    const result = KbSchema.safeParse(API[api].kb);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    const http = HttpTableSchema.safeParse(API[api].http);
    expect(http.success ? [] : http.error.issues).toEqual([]);
  });

  it.each(APIS)('%s has every code of the official table, with its official text', (api) => {
    const { official } = reference.apis[api];
    const problems: string[] = [];
    for (const row of official.codes) {
      if (official.success.includes(row.code)) continue;
      const e = findByCode(API[api], row.code);
      if (!e) {
        problems.push(`${row.code} missing`);
        continue;
      }
      for (const text of [row.message, ...(row.alsoMessages ?? []), row.name].filter((t): t is string => !!t)) {
        if (!texts(e).includes(norm(text))) problems.push(`${row.code}: official text "${text}" missing`);
      }
      if (!e.sources.includes(official.docs)) problems.push(`${row.code}: the official table is not among its sources`);
    }
    expect(problems).toEqual([]);
  });

  it.each(APIS)('%s has every code and live text users report, citing the report', (api) => {
    const problems: string[] = [];
    for (const r of reference.apis[api].reported) {
      const e = findByCode(API[api], r.code);
      if (!e) problems.push(`${r.code} missing`);
      else {
        if (!texts(e).includes(norm(r.message))) problems.push(`${r.code}: live text "${r.message}" missing`);
        if (!allSources(e).includes(r.source)) problems.push(`${r.code}: source ${r.source} not cited`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(APIS)('%s has no code that is neither official nor reported (no phantom codes)', (api) => {
    const known = new Set([...reference.apis[api].official.codes.map((r) => r.code), ...reference.apis[api].reported.map((r) => r.code)]);
    expect(API[api].kb.map((e) => e.code).filter((c) => !known.has(c))).toEqual([]);
  });

  it.each(APIS)('%s: an entry outside the official table cites something other than the table', (api) => {
    const official = new Set(reference.apis[api].official.codes.map((r) => r.code));
    const docs = reference.apis[api].official.docs;
    const bare = API[api].kb.filter((e) => !official.has(e.code) && allSources(e).every((s) => s === docs)).map((e) => e.code);
    expect(bare).toEqual([]);
  });

  it('carries the live message variants', () => {
    expect(findByCode(API['mexc-spot'], 10072)!.liveMessages).toContain('Api key info invalid');
    expect(findByCode(API['mexc-spot'], 700006)!.liveMessages.join()).toMatch(/not in the ip white list/);
    expect(findByCode(API['mexc-spot'], 700004)!.liveMessages.join()).toMatch(/Mandatory parameter 'signature'/);
    expect(findByCode(API['mexc-spot'], 700013)!.message).toBe('Invalid content Type.');
    expect(findByCode(API['cryptocom-v1'], 40101)!.liveMessages).toContain('Authentication failure');
  });

  it("carries the seeds' knowledge", () => {
    expect(findByCode(API['mexc-spot'], 700007)!.causes[0]!.cause).toMatch(/Read works, trade refused.*Trade permission/);
    expect(findByCode(API['cryptocom-v1'], 40101)!.causes[0]!.cause).toMatch(/secret does not belong to this key/);
    expect(findByCode(API['cryptocom-v1'], 40101)!.causes[0]!.confirm).toMatch(/signer self-test/);
    expect(findByCode(API['mexc-futures'], 1002)!.meaning).toMatch(/No key, permission or code change fixes it/);
  });

  it('puts the credential codes in the right categories', () => {
    const cat = (api: ApiId, code: number) => findByCode(API[api], code)!.category;
    expect(cat('mexc-spot', 700002)).toBe('signature');
    expect(cat('mexc-spot', 700003)).toBe('clock-skew');
    expect(cat('mexc-spot', 700006)).toBe('ip-whitelist');
    expect(cat('mexc-spot', 10072)).toBe('invalid-key');
    expect(cat('mexc-futures', 402)).toBe('expired-key');
    expect(cat('cryptocom-v1', 40102)).toBe('clock-skew');
    expect(cat('cryptocom-v1', 40103)).toBe('ip-whitelist');
    expect(cat('cryptocom-v1', 42901)).toBe('rate-limit');
  });
});

describe('causes users hit, ranked by the evidence in public threads', () => {
  const cause = (api: ApiId, code: number, pattern: RegExp) => findByCode(API[api], code)!.causes.find((c) => pattern.test(c.cause));

  it('a key made for futures only, used on spot (10072)', () => {
    expect(cause('mexc-spot', 10072, /futures only/)).toMatchObject({ category: 'permission', likelihood: 'medium' });
    expect(cause('mexc-spot', 10072, /futures only/)!.sources!.length).toBeGreaterThan(0);
  });

  it('futures order placement closed to API keys while reads work (1002, 602 on POST)', () => {
    expect(findByCode(API['mexc-futures'], 1002)!.causes[0]).toMatchObject({ category: 'permission', likelihood: 'high' });
    expect(findByCode(API['mexc-futures'], 1002)!.causes[0]!.sources!.length).toBeGreaterThanOrEqual(9);
    const c602 = findByCode(API['mexc-futures'], 602)!;
    expect(c602.causes[0]).toMatchObject({ category: 'permission' });
    expect(c602.causes[0]!.cause).toMatch(/Only POST/);
    expect(c602.category).toBe('signature'); // on a GET it is the signature
  });

  it('network names with parentheses signed unencoded (700002)', () => {
    expect(cause('mexc-spot', 700002, /parentheses/)).toMatchObject({ category: 'signature' });
    expect(cause('mexc-spot', 700002, /parentheses/)!.sources).toContain('https://github.com/mexcdevelop/mexc-api-sdk/issues/22');
  });

  it('a sub-account not allowed on a method (Crypto.com 10001 SYS_ERROR), first in v1 and v2', () => {
    for (const api of ['cryptocom-v1', 'cryptocom-v2'] as const) {
      const e = findByCode(API[api], 10001)!;
      expect(e.causes[0]!.cause).toMatch(/sub-account/);
      expect(e.causes[0]).toMatchObject({ category: 'permission', likelihood: 'high' });
      expect(e.causes.map((c) => c.category)).toEqual(['permission', 'exchange-unavailable', 'request']);
    }
  });

  it('a withdrawal address not in the address book (MEXC 10212; Crypto.com, code undocumented)', () => {
    expect(findByCode(API['mexc-spot'], 10212)).toMatchObject({ category: 'account' });
    expect(findByCode(API['mexc-spot'], 10212)!.causes[0]!.sources).toContain('https://github.com/ccxt/ccxt/issues/15746');
    expect(cause('cryptocom-v1', 40004, /whitelist/)).toMatchObject({ category: 'account', likelihood: 'low' });
  });

  it('the message picks the cause when one code carries several (MEXC 400, 700004)', () => {
    expect(findByCode(API['mexc-spot'], 400)!.causes.find((c) => c.messages?.includes('The start time cannot be earlier than 90 days'))!.category).toBe('request');
    expect(findByCode(API['mexc-spot'], 700004)!.causes.find((c) => c.messages?.some((m) => /signature/.test(m)))!.category).toBe('signature');
  });
});

describe('lookup', () => {
  it('matches messages fuzzily', () => {
    expect(findByMessage(API['mexc-spot'], 'Signature for this request is not valid')[0]!.entry.code).toBe(700002);
    expect(findByMessage(API['mexc-spot'], 'ip not in white list')[0]!.entry.code).toBe(700006);
    expect(findByMessage(API['cryptocom-v1'], 'Authentication failure')[0]!.entry.code).toBe(40101);
  });

  it('pulls the IP out of a 700006 answer and accepts string codes', () => {
    expect(parseResponseBody({ code: 700006, msg: 'IP [203.0.113.7] not in the ip white list' }).ip).toBe('203.0.113.7');
    expect(parseResponseBody({ code: '40101', message: 'Authentication failure' }).code).toBe(40101);
  });

  it('tells success, refusal and could-not-tell apart', () => {
    expect(explainResponse(API['mexc-spot'], 200, '{"balances":[]}').ok).toBe(true);
    expect(explainResponse(API['mexc-spot'], 400, '{"code":700002,"msg":"Signature for this request is not valid."}')).toMatchObject({ ok: false, indeterminate: false, category: 'signature' });
    expect(explainResponse(API['mexc-spot'], 429, '')).toMatchObject({ ok: false, indeterminate: true, category: 'rate-limit' });
    expect(explainResponse(API['mexc-spot'], 502, '<html>bad gateway</html>')).toMatchObject({ ok: false, indeterminate: true, category: 'exchange-unavailable' });
    expect(explainResponse(API['mexc-futures'], 200, '{"success":true,"code":0,"data":[]}').ok).toBe(true);
    expect(explainResponse(API['mexc-futures'], 200, '{"success":false,"code":602,"message":"Signature verification failed!"}').category).toBe('signature');
    expect(explainResponse(API['cryptocom-v1'], 200, '{"id":1,"code":0,"result":{}}').ok).toBe(true);
    expect(explainResponse(API['cryptocom-v1'], 401, '{"code":40101,"message":"Authentication failure"}').category).toBe('signature');
  });

  it('a code whose message is exactly another code\'s is not trusted as the cause (v2 calls answered by a v1 host)', () => {
    const v = explainResponse(API['cryptocom-v2'], 400, '{"id":1,"code":40002,"message":"METHOD_NOT_FOUND"}');
    expect(v).toMatchObject({ ok: false, code: 40002, entry: null, category: 'unknown' });
    // A message that is merely worded differently keeps the code's entry.
    expect(explainResponse(API['cryptocom-v1'], 401, '{"code":40101,"message":"auth failed somehow"}').entry?.code).toBe(40101);
  });
});
