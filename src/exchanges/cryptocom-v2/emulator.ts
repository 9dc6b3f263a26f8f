import { cryptocomRoutes } from '../cryptocom-v1/emulator.js';

// Legacy v2 (/v2): its own codes (shared/reference/cryptocom-api.md §4) and
// the nonce window quoted by third parties: 1 s ahead, 30 s behind.

export const emulator = cryptocomRoutes({
  mount: '/v2/',
  basePath: '/v2',
  codes: { unauthorized: 10002, ip: 10003, nonce: 10007, rate: 10006, badRequest: 10004, methodNotFound: 10008, internal: 10001 },
  methods: { 'public/get-instruments': null, 'private/get-account-summary': 'read', 'private/get-open-orders': 'read', 'private/cancel-order': 'trade' },
  nonceOk: (nonce, now) => !(nonce - now > 1000 || now - nonce > 30_000),
  results: {
    'private/get-account-summary': { accounts: [{ currency: 'USDT', balance: 1000, available: 1000, order: 0, stake: 0 }] },
    'private/get-open-orders': { data: [] },
  },
  outage: { status: 500, message: 'SYS_ERROR' },
  // A guess: v2 has no NOT_FOUND code; its generic 10004 BAD_REQUEST is the closest documented answer.
  noSuchOrder: { status: 400, code: 10004, message: 'BAD_REQUEST' },
});
