import { signCryptocom, type JsonObject } from './cryptocom.js';
import { signMexcFutures } from './mexc-futures.js';
import { signMexcSpot } from './mexc-spot.js';
import type { SignedRequest } from './types.js';

// Known-answer vectors. Sources are in ../shared/reference: MEXC doc examples
// 2 and 3 (Example 1's signature is a doc bug and is deliberately absent),
// computed futures and Crypto.com vectors, and the real Crypto.com request of
// seed 002. The diagnose "signer" check runs the ones for the exchange at hand.

export type VectorApi = 'mexc-spot' | 'mexc-futures' | 'cryptocom';

interface VectorBase {
  id: string;
  api: VectorApi;
  source: string;
  stringToSign: string;
  signature: string;
}

export type KnownAnswerVector =
  | (VectorBase & {
      api: 'mexc-spot';
      input: { apiKey: string; secret: string; params: [string, string][]; body?: string; timestamp: number; recvWindow: number };
    })
  | (VectorBase & {
      api: 'mexc-futures';
      input: { apiKey: string; secret: string; method: 'GET' | 'POST'; params: [string, string][]; body?: string; requestTime: number };
    })
  | (VectorBase & {
      api: 'cryptocom';
      input: { apiKey: string; secret: string; method: string; id: number; nonce: number; params: JsonObject };
    });

const MEXC_DOC_KEY = { apiKey: 'mx0aBYs33eIilxBWC5', secret: '45d0b3c26f2644f19bfb98b07741b2f5' };

export const KNOWN_ANSWER_VECTORS: readonly KnownAnswerVector[] = [
  {
    id: 'mexc-doc-example-2',
    api: 'mexc-spot',
    source: 'MEXC spot v3 docs, SIGNED, Example 2 (all parameters in the query)',
    input: {
      ...MEXC_DOC_KEY,
      params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '1'], ['price', '11']],
      timestamp: 1644489390087,
      recvWindow: 5000,
    },
    stringToSign: 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000&timestamp=1644489390087',
    signature: 'fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a',
  },
  {
    id: 'mexc-doc-example-3',
    api: 'mexc-spot',
    source: 'MEXC spot v3 docs, SIGNED, Example 3 (query and body concatenated without "&")',
    input: {
      ...MEXC_DOC_KEY,
      params: [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT']],
      body: 'quantity=1&price=11&recvWindow=5000&timestamp=1644489390087',
      timestamp: 1644489390087,
      recvWindow: 5000,
    },
    stringToSign: 'symbol=BTCUSDT&side=BUY&type=LIMITquantity=1&price=11&recvWindow=5000&timestamp=1644489390087',
    signature: 'd1a676610ceb39174c8039b3f548357994b2a34139a8addd33baadba65684592',
  },
  {
    id: 'mexc-account-read',
    api: 'mexc-spot',
    source: 'computed with openssl and node (reference mexc-api.md §1), the GET /api/v3/account shape',
    input: { ...MEXC_DOC_KEY, params: [], timestamp: 1644489390087, recvWindow: 5000 },
    stringToSign: 'recvWindow=5000&timestamp=1644489390087',
    signature: '1103ce19f47c037fc03b8b9d674e10ee76e53272851eb2a3b10321cd353fb9bf',
  },
  {
    id: 'mexc-futures-get-sorted',
    api: 'mexc-futures',
    source: 'computed (reference mexc-api.md §4): GET params sorted by key',
    input: {
      ...MEXC_DOC_KEY,
      method: 'GET',
      params: [['symbol', 'BTC_USDT'], ['page_num', '1'], ['page_size', '20']],
      requestTime: 1644489390087,
    },
    stringToSign: 'mx0aBYs33eIilxBWC51644489390087page_num=1&page_size=20&symbol=BTC_USDT',
    signature: '51a6189b23d578f1d50b14da4f4cda3cc5afb53d19095a9e9436bb1dd6ced504',
  },
  {
    id: 'mexc-futures-no-params',
    api: 'mexc-futures',
    source: 'computed (reference mexc-api.md §1): no params sign as ""',
    input: { ...MEXC_DOC_KEY, method: 'GET', params: [], requestTime: 1644489390087 },
    stringToSign: 'mx0aBYs33eIilxBWC51644489390087',
    signature: '8c0d829f0a56a0c771c2e0623e07a8f20d55a32b83a7eeb3b9c1c75d20c153b6',
  },
  {
    id: 'mexc-futures-post-body',
    api: 'mexc-futures',
    source: 'computed (reference mexc-api.md §1): POST signs the exact JSON body',
    input: {
      ...MEXC_DOC_KEY,
      method: 'POST',
      params: [],
      body: '{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}',
      requestTime: 1644489390087,
    },
    stringToSign:
      'mx0aBYs33eIilxBWC51644489390087{"symbol":"BTC_USDT","price":8800,"vol":1,"side":1,"type":1,"openType":1}',
    signature: 'fb451d857d6ae2cda67ea286bc9159011ef7b47b2e2c395fce222b01100035ff',
  },
  {
    id: 'cryptocom-doc-java-public-auth',
    api: 'cryptocom',
    source: 'Crypto.com docs Java example (reference cryptocom-api.md §1)',
    input: { apiKey: 'token', secret: 'secretKey', method: 'public/auth', id: 11, nonce: 1589594102779, params: {} },
    stringToSign: 'public/auth11token1589594102779',
    signature: '9dcebf6eeec155f829227ee447dee73120e0aead42fab74d38ed5d8271793dc8',
  },
  {
    id: 'cryptocom-doc-js-order-detail',
    api: 'cryptocom',
    source: 'Crypto.com docs JavaScript example',
    input: {
      apiKey: 'token',
      secret: 'secretKey',
      method: 'private/get-order-detail',
      id: 11,
      nonce: 1587846358253,
      params: { order_id: '53287421324' },
    },
    stringToSign: 'private/get-order-detail11tokenorder_id532874213241587846358253',
    signature: '02ef0a52c9428e5d3dcc5dd24d534ca39ef73f35acd3f6945f139a2364ef67a9',
  },
  {
    id: 'cryptocom-doc-user-balance',
    api: 'cryptocom',
    source: 'Crypto.com docs private/user-balance example body',
    input: { apiKey: 'API_KEY', secret: 'SECRET_KEY', method: 'private/user-balance', id: 11, nonce: 1611022832613, params: {} },
    stringToSign: 'private/user-balance11API_KEY1611022832613',
    signature: 'd86b575387b3c48a601f7773c9ca5c995f61fb096f0d79cb2cbc9131b9074489',
  },
  {
    id: 'cryptocom-doc-cancel-order',
    api: 'cryptocom',
    source: 'Crypto.com docs private/cancel-order example body',
    input: {
      apiKey: 'API_KEY',
      secret: 'SECRET_KEY',
      method: 'private/cancel-order',
      id: 1,
      nonce: 1610905028000,
      params: { order_id: '18342311' },
    },
    stringToSign: 'private/cancel-order1API_KEYorder_id183423111610905028000',
    signature: 'fa62fd5bfbfb583f1dfbb4dddc3f5cb29981f6e5e29bf32904269fcb1d9f1db0',
  },
  {
    id: 'cryptocom-doc-create-order-list',
    api: 'cryptocom',
    source: 'Crypto.com docs create-order-list example (nested list of objects)',
    input: {
      apiKey: 'API_KEY',
      secret: 'SECRET_KEY',
      method: 'private/create-order-list',
      id: 14,
      nonce: 1587846358253,
      params: {
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
    api: 'cryptocom',
    source: 'seed 002_18b5d34b474dfff6.txt: a real request, string to sign and signature',
    input: {
      apiKey: 'HaTZb9EMihNmJUyNJ19frs',
      secret: 'cxakp_oGDfb6D6JW396cYGz8FHmg',
      method: 'private/user-balance',
      id: 1,
      nonce: 1764031976014,
      params: {},
    },
    stringToSign: 'private/user-balance1HaTZb9EMihNmJUyNJ19frs1764031976014',
    signature: 'db730a749acd41a0744a0ba597ac5230a6a3b58ea7d02a01401a8a9d73eea3f7',
  },
];

/** Run one vector through the production signer. */
export function runVector(v: KnownAnswerVector): SignedRequest {
  switch (v.api) {
    case 'mexc-spot':
      return signMexcSpot({
        ...v.input,
        method: v.input.body ? 'POST' : 'GET',
        baseUrl: 'https://api.mexc.com',
        path: '/api/v3/order',
      });
    case 'mexc-futures':
      return signMexcFutures({ ...v.input, baseUrl: 'https://contract.mexc.com', path: '/api/v1/private/x' });
    case 'cryptocom':
      return signCryptocom({ ...v.input, baseUrl: 'https://api.crypto.com/exchange/v1' });
  }
}

export interface VectorResult {
  id: string;
  source: string;
  ok: boolean;
  expected: string;
  actual: string;
}

export function checkVectors(api: VectorApi): VectorResult[] {
  return KNOWN_ANSWER_VECTORS.filter((v) => v.api === api).map((v) => {
    const signed = runVector(v);
    const ok = signed.signature === v.signature && signed.stringToSign === v.stringToSign;
    return { id: v.id, source: v.source, ok, expected: v.signature, actual: signed.signature };
  });
}
