import { describe, expect, it } from 'vitest';
import { maskUrlUserinfo, maskUrlUserinfoIn } from '../../src/core/redact-url.js';
import { maskIdentifier, registerApiKey, registerSecret, scrub, scrubJson, SCRUB_MIN_LENGTH } from '../../src/core/secret.js';

describe('maskUrlUserinfo', () => {
  it.each([
    ['http://user:pass@proxy:3128', 'http://user:***@proxy:3128'],
    ['https://token@api.example.com/x', 'https://***@api.example.com/x'],
    ['http://user:p@ss@host/', 'http://user:***@host/'],
    ['http://user:***@host', 'http://user:***@host'],
    ['https://api.mexc.com/api/v3/account?x=a@b', 'https://api.mexc.com/api/v3/account?x=a@b'],
    ['not a url', 'not a url'],
  ])('%s', (input, expected) => expect(maskUrlUserinfo(input)).toBe(expected));

  it('masks every URL inside text and leaves e-mail-like words alone', () => {
    expect(maskUrlUserinfoIn('proxy http://a:b@h:1 (via HTTPS_PROXY), base "https://c:d@e/f"; mail me@example.com')).toBe(
      'proxy http://a:***@h:1 (via HTTPS_PROXY), base "https://c:***@e/f"; mail me@example.com',
    );
  });
});

describe('the scrubber', () => {
  it('replaces registered secrets in every encoding and API keys with their mask', () => {
    const secret = 'Sc"rub\\Me 0123456789';
    registerSecret(secret);
    registerApiKey('mx0vScrubKey000042');
    expect(scrub(`a ${secret} b`)).toBe('a [redacted] b');
    expect(scrub(encodeURIComponent(secret))).toBe('[redacted]');
    expect(scrub(JSON.stringify(secret))).toBe('"[redacted]"');
    expect(scrub(Buffer.from(secret).toString('base64'))).toBe('[redacted]');
    expect(scrub('X-MEXC-APIKEY: mx0vScrubKey000042')).toBe('X-MEXC-APIKEY: mx0v…0042');
  });

  it('keeps JSON valid whatever the secret contains, and leaves short values alone', () => {
    const secret = '", "code": null, "x": "';
    registerSecret(secret);
    registerSecret('null');
    registerSecret('mexc');
    const doc = { exchange: 'mexc', code: null, body: `echo ${secret}`, nested: [{ [secret]: 1 }] };
    const out = JSON.parse(JSON.stringify(scrubJson(doc)));
    expect(out).toEqual({ exchange: 'mexc', code: null, body: 'echo [redacted]', nested: [{ '[redacted]': 1 }] });
    expect(scrub('xcred sign mexc: null')).toBe('xcred sign mexc: null');
    expect(SCRUB_MIN_LENGTH).toBe(12);
  });

  it('masks a value with a secret\'s shape by length and fingerprint only', () => {
    expect(maskIdentifier('mx0vglXcredDemo001')).toBe('mx0v…o001');
    expect(maskIdentifier('0123456789abcdef0123456789abcdef')).toMatch(/^\[secret-shaped value: len 32, sha256:[0-9a-f]{8}\]$/);
    expect(maskIdentifier('cxakp_XcredDemoSecret0000001')).not.toContain('cxak');
  });
});
