import { dateHeaderTime, type ClockJudgement, type ProbeSet } from '../../core/diagnose/probe-types.js';
import { signer } from './signer.js';

// What diagnose sends to Crypto.com (v1; v2 reuses this with its own method
// names and clock rule). Crypto.com has no time endpoint: the clock comes
// from the HTTP Date header.

export function cryptocomProbes(opts: { readMethod: string; judgeClock(offsetMs: number): ClockJudgement }): ProbeSet {
  return {
    publicProbe: (baseUrl) => ({ description: 'GET public/get-instruments', method: 'GET', url: `${baseUrl}/public/get-instruments`, maxBodyBytes: 16_384 }),
    serverTime: ({ headers }) => dateHeaderTime(headers),
    judgeClock: opts.judgeClock,
    readProbe: (c, baseUrl, now) => ({
      description: opts.readMethod,
      request: signer.sign({ ...c, baseUrl, path: opts.readMethod, time: now, id: 1 }),
    }),
    tradeProbe: (c, baseUrl, now) => ({
      description: 'private/cancel-order for order id "0", which cannot exist',
      request: signer.sign({ ...c, baseUrl, path: 'private/cancel-order', jsonParams: { order_id: '0' }, time: now, id: 2 }),
    }),
    // Undocumented: user reports say a key without Trade gets 40101 on trading
    // calls while reads work. Any other answer, once reads work, means the
    // request got past authentication: the answer to a cancel of an order that
    // cannot exist is not documented (40401 is seen on v1; v2 may differ).
    readTrade: (v, readOk) => {
      if (v.ok) return 'can-trade';
      // An outage says nothing, whatever its code is filed under.
      if (v.indeterminate) return 'unclear';
      if (v.category === 'request') return 'can-trade';
      if (readOk && (v.category === 'signature' || v.category === 'permission')) return 'no-trade';
      if (readOk && !v.indeterminate && (v.category === 'unknown' || v.category === 'account')) return 'can-trade';
      return 'unclear';
    },
  };
}

export const probes = cryptocomProbes({
  readMethod: 'private/user-balance',
  judgeClock: (offset) => {
    const rule = 'Crypto.com rejects a nonce more than 60 s away from its clock (40102)';
    if (Math.abs(offset) > 60_000) return { status: 'fail', rule };
    if (Math.abs(offset) > 30_000) return { status: 'warn', rule };
    return { status: 'pass', rule };
  },
});
