import { describe, expect, it } from 'vitest';
import { explainResponse } from '../../src/core/kb/lookup.js';
import { API } from '../apis.js';

// Issue #13 item 9: a Crypto.com v2 key that works reads as "may trade" when
// the cancel of an order that cannot exist gets an answer v2's table lacks
// (40401 is v1's NOT_FOUND), as v1 reads the same answer.

describe('Crypto.com trade probe reading', () => {
  it.each(['cryptocom-v1', 'cryptocom-v2'] as const)('%s: NOT_FOUND for a cancel after a working read means the key may trade', (id) => {
    const api = API[id];
    const v = explainResponse(api, 200, '{"id":2,"method":"private/cancel-order","code":40401,"message":"NOT_FOUND"}');
    expect(api.probes.readTrade(v, true)).toBe('can-trade');
  });

  it.each(['cryptocom-v1', 'cryptocom-v2'] as const)('%s: an authentication error after a working read means no Trade permission', (id) => {
    const api = API[id];
    const code = id === 'cryptocom-v1' ? 40101 : 10002;
    const v = explainResponse(api, 401, `{"code":${code},"message":"UNAUTHORIZED"}`);
    expect(api.probes.readTrade(v, true)).toBe('no-trade');
  });

  it('an outage is never read as a permission', () => {
    const api = API['cryptocom-v2'];
    expect(api.probes.readTrade(explainResponse(api, 500, '{"code":10001,"message":"SYS_ERROR"}'), true)).toBe('unclear');
  });
});
