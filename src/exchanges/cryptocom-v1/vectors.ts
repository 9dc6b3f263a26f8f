import type { KnownAnswerVector } from '../contract.js';

// Known answers for Crypto.com Exchange v1 (shared/reference/cryptocom-api.md
// §1): the docs' examples computed with the official JavaScript snippet and
// Python hmac, and the real request of seed 002.

const base = { baseUrl: 'https://api.crypto.com/exchange/v1', method: 'POST' as const };

export const vectors: readonly KnownAnswerVector[] = [
  {
    id: 'cryptocom-doc-java-public-auth',
    source: 'Crypto.com docs Java example (reference cryptocom-api.md §1)',
    spec: { ...base, apiKey: 'token', secret: 'secretKey', path: 'public/auth', id: 11, time: 1589594102779, jsonParams: {} },
    stringToSign: 'public/auth11token1589594102779',
    signature: '9dcebf6eeec155f829227ee447dee73120e0aead42fab74d38ed5d8271793dc8',
  },
  {
    id: 'cryptocom-doc-js-order-detail',
    source: 'Crypto.com docs JavaScript example',
    spec: { ...base, apiKey: 'token', secret: 'secretKey', path: 'private/get-order-detail', id: 11, time: 1587846358253, jsonParams: { order_id: '53287421324' } },
    stringToSign: 'private/get-order-detail11tokenorder_id532874213241587846358253',
    signature: '02ef0a52c9428e5d3dcc5dd24d534ca39ef73f35acd3f6945f139a2364ef67a9',
  },
  {
    id: 'cryptocom-doc-user-balance',
    source: 'Crypto.com docs private/user-balance example body',
    spec: { ...base, apiKey: 'API_KEY', secret: 'SECRET_KEY', path: 'private/user-balance', id: 11, time: 1611022832613, jsonParams: {} },
    stringToSign: 'private/user-balance11API_KEY1611022832613',
    signature: 'd86b575387b3c48a601f7773c9ca5c995f61fb096f0d79cb2cbc9131b9074489',
  },
  {
    id: 'cryptocom-doc-cancel-order',
    source: 'Crypto.com docs private/cancel-order example body',
    spec: { ...base, apiKey: 'API_KEY', secret: 'SECRET_KEY', path: 'private/cancel-order', id: 1, time: 1610905028000, jsonParams: { order_id: '18342311' } },
    stringToSign: 'private/cancel-order1API_KEYorder_id183423111610905028000',
    signature: 'fa62fd5bfbfb583f1dfbb4dddc3f5cb29981f6e5e29bf32904269fcb1d9f1db0',
  },
  {
    id: 'cryptocom-doc-create-order-list',
    source: 'Crypto.com docs create-order-list example (nested list of objects)',
    spec: {
      ...base,
      apiKey: 'API_KEY',
      secret: 'SECRET_KEY',
      path: 'private/create-order-list',
      id: 14,
      time: 1587846358253,
      jsonParams: {
        contingency_type: 'LIST',
        order_list: [
          { instrument_name: 'ONE_USDT', side: 'BUY', type: 'LIMIT', price: '0.24', quantity: '1.0' },
          { instrument_name: 'ONE_USDT', side: 'BUY', type: 'STOP_LIMIT', price: '0.27', quantity: '1.0', trigger_price: '0.26' },
        ],
      },
    },
    stringToSign:
      'private/create-order-list14API_KEYcontingency_typeLISTorder_listinstrument_nameONE_USDTprice0.24quantity1.0sideBUYtypeLIMITinstrument_nameONE_USDTprice0.27quantity1.0sideBUYtrigger_price0.26typeSTOP_LIMIT1587846358253',
    signature: '0ce830395a52b741cd79a3f20d623de0eff72bfa9c6d87af37eba0cfafb51c6e',
  },
  {
    id: 'cryptocom-seed-002-user-balance',
    source: 'seed 002_18b5d34b474dfff6.txt: a real request, string to sign and signature',
    spec: { ...base, apiKey: 'HaTZb9EMihNmJUyNJ19frs', secret: 'cxakp_oGDfb6D6JW396cYGz8FHmg', path: 'private/user-balance', id: 1, time: 1764031976014, jsonParams: {} },
    stringToSign: 'private/user-balance1HaTZb9EMihNmJUyNJ19frs1764031976014',
    signature: 'db730a749acd41a0744a0ba597ac5230a6a3b58ea7d02a01401a8a9d73eea3f7',
  },
];
