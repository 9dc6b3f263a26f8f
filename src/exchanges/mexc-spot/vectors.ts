import type { KnownAnswerVector } from '../contract.js';

// Known answers for MEXC spot v3 (shared/reference/mexc-api.md §1). Doc
// Example 1's signature is a doc bug (it does not reproduce) and is
// deliberately absent.

export const MEXC_DOC_KEY = { apiKey: 'mx0aBYs33eIilxBWC5', secret: '45d0b3c26f2644f19bfb98b07741b2f5' };
const spot = { ...MEXC_DOC_KEY, baseUrl: 'https://api.mexc.com', path: '/api/v3/order', time: 1644489390087, recvWindow: 5000 };

export const vectors: readonly KnownAnswerVector[] = [
  {
    id: 'mexc-doc-example-2',
    source: 'MEXC spot v3 docs, SIGNED, Example 2 (all parameters in the query)',
    spec: { ...spot, method: 'GET', params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '1'], ['price', '11']] },
    stringToSign: 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000&timestamp=1644489390087',
    signature: 'fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a',
  },
  {
    id: 'mexc-doc-example-3',
    source: 'MEXC spot v3 docs, SIGNED, Example 3 (query and body concatenated without "&")',
    spec: {
      ...spot,
      method: 'POST',
      params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT']],
      body: 'quantity=1&price=11&recvWindow=5000&timestamp=1644489390087',
    },
    stringToSign: 'symbol=BTCUSDT&side=BUY&type=LIMITquantity=1&price=11&recvWindow=5000&timestamp=1644489390087',
    signature: 'd1a676610ceb39174c8039b3f548357994b2a34139a8addd33baadba65684592',
  },
  {
    id: 'mexc-account-read',
    source: 'computed with openssl and node (reference mexc-api.md §1), the GET /api/v3/account shape',
    spec: { ...spot, method: 'GET', params: [] },
    stringToSign: 'recvWindow=5000&timestamp=1644489390087',
    signature: '1103ce19f47c037fc03b8b9d674e10ee76e53272851eb2a3b10321cd353fb9bf',
  },
];
