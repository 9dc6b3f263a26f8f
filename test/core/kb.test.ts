import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API } from '../apis.js';
import { explainResponse, findByCode, findByMessage, parseResponseBody } from '../../src/core/kb/lookup.js';
import { KbSchema } from '../../src/core/kb/schema.js';
type ApiId = keyof typeof API;

const reference = JSON.parse(readFileSync(new URL('../../fixtures/reference-codes.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const APIS: ApiId[] = ['mexc-spot', 'mexc-futures', 'cryptocom-v1', 'cryptocom-v2'];

describe('knowledge base data', () => {
  it.each(APIS)('%s validates against the zod schema', (api) => {
    const result = KbSchema.safeParse(API[api].kb);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it.each(APIS)('%s covers every code in the reference tables', (api) => {
    const success = ((reference.successCodes as Record<string, number[]>)[api] ?? []) as number[];
    const missing = (reference[api] as number[]).filter((code) => !success.includes(code) && !findByCode(API[api], code));
    expect(missing).toEqual([]);
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
});
