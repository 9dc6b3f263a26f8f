import type { KnownAnswerVector } from '../contract.js';
import { MEXC_DOC_KEY } from '../mexc-spot/vectors.js';

// Known answers for the MEXC futures (contract) API, computed from the
// documented algorithm (shared/reference/mexc-api.md §1, §4).

const futures = { ...MEXC_DOC_KEY, baseUrl: 'https://contract.mexc.com', path: '/api/v1/private/x', time: 1644489390087 };

export const vectors: readonly KnownAnswerVector[] = [
  {
    id: 'mexc-futures-get-sorted',
    source: 'computed (reference mexc-api.md §4): GET params sorted by key',
    spec: { ...futures, method: 'GET', params: [['symbol', 'BTC_USDT'], ['page_num', '1'], ['page_size', '20']] },
    stringToSign: 'mx0aBYs33eIilxBWC51644489390087page_num=1&page_size=20&symbol=BTC_USDT',
    signature: '51a6189b23d578f1d50b14da4f4cda3cc5afb53d19095a9e9436bb1dd6ced504',
  },
  {
    id: 'mexc-futures-no-params',
    source: 'computed (reference mexc-api.md §1): no params sign as ""',
    spec: { ...futures, method: 'GET', params: [] },
    stringToSign: 'mx0aBYs33eIilxBWC51644489390087',
    signature: '8c0d829f0a56a0c771c2e0623e07a8f20d55a32b83a7eeb3b9c1c75d20c153b6',
  },
  {
    id: 'mexc-futures-post-body',
    source: 'computed (reference mexc-api.md §1): POST signs the exact JSON body',
    spec: { ...futures, method: 'POST', params: [], body: '{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}' },
    stringToSign: 'mx0aBYs33eIilxBWC51644489390087{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}',
    signature: 'fb451d857d6ae2cda67ea286bc9159011ef7b47b2e2c395fce222b01100035ff',
  },
];
