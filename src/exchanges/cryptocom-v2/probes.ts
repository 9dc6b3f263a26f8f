import { cryptocomProbes } from '../cryptocom-v1/probes.js';

// Legacy v2: the account read is private/get-account-summary, and the nonce window is tighter.

export const probes = cryptocomProbes({
  readMethod: 'private/get-account-summary',
  judgeClock: (offset) => {
    const rule = 'Crypto.com v2 rejects a nonce more than 30 s behind (and, per third-party copies of the docs, 1 s ahead) of its clock (10007)';
    if (offset > 30_000) return { status: 'fail', rule };
    if (-offset > 1_500 || offset > 15_000) return { status: 'warn', rule };
    return { status: 'pass', rule };
  },
});
