import { describe, expect, it } from 'vitest';
import { rfc3986 } from '../../src/core/encoding.js';
import { parseParamsObject } from '../../src/core/json-numbers.js';
import { checkVectors as checkApiVectors } from '../../src/core/signing.js';
import { cryptocomParamString, signCryptocom } from '../../src/exchanges/cryptocom-v1/signer.js';
import { mexcFuturesParamString, signMexcFutures } from '../../src/exchanges/mexc-futures/signer.js';
import { signMexcSpot } from '../../src/exchanges/mexc-spot/signer.js';
import { UsageError } from '../../src/errors.js';
import { API } from '../apis.js';

// Every API's vectors (Crypto.com v2 reuses v1's), each run through its own signer.
const KNOWN_ANSWER_VECTORS = [...new Map(Object.values(API).flatMap((a) => a.vectors.map((v) => [v.id, { ...v, api: a }] as const))).values()];
const runVector = (v: (typeof KNOWN_ANSWER_VECTORS)[number]) => v.api.signer.sign(v.spec);
const checkVectors = (api: 'mexc-spot' | 'mexc-futures' | 'cryptocom') => checkApiVectors(API[api === 'cryptocom' ? 'cryptocom-v1' : api]);

describe('known-answer vectors', () => {
  it.each(KNOWN_ANSWER_VECTORS.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const signed = runVector(v);
    expect(signed.stringToSign).toBe(v.stringToSign);
    expect(signed.signature).toBe(v.signature);
  });

  it('covers every API and the seed request', () => {
    const ids = KNOWN_ANSWER_VECTORS.map((v) => v.id);
    expect(ids).toContain('cryptocom-seed-002-user-balance');
    expect(ids).toContain('mexc-doc-example-2');
    expect(ids).toContain('mexc-doc-example-3');
    for (const api of ['mexc-spot', 'mexc-futures', 'cryptocom'] as const) {
      expect(checkVectors(api).length).toBeGreaterThan(1);
      expect(checkVectors(api).every((r) => r.ok)).toBe(true);
    }
  });

  it('does not carry the MEXC doc Example 1 signature, which is wrong', () => {
    expect(KNOWN_ANSWER_VECTORS.some((v) => v.signature === '323c96ab85a745712e95e63cad28903dd8292e4a905e99c4ee3932023843a117')).toBe(false);
  });
});

describe('RFC 3986 encoding', () => {
  it('encodes the characters encodeURIComponent leaves alone, uppercase hex', () => {
    expect(rfc3986('BEP20(BSC)')).toBe('BEP20%28BSC%29');
    expect(rfc3986("a b!*'")).toBe('a%20b%21%2A%27');
    expect(rfc3986('1,2')).toBe('1%2C2');
    expect(rfc3986('A-z_0.9~')).toBe('A-z_0.9~');
  });
});

const base = { apiKey: 'mx0aBYs33eIilxBWC5', secret: '45d0b3c26f2644f19bfb98b07741b2f5', baseUrl: 'https://api.mexc.com' };

describe('MEXC spot signer', () => {
  it('keeps the user order, appends recvWindow and timestamp, then signature last', () => {
    const s = signMexcSpot({ ...base, method: 'GET', path: '/api/v3/openOrders', params: [['symbol', 'BTCUSDT']], timestamp: 1, recvWindow: 5000 });
    expect(s.stringToSign).toBe('symbol=BTCUSDT&recvWindow=5000&timestamp=1');
    expect(s.url).toBe(`https://api.mexc.com/api/v3/openOrders?symbol=BTCUSDT&recvWindow=5000&timestamp=1&signature=${s.signature}`);
    expect(s.headers).toEqual({ 'X-MEXC-APIKEY': base.apiKey, 'Content-Type': 'application/json' });
  });

  it('sorts by key with sort', () => {
    const s = signMexcSpot({ ...base, method: 'GET', path: '/x', params: [['z', '1'], ['a', '2']], timestamp: 1, sort: true });
    expect(s.stringToSign).toBe('a=2&recvWindow=5000&timestamp=1&z=1');
  });

  it('signs the encoded value, not the raw one', () => {
    const s = signMexcSpot({ ...base, method: 'GET', path: '/x', params: [['network', 'BEP20(BSC)'], ['memo', 'a b']], timestamp: 1 });
    expect(s.stringToSign).toBe('network=BEP20%28BSC%29&memo=a%20b&recvWindow=5000&timestamp=1');
  });

  it('refuses recvWindow above 60000 and says why', () => {
    expect(() => signMexcSpot({ ...base, method: 'GET', path: '/x', params: [], timestamp: 1, recvWindow: 60001 })).toThrow(UsageError);
    expect(() => signMexcSpot({ ...base, method: 'GET', path: '/x', params: [], timestamp: 1, recvWindow: 60001 })).toThrow(/60000/);
  });

  it('flags exactly 60000 as uncertain, both ways', () => {
    const s = signMexcSpot({ ...base, method: 'GET', path: '/x', params: [], timestamp: 1, recvWindow: 60000 });
    expect(s.notes.join(' ')).toMatch(/uncertain.*59999/);
  });

  it('refuses a user-supplied signature parameter', () => {
    expect(() => signMexcSpot({ ...base, method: 'GET', path: '/x', params: [['signature', 'x']], timestamp: 1 })).toThrow(UsageError);
  });

  it('signs a form body after the query, no "&" between (Example 3), and sends it as given', () => {
    const s = signMexcSpot({ ...base, method: 'POST', path: '/api/v3/order', params: [['symbol', 'BTCUSDT']], body: 'side=BUY&quantity=1', timestamp: 1 });
    expect(s.stringToSign).toBe('symbol=BTCUSDT&recvWindow=5000&timestamp=1side=BUY&quantity=1');
    expect(s.body).toBe('side=BUY&quantity=1');
  });

  it('does not sign a JSON body (broker endpoints, ccxt) and says so, uncertain for other endpoints', () => {
    const body = '{"side":"BUY","quantity":"1"}';
    const s = signMexcSpot({ ...base, method: 'POST', path: '/api/v3/order/test', params: [['symbol', 'BTCUSDT']], body, timestamp: 1 });
    expect(s.stringToSign).toBe('symbol=BTCUSDT&recvWindow=5000&timestamp=1');
    expect(s.body).toBe(body);
    expect(s.notes.join(' ')).toMatch(/JSON body is not signed.*700002.*--param/);
  });

  it('refuses a body on a GET: MEXC spot reads GET parameters from the query', () => {
    expect(() => signMexcSpot({ ...base, method: 'GET', path: '/x', params: [], body: '{"a":1}', timestamp: 1 })).toThrow(/sends no body.*--param/);
  });
});

describe('MEXC futures signer', () => {
  it('sorts GET params and leaves out nulls', () => {
    expect(mexcFuturesParamString([['b', '2'], ['a', '1'], ['c', null]])).toBe('a=1&b=2');
  });

  it('puts the sorted string in the URL and sends the headers', () => {
    const s = signMexcFutures({ ...base, baseUrl: 'https://contract.mexc.com', method: 'GET', path: '/api/v1/private/order/list', params: [['symbol', 'BTC_USDT'], ['page_num', '1']], requestTime: 5, recvWindow: 10000 });
    expect(s.url).toBe('https://contract.mexc.com/api/v1/private/order/list?page_num=1&symbol=BTC_USDT');
    expect(s.headers).toMatchObject({ ApiKey: base.apiKey, 'Request-Time': '5', Signature: s.signature, 'Content-Type': 'application/json', 'Recv-Window': '10000' });
  });

  it('reports the raw-value variant when encoding changes a value', () => {
    const s = signMexcFutures({ ...base, method: 'GET', path: '/x', params: [['ids', '1,2']], requestTime: 5 });
    expect(s.stringToSign.endsWith('ids=1%2C2')).toBe(true);
    expect(s.notes[0]).toMatch(/ids=1,2/);
  });

  it('refuses POST params outside the body', () => {
    expect(() => signMexcFutures({ ...base, method: 'POST', path: '/x', params: [['a', '1']], requestTime: 5 })).toThrow(UsageError);
  });
});

describe('Crypto.com param string (official JavaScript reference)', () => {
  it.each([
    [{ instrument_name: 'BTC_USDT', count: 10 }, 'count10instrument_nameBTC_USDT'],
    [{ outer: { b: '2', a: '1' } }, 'outera1b2'],
    [{ items: [{ b: '2' }, { a: '1' }] }, 'itemsb2a1'],
    [{ key: null }, 'keynull'],
    [{ a: true, b: null, c: { y: '2', x: '1' }, d: 1.0 }, 'atruebnullcx1y2d1'],
    [{ exec_inst: ['POST_ONLY'] }, 'exec_instPOST_ONLY'],
    [{}, ''],
  ])('%j -> %s', (params, expected) => {
    expect(cryptocomParamString(params as never)).toBe(expected);
  });

  it('sends empty params as {} and signs them as the empty string', () => {
    const s = signCryptocom({ apiKey: 'k', secret: 's', method: 'private/user-balance', baseUrl: 'https://api.crypto.com/exchange/v1', id: 1, nonce: 2, params: {} });
    expect(s.stringToSign).toBe('private/user-balance1k2');
    expect(JSON.parse(s.body!)).toEqual({ id: 1, method: 'private/user-balance', api_key: 'k', params: {}, nonce: 2, sig: s.signature });
    expect(s.url).toBe('https://api.crypto.com/exchange/v1/private/user-balance');
  });
});

describe('Crypto.com params: numbers become strings', () => {
  it('keeps the number exactly as written', () => {
    const r = parseParamsObject('{"price": 8000.000, "n": -1e3, "s": "1.0", "list": [1, "x"]}', '--params');
    expect(r.params).toEqual({ price: '8000.000', n: '-1e3', s: '1.0', list: ['1', 'x'] });
    expect(r.quoted).toEqual(['8000.000', '-1e3', '1']);
  });

  it('leaves digits inside strings alone, escapes included', () => {
    expect(parseParamsObject('{"a":"x\\"12"}', 'p').params).toEqual({ a: 'x"12' });
  });

  it('refuses non-objects and broken JSON with a one-line error', () => {
    expect(() => parseParamsObject('[1]', '--params')).toThrow(/JSON object/);
    expect(() => parseParamsObject('{"a":', '--params')).toThrow(/not valid JSON/);
  });
});
