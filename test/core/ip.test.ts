import { describe, expect, it } from 'vitest';
import { parseEchoBody, parseWhitelist, summariseEgress, type EchoAnswer } from '../../src/core/egress.js';
import { cidrContains, parseCidr } from '../../src/core/ip.js';

describe('CIDR matching', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.7', true],
    ['203.0.113.0/24', '203.0.114.7', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['2001:db8::/32', '2001:db8:1::5', true],
    ['2001:db8::/32', '2001:db9::5', false],
    ['2001:db8::1', '2001:0db8:0000::0001', true],
    ['203.0.113.0/24', '::ffff:203.0.113.9', true],
    ['203.0.113.0/24', '2001:db8::1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(parseCidr(cidr)!, ip)).toBe(expected);
  });

  it('rejects malformed entries', () => {
    for (const bad of ['1.2.3', '1.2.3.4/33', '2001:db8::/129', 'abc', '1.2.3.4/24/1', '1.2.3.4/x']) expect(parseCidr(bad)).toBeNull();
    expect(() => parseWhitelist('1.2.3.4, nope')).toThrow(/"nope" is not an IP address or CIDR/);
  });
});

describe('echo answers', () => {
  it('trusts only bare addresses', () => {
    expect(parseEchoBody('203.0.113.7\n')).toEqual({ ip: '203.0.113.7', error: null });
    expect(parseEchoBody('<html>hello</html>').error).toMatch(/not an IP address/);
  });

  const answer = (ip: string | null, family: 4 | 6 | null = ip ? (ip.includes(':') ? 6 : 4) : null): EchoAnswer => ({
    service: 's',
    requestedFamily: family,
    ip,
    family,
    ms: 1,
    error: ip ? null : 'timeout',
  });

  it('says which egress address is missing from the whitelist, per family', () => {
    const r = summariseEgress([answer('203.0.113.7'), answer('2001:db8::7')], null, parseWhitelist('203.0.113.0/24'));
    expect(r.whitelist!.missing).toEqual(['2001:db8::7']);
    expect(r.ok).toBe(false);
  });

  it('flags disagreeing services', () => {
    const r = summariseEgress([answer('203.0.113.7'), answer('203.0.113.8'), answer(null)], null, null);
    expect(r.consistent).toBe(false);
    expect(r.egress.ipv4).toEqual(['203.0.113.7', '203.0.113.8']);
  });

  it('is not ok when nobody answered', () => {
    expect(summariseEgress([answer(null)], null, null)).toMatchObject({ ok: false, answered: 0 });
  });
});
