import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyseSignature, analyseTimestamp, countCandidates, SignatureMemory, type SentRequest } from '../../src/core/forensics/index.js';
import { parseRawJson, plainNumber, pythonNumber, RawNumber, stringifyRaw } from '../../src/core/forensics/json-raw.js';
import { ENCODERS, parseQuery, formatPairs, percentDecode } from '../../src/core/forensics/query.js';
import { Secret } from '../../src/core/secret.js';
import { API } from '../apis.js';

// The analyser's parts, one at a time: number formats as other languages
// write them, query encoders, the clock check, the memory, the outcomes that
// are not a variant (correct, no match, not a digest), and seed 002.

const hmac = (k: string, m: string) => createHmac('sha256', k).update(m).digest('hex');
const spot = API['mexc-spot'].forensics!;
const futures = API['mexc-futures'].forensics!;
const cdc = API['cryptocom-v1'].forensics!;

describe('numbers as other languages write them', () => {
  it.each([
    ['1.0', '1.0'],
    ['1', '1'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['1e-7', '1e-07'],
    ['123.456', '123.456'],
    ['1e16', '1e+16'],
    ['1000000000000000.0', '1000000000000000.0'],
    ['-2.50', '-2.5'],
  ])("Python's repr(float(%s)) is %s", (raw, py) => expect(pythonNumber(new RawNumber(raw))).toBe(py));

  it.each([
    ['1e-7', '0.0000001'],
    ['1e21', '1000000000000000000000'],
    ['1.50', '1.5'],
    ['8000.000', '8000'],
    ['-0.25', '-0.25'],
  ])("Java's BigDecimal plain string of %s is %s", (raw, plain) => expect(plainNumber(new RawNumber(raw))).toBe(plain));

  it('keeps how each number was written, and writes JSON back either way', () => {
    const v = parseRawJson('{"q": 1.0, "p": [1e-7, 2], "s": "1.0", "n": null}');
    expect(stringifyRaw(v!)).toBe('{"q":1.0,"p":[1e-7,2],"s":"1.0","n":null}');
    expect(stringifyRaw(v!, { number: (n) => n.js, itemSep: ', ', keySep: ': ' })).toBe('{"q": 1, "p": [1e-7, 2], "s": "1.0", "n": null}');
    expect(parseRawJson('{not json')).toBeUndefined();
  });
});

describe('query strings as sent, and the encoders clients use', () => {
  it('keeps every byte of a query, including "k" without "=" and empty values', () => {
    const raw = 'a=1&flag&b=&c=%2C%2c';
    expect(formatPairs(parseQuery(raw))).toBe(raw);
    expect(percentDecode('%2C%zz')).toBe(',%zz');
  });

  it.each([
    ['rfc3986', "a b(c)!*'", 'a%20b%28c%29%21%2A%27'],
    ['uri-component', "a b(c)!*'", "a%20b(c)!*'"],
    ['form', 'a b/c~', 'a+b%2Fc%7E'],
    ['python-quote', 'a b/c~', 'a%20b/c~'],
    ['python-quote-plus', 'a b/c', 'a+b%2Fc'],
    ['escape-all', 'a-b.c', 'a%2Db%2Ec'],
  ])('%s encodes %j as %j', (id, input, output) => expect(ENCODERS.find((e) => e.id === id)!.encode(input)).toBe(output));
});

describe('the clock check', () => {
  const window = { maxAheadMs: 999, maxBehindMs: 5000, rule: 'the rule' };
  const at = (raw: string, serverMs: number, resolutionMs = 1) => analyseTimestamp({ label: 'timestamp', raw, value: Number(raw) }, { serverMs, source: 'GET /time', resolutionMs }, window);

  it('names a timestamp in seconds, microseconds or nanoseconds whatever the clock', () => {
    expect(at('1764031976', 1764031976014).variant).toBe('timestamp-seconds');
    expect(at('1764031976014000', 1764031976014).variant).toBe('timestamp-microseconds');
    expect(at('1764031976014000000', 1764031976014).variant).toBe('timestamp-nanoseconds');
    expect(analyseTimestamp({ label: 'nonce', raw: '1.5e12', value: null }, { serverMs: 0, source: 'x', resolutionMs: 1 }, window).variant).toBe('timestamp-not-integer');
    expect(analyseTimestamp(null, { serverMs: 0, source: 'x', resolutionMs: 1 }, window).variant).toBe('timestamp-missing');
  });

  it('judges ahead and behind by the window, and says how precise the exchange clock is', () => {
    const s = 1764031976014;
    expect(at(String(s + 1000), s)).toMatchObject({ variant: 'clock-ahead' });
    expect(at(String(s + 999), s)).toMatchObject({ variant: 'clock-ok' });
    expect(at(String(s - 5001), s)).toMatchObject({ variant: 'clock-behind' });
    expect(at(String(s - 90_000), s, 1000).sentence).toMatch(/90\.0 s behind the exchange clock \(by GET \/time, ±0\.5 s\); the rule\./);
  });
});

describe('the memory of accepted signatures', () => {
  it('is bounded, oldest first out, and case-insensitive', () => {
    const m = new SignatureMemory(3);
    for (const s of ['A1', 'b2', 'c3', 'd4']) m.remember(s, { method: 'GET', path: '/' + s, at: 0 });
    expect(m.size).toBe(3);
    expect(m.recall('a1')).toBeUndefined();
    expect(m.recall('B2')).toMatchObject({ path: '/b2' });
  });
});

const spotReq = (query: string, sig: string, key = 'mx0aBYs33eIilxBWC5'): SentRequest => ({
  method: 'GET',
  path: '/api/v3/account',
  rawQuery: `${query}&signature=${sig}`,
  headers: { 'x-mexc-apikey': key },
  body: '',
});
const SECRET = new Secret('45d0b3c26f2644f19bfb98b07741b2f5');

describe('outcomes that are not a variant', () => {
  const q = 'recvWindow=5000&timestamp=1644489390087';
  it('the official MEXC vector is correct; a signature from another secret is "no match", never a guessed mistake', () => {
    expect(analyseSignature(spot, { request: spotReq(q, '1103ce19f47c037fc03b8b9d674e10ee76e53272851eb2a3b10321cd353fb9bf'), secret: SECRET })).toMatchObject({ kind: 'correct' });
    const none = analyseSignature(spot, { request: spotReq(q, hmac('another secret entirely', q)), secret: SECRET });
    expect(none).toMatchObject({ kind: 'no-match', variant: 'no-match' });
    expect(none.sentence).toMatch(/No known mistake reproduces this signature with the secret xcred holds for this key \(\d+ variants tried\)/);
  });

  it('a missing signature, a signature that is no digest at all, and the secret sent as the signature', () => {
    expect(analyseSignature(spot, { request: { ...spotReq(q, 'x'), rawQuery: q }, secret: SECRET })).toMatchObject({ kind: 'not-analysable', variant: 'unsigned' });
    expect(analyseSignature(spot, { request: spotReq(q, 'undefined'), secret: SECRET })).toMatchObject({ kind: 'not-analysable', variant: 'not-a-digest' });
    const leaked = analyseSignature(spot, { request: spotReq(q, SECRET.reveal()), secret: SECRET });
    expect(leaked).toMatchObject({ kind: 'mistake', variant: 'secret-sent-as-signature' });
    expect(leaked.sentence).not.toContain(SECRET.reveal());
  });

  it('a mistake and a wrongly written digest at once are both named', () => {
    const sorted = 'recvWindow=5000&symbol=BTCUSDT&timestamp=1644489390087';
    const f = analyseSignature(spot, { request: spotReq('symbol=BTCUSDT&recvWindow=5000&timestamp=1644489390087', hmac(SECRET.reveal(), sorted).toUpperCase()), secret: SECRET });
    expect(f).toMatchObject({ kind: 'mistake', variant: 'params-sorted+uppercase-hex' });
    expect(f.sentence).toMatch(/sorted by name.*It also writes the signature in uppercase hex, and the exchange accepts lowercase hex only/);
  });

  it('uppercase hex: a mistake where the exchange says lowercase only, hedged where it does not say, accepted where its verifier ignores case', () => {
    expect(analyseSignature(spot, { request: spotReq(q, hmac(SECRET.reveal(), q).toUpperCase()), secret: SECRET }).variant).toBe('uppercase-hex');
    const t = '1644489390087';
    const fut: SentRequest = { method: 'GET', path: '/api/v1/private/account/assets', rawQuery: '', headers: { apikey: 'mx0aBYs33eIilxBWC5', 'request-time': t, signature: hmac(SECRET.reveal(), 'mx0aBYs33eIilxBWC5' + t).toUpperCase() }, body: '' };
    const hedged = analyseSignature(futures, { request: fut, secret: SECRET });
    expect(hedged.variant).toBe('uppercase-hex');
    expect(hedged.sentence).toMatch(/does not say it accepts uppercase/);
    const body = { id: 1, method: 'private/user-balance', api_key: 'API_KEY', params: {}, nonce: 1611022832613 };
    const sig = hmac('SECRET_KEY', 'private/user-balance1API_KEY1611022832613').toUpperCase();
    expect(analyseSignature(cdc, { request: { method: 'POST', path: '/exchange/v1/private/user-balance', rawQuery: '', headers: {}, body: JSON.stringify({ ...body, sig }) }, secret: new Secret('SECRET_KEY') }).kind).toBe('correct');
  });

  it('seed 002: the signature in the report is right for the secret in /etc/crypto.env, so that secret is not the one Crypto.com holds for the key', () => {
    const body = { id: 1, method: 'private/user-balance', api_key: 'HaTZb9EMihNmJUyNJ19frs', params: {}, nonce: 1764031976014, sig: 'db730a749acd41a0744a0ba597ac5230a6a3b58ea7d02a01401a8a9d73eea3f7' };
    const f = analyseSignature(cdc, { request: { method: 'POST', path: '/exchange/v1/private/user-balance', rawQuery: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, secret: new Secret('cxakp_oGDfb6D6JW396cYGz8FHmg') });
    expect(f.kind).toBe('correct');
    expect(f.sentence).toMatch(/the exchange holds another secret for this key/);
  });

  it('a reused signature is recognised from the memory of accepted ones', () => {
    const memory = new SignatureMemory();
    const first = 'recvWindow=5000&timestamp=1644489390087';
    const sig = hmac(SECRET.reveal(), first);
    memory.remember(sig, { method: 'GET', path: '/api/v3/account', at: Date.UTC(2026, 0, 2, 3, 4, 5) });
    const f = analyseSignature(spot, { request: spotReq('recvWindow=5000&timestamp=1644489391234', sig), secret: SECRET, memory });
    expect(f).toMatchObject({ kind: 'mistake', variant: 'reused-signature' });
    expect(f.sentence).toMatch(/earlier request \(GET \/api\/v3\/account, accepted at 2026-01-02 03:04:05Z\)/);
  });

  it('every other order of a short query sent sorted is tried (at most 119 for five parameters), none for a long one', async () => {
    const { otherOrders } = await import('../../src/core/forensics/query.js');
    expect(otherOrders([1, 2, 3])).toHaveLength(5);
    expect(new Set(otherOrders([1, 2, 3, 4, 5]).map((o) => o.join(''))).size).toBe(119);
    expect(otherOrders([1, 2, 3, 4, 5, 6])).toEqual([]);
    const five = 'a=1&b=2&c=3&recvWindow=5000&timestamp=1644489390087'; // sent sorted: every other order is tried
    expect(countCandidates(spot, spotReq(five, 'a'.repeat(64)))).toBeGreaterThan(119);
    expect(countCandidates(spot, spotReq(five, 'a'.repeat(64)))).toBeLessThanOrEqual(250);
    expect(countCandidates(spot, spotReq('c=3&a=1&b=2&recvWindow=5000&timestamp=1644489390087', 'a'.repeat(64)))).toBeLessThan(100); // not sorted: not tried
  });

  it('the number of candidates per request is bounded for every API, even for a long request', () => {
    const long = Array.from({ length: 40 }, (_, i) => `p${i}=v%2C${i}`).join('&') + '&recvWindow=5000&timestamp=1644489390087';
    expect(countCandidates(spot, spotReq(long, 'a'.repeat(64)))).toBeLessThanOrEqual(250);
    const params = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i % 2 ? [1.5, null, { a: true }] : 'x']));
    const body = JSON.stringify({ id: 1, method: 'private/get-open-orders', api_key: 'k', params, nonce: 1764031976014, sig: 'a'.repeat(64) });
    expect(countCandidates(cdc, { method: 'POST', path: '/exchange/v1/private/get-open-orders', rawQuery: '', headers: {}, body })).toBeLessThanOrEqual(250);
  });
});
