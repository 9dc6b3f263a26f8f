import { createHmac } from 'node:crypto';

// Small exchange clients, each written here from scratch the way real bots
// are written, most with one deliberate mistake. They know nothing of xcred's
// signers or of the analyser: each builds its request, signs it (right or
// wrong) with node:crypto, and hands back exactly what goes on the wire.
// The correct ones transcribe how ccxt 4.5.84's sign() and the official
// SDKs and demos build their requests (shared/reference/*.md §6, §7).

export type ApiId = 'mexc-spot' | 'mexc-futures' | 'cryptocom-v1' | 'cryptocom-v2';

export interface WireRequest {
  method: string;
  /** Path and query string exactly as sent. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ClientContext {
  apiKey: string;
  secret: string;
  /** Base path of the API on the server ('' for MEXC, '/exchange/v1', '/v2'). */
  basePath: string;
  /** Sends an earlier request through the same way (for the retry client). */
  send(r: WireRequest): Promise<{ status: number; body: string }>;
}

export type Client = (c: ClientContext) => WireRequest | Promise<WireRequest>;

const hmac = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg).digest('hex');
const now = () => Date.now();
const pause = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};
/** RFC 3986, uppercase: what ccxt's urlencode and MEXC expect. */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const qs = (pairs: Array<[string, string]>, enc = rfc3986) => pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&');

// ---------------------------------------------------------------- MEXC spot

const spotHeaders = (c: ClientContext) => ({ 'X-MEXC-APIKEY': c.apiKey, 'Content-Type': 'application/json' });
const spotGet = (c: ClientContext, path: string, query: string, signature: string): WireRequest => ({
  method: 'GET',
  target: `${path}?${query}&signature=${signature}`,
  headers: spotHeaders(c),
});

export const mexcSpot: Record<string, Client> = {
  // ccxt 4.5.84 sign(): params, then timestamp and recvWindow, urlencoded (RFC 3986), HMAC over exactly that, signature last.
  ccxtCreateOrderTest: (c) => {
    const query = qs([['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['quantity', '0.0001'], ['price', '20000'], ['timestamp', String(now())], ['recvWindow', '5000']]);
    return { method: 'POST', target: `/api/v3/order/test?${query}&signature=${hmac(c.secret, query)}`, headers: { 'X-MEXC-APIKEY': c.apiKey, source: 'CCXT', 'Content-Type': 'application/json', 'Content-Length': '0' }, body: '' };
  },
  ccxtOpenOrders: (c) => {
    // ccxt sends no Content-Type on GET; the emulator, like MEXC since 2024-02, wants one on every private call.
    const query = qs([['symbol', 'BTCUSDT'], ['timestamp', String(now())], ['recvWindow', '5000']]);
    return { method: 'GET', target: `/api/v3/openOrders?${query}&signature=${hmac(c.secret, query)}`, headers: { 'X-MEXC-APIKEY': c.apiKey, source: 'CCXT', 'Content-Type': 'application/json' } };
  },
  // mexc-api-sdk: k=encodeURIComponent(v) in insertion order, timestamp last, no recvWindow.
  officialSdk: (c) => {
    const query = Object.entries({ symbol: 'BTCUSDT', timestamp: now() }).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return spotGet(c, '/api/v3/openOrders', query, hmac(c.secret, query));
  },
  // mexc-api-demo Python: signs "k=quote(v)&timestamp=T" and sends the signature before the timestamp.
  demoPythonSignatureFirst: (c) => {
    const t = now();
    const signed = `symbol=BTCUSDT&timestamp=${t}`;
    return { method: 'GET', target: `/api/v3/openOrders?symbol=BTCUSDT&signature=${hmac(c.secret, signed)}&timestamp=${t}`, headers: spotHeaders(c) };
  },

  // Mistakes.
  signsBeforeEncoding: (c) => {
    const pairs: Array<[string, string]> = [['coin', 'USDT'], ['network', 'BEP20(BSC)'], ['timestamp', String(now())]];
    const signed = pairs.map(([k, v]) => `${k}=${v}`).join('&');
    return spotGet(c, '/api/v3/account', qs(pairs), hmac(c.secret, signed));
  },
  signsEncodedSendsRaw: (c) => {
    const pairs: Array<[string, string]> = [['coin', 'USDT'], ['network', 'BEP20(BSC)'], ['timestamp', String(now())]];
    return spotGet(c, '/api/v3/account', pairs.map(([k, v]) => `${k}=${v}`).join('&'), hmac(c.secret, qs(pairs)));
  },
  signsWithEncodeURIComponent: (c) => {
    const pairs: Array<[string, string]> = [['memo', 'a b(c)'], ['timestamp', String(now())]];
    return spotGet(c, '/api/v3/account', qs(pairs), hmac(c.secret, qs(pairs, encodeURIComponent)));
  },
  signsLowercasePercent: (c) => {
    const query = qs([['symbols', 'BTCUSDT,ETHUSDT'], ['timestamp', String(now())]]);
    return spotGet(c, '/api/v3/account', query, hmac(c.secret, query.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())));
  },
  signsSortedSendsInsertionOrder: (c) => {
    const params: Record<string, string> = { symbol: 'BTCUSDT', limit: '10', timestamp: String(now()), recvWindow: '5000' };
    const sorted = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
    return spotGet(c, '/api/v3/openOrders', Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&'), hmac(c.secret, sorted));
  },
  httpLibrarySortsWhatItSends: (c) => {
    // Go-style: the string to sign built by hand, the URL from url.Values.Encode(), which sorts by name.
    const params: Array<[string, string]> = [['symbol', 'BTCUSDT'], ['limit', '10'], ['timestamp', String(now())]];
    const signed = params.map(([k, v]) => `${k}=${v}`).join('&');
    const sent = [...params].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
    return spotGet(c, '/api/v3/openOrders', sent, hmac(c.secret, signed));
  },
  leavesBodyOut: (c) => {
    const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT';
    const body = `quantity=0.0001&price=20000&recvWindow=5000&timestamp=${now()}`;
    return { method: 'POST', target: `/api/v3/order/test?${query}&signature=${hmac(c.secret, query)}`, headers: { ...spotHeaders(c), 'Content-Length': String(body.length) }, body };
  },
  signsJsonBody: (c) => {
    const query = `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.0001&price=20000&timestamp=${now()}`;
    const body = JSON.stringify({ note: 'grid bot' });
    return { method: 'POST', target: `/api/v3/order/test?${query}&signature=${hmac(c.secret, query + body)}`, headers: { ...spotHeaders(c), 'Content-Length': String(body.length) }, body };
  },
  ampersandBeforeBody: (c) => {
    const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT';
    const body = `quantity=0.0001&price=20000&timestamp=${now()}`;
    return { method: 'POST', target: `/api/v3/order/test?${query}&signature=${hmac(c.secret, query + '&' + body)}`, headers: { ...spotHeaders(c), 'Content-Length': String(body.length) }, body };
  },
  signsBeforeRecvWindow: (c) => {
    const signed = `symbol=BTCUSDT&timestamp=${now()}`;
    const query = `${signed}&recvWindow=10000`;
    return spotGet(c, '/api/v3/openOrders', query, hmac(c.secret, signed));
  },
  readsClockTwice: (c) => {
    const signed = `symbol=BTCUSDT&recvWindow=5000&timestamp=${now()}`;
    pause(3);
    return spotGet(c, '/api/v3/openOrders', `symbol=BTCUSDT&recvWindow=5000&timestamp=${now()}`, hmac(c.secret, signed));
  },
  timestampInSeconds: (c) => {
    const query = `recvWindow=5000&timestamp=${Math.floor(now() / 1000)}`;
    return spotGet(c, '/api/v3/account', query, hmac(c.secret, query));
  },
  uppercaseHex: (c) => {
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, hmac(c.secret, query).toUpperCase());
  },
  base64Digest: (c) => {
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, encodeURIComponent(createHmac('sha256', c.secret).update(query).digest('base64')));
  },
  secretReadWithNewline: (c) => {
    const secret = `${c.secret}\n`; // fs.readFileSync('secret.txt', 'utf8'), not trimmed
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, hmac(secret, query));
  },
  secretWithQuotes: (c) => {
    const secret = `"${c.secret}"`; // MEXC_SECRET_KEY="..." read by a loader that keeps quotes
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, hmac(secret, query));
  },
  secretWithLeadingSpace: (c) => {
    const secret = ` ${c.secret}`; // MEXC_SECRET_KEY= 7d1c...
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, hmac(secret, query));
  },
  secretHexDecoded: (c) => {
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, hmac(Buffer.from(c.secret, 'hex'), query));
  },
  signsWithApiKey: (c) => {
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, hmac(c.apiKey, query));
  },
  hmacArgumentsSwapped: (c) => {
    const query = `recvWindow=5000&timestamp=${now()}`;
    return spotGet(c, '/api/v3/account', query, createHmac('sha256', query).update(c.secret).digest('hex'));
  },
  keyAndSecretSwappedInConfig: (c) => {
    const [apiKey, secret] = [c.secret, c.apiKey];
    const query = `recvWindow=5000&timestamp=${now()}`;
    return { method: 'GET', target: `/api/v3/account?${query}&signature=${hmac(secret, query)}`, headers: { 'X-MEXC-APIKEY': apiKey, 'Content-Type': 'application/json' } };
  },
  retryReusesSignature: async (c) => {
    const first = `symbol=BTCUSDT&recvWindow=5000&timestamp=${now()}`;
    const signature = hmac(c.secret, first);
    await c.send(spotGet(c, '/api/v3/openOrders', first, signature));
    pause(5);
    // The retry takes a fresh timestamp but keeps the signature it already had.
    return spotGet(c, '/api/v3/openOrders', `symbol=BTCUSDT&recvWindow=5000&timestamp=${now()}`, signature);
  },
};

// ------------------------------------------------------------- MEXC futures

const futHeaders = (c: ClientContext, time: string, signature: string) => ({ ApiKey: c.apiKey, 'Request-Time': time, Signature: signature, 'Content-Type': 'application/json' });

export const mexcFutures: Record<string, Client> = {
  // ccxt: keysort + urlencode for GET, HMAC(apiKey + timestamp + auth).
  ccxtAssets: (c) => {
    const t = String(now());
    const auth = qs(Object.entries({ currency: 'USDT', page_num: '1' }).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { method: 'GET', target: `/api/v1/private/account/assets?${auth}`, headers: { ...futHeaders(c, t, hmac(c.secret, c.apiKey + t + auth)), source: 'CCXT' } };
  },
  // mexc-api-demo Node signer: raw sorted values signed, the URL encoded.
  demoRawValues: (c) => {
    const t = String(now());
    const params: Record<string, string> = { symbols: 'BTC_USDT,ETH_USDT' };
    const raw = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
    return { method: 'GET', target: `/api/v1/private/account/assets?${qs(Object.entries(params))}`, headers: { ...futHeaders(c, t, hmac(c.secret, c.apiKey + t + raw)), 'Recv-Window': '10000' } };
  },

  // Mistakes.
  getParamsNotSorted: (c) => {
    const t = String(now());
    const query = 'symbol=BTC_USDT&page_size=20&page_num=1';
    return { method: 'GET', target: `/api/v1/private/account/assets?${query}`, headers: futHeaders(c, t, hmac(c.secret, c.apiKey + t + query)) };
  },
  signsInsertionOrderSendsSorted: (c) => {
    const t = String(now());
    // Signs the params as it built them; the URL builder sorted them.
    return { method: 'GET', target: '/api/v1/private/account/assets?currency=USDT&page_num=1&symbol=BTC_USDT', headers: futHeaders(c, t, hmac(c.secret, c.apiKey + t + 'symbol=BTC_USDT&currency=USDT&page_num=1')) };
  },
  signsEncodedSendsRaw: (c) => {
    const t = String(now());
    return { method: 'GET', target: '/api/v1/private/account/assets?symbols=BTC_USDT,ETH_USDT', headers: futHeaders(c, t, hmac(c.secret, c.apiKey + t + 'symbols=' + rfc3986('BTC_USDT,ETH_USDT'))) };
  },
  bodyReserialised: (c) => {
    const t = String(now());
    const order = { symbol: 'BTC_USDT', price: 8800, vol: 1, side: 1, type: 1, openType: 1 };
    // Signs JSON.stringify(order), sends what Python's json.dumps(order) writes.
    const sent = JSON.stringify(order).replace(/,"/g, ', "').replace(/":/g, '": ');
    return { method: 'POST', target: '/api/v1/private/order/submit', headers: { ...futHeaders(c, t, hmac(c.secret, c.apiKey + t + JSON.stringify(order))), 'Content-Length': String(sent.length) }, body: sent };
  },
  requestTimeHeaderDiffers: (c) => {
    const signedAt = String(now());
    pause(4);
    return { method: 'GET', target: '/api/v1/private/account/assets', headers: futHeaders(c, String(now()), hmac(c.secret, c.apiKey + signedAt)) };
  },
  apiKeyLeftOut: (c) => {
    const t = String(now());
    return { method: 'GET', target: '/api/v1/private/account/assets?currency=USDT', headers: futHeaders(c, t, hmac(c.secret, t + 'currency=USDT')) };
  },
};

// --------------------------------------------------------------- Crypto.com

/** The official JavaScript objectToString: keys sorted, arrays flattened, key + value. */
function objectToString(obj: unknown): string {
  if (obj === null || obj === undefined) return '';
  if (Array.isArray(obj)) return obj.map(objectToString).join('');
  if (typeof obj === 'object') {
    const o = obj as Record<string, unknown>;
    return Object.keys(o)
      .sort()
      .map((k) => k + (Array.isArray(o[k]) || (o[k] !== null && typeof o[k] === 'object') ? objectToString(o[k]) : String(o[k])))
      .join('');
  }
  return String(obj);
}

const cdcPost = (c: ClientContext, method: string, body: string): WireRequest => ({
  method: 'POST',
  target: `${c.basePath}/${method}`,
  headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
  body,
});

/** A client that builds the body with JSON.stringify and signs `payload`. */
function cdcSigned(c: ClientContext, method: string, params: Record<string, unknown>, payload: (p: { id: string; nonce: string; params: Record<string, unknown> }) => string, opts: { id?: unknown; nonce?: number } = {}): WireRequest {
  const nonce = opts.nonce ?? now();
  const id = opts.id ?? 1;
  const sig = hmac(c.secret, payload({ id: String(id), nonce: String(nonce), params }));
  return cdcPost(c, method, JSON.stringify({ id, method, api_key: c.apiKey, params, nonce, sig }));
}

const reference = (c: ClientContext, method: string) => (p: { id: string; nonce: string; params: Record<string, unknown> }) => method + p.id + c.apiKey + objectToString(p.params) + p.nonce;

export const cryptocom: Record<string, Client> = {
  // ccxt cryptocom sign(): id = nonce, both strings; payload path + nonce + apiKey + paramsToString + nonce.
  ccxtOpenOrders: (c) => {
    const nonce = String(now());
    const params = { instrument_name: 'BTC_USD' };
    const sig = hmac(c.secret, 'private/get-open-orders' + nonce + c.apiKey + 'instrument_nameBTC_USD' + nonce);
    return cdcPost(c, 'private/get-open-orders', JSON.stringify({ id: nonce, method: 'private/get-open-orders', params, api_key: c.apiKey, sig, nonce }));
  },
  // cdcx-cli: id and nonce as JSON numbers, recursive flattening.
  cdcxCliBalance: (c) => cdcSigned(c, 'private/user-balance', {}, reference(c, 'private/user-balance'), { id: 7 }),
  // The official JavaScript example, with a nested list.
  officialJsNested: (c) =>
    cdcSigned(c, 'private/get-open-orders', { instrument_name: 'BTC_USDT', exec_inst: ['POST_ONLY', 'SMART_POST_ONLY'], page: { size: '20', number: '0' } }, reference(c, 'private/get-open-orders'), { id: 11 }),

  // Mistakes.
  paramsNotSorted: (c) => cdcSigned(c, 'private/get-open-orders', { page_size: '20', instrument_name: 'BTC_USDT' }, (p) => 'private/get-open-orders' + p.id + c.apiKey + Object.entries(p.params).map(([k, v]) => k + v).join('') + p.nonce),
  arraysCommaJoined: (c) =>
    cdcSigned(c, 'private/get-open-orders', { instrument_name: 'BTC_USDT', exec_inst: ['POST_ONLY', 'SMART_POST_ONLY'] }, (p) => 'private/get-open-orders' + p.id + c.apiKey + Object.keys(p.params).sort().map((k) => k + String(p.params[k])).join('') + p.nonce),
  arraysWithIndexes: (c) =>
    cdcSigned(c, 'private/get-open-orders', { exec_inst: ['POST_ONLY', 'SMART_POST_ONLY'] }, (p) => 'private/get-open-orders' + p.id + c.apiKey + 'exec_inst' + (p.params.exec_inst as string[]).map((v, i) => `${i}${v}`).join('') + p.nonce),
  nestedAsJson: (c) =>
    cdcSigned(c, 'private/get-open-orders', { instrument_name: 'BTC_USDT', page: { size: '20' } }, (p) => 'private/get-open-orders' + p.id + c.apiKey + 'instrument_nameBTC_USDTpage' + JSON.stringify(p.params.page) + p.nonce),
  numberWrittenAsFloat: (c) => {
    // Python: json.dumps({"quantity": 1.0}) writes 1.0, str(1.0) signs "1.0"; the exchange reads the number 1.
    const nonce = now();
    const sig = hmac(c.secret, 'private/get-open-orders' + '1' + c.apiKey + 'quantity1.0' + nonce);
    return cdcPost(c, 'private/get-open-orders', `{"id": 1, "method": "private/get-open-orders", "api_key": "${c.apiKey}", "params": {"quantity": 1.0}, "nonce": ${nonce}, "sig": "${sig}"}`);
  },
  numberWithoutExponent: (c) => cdcSigned(c, 'private/get-open-orders', { price: 1e-7 }, (p) => 'private/get-open-orders' + p.id + c.apiKey + 'price0.0000001' + p.nonce),
  nullSignedAsNone: (c) => cdcSigned(c, 'private/get-open-orders', { instrument_name: 'BTC_USDT', client_oid: null }, (p) => 'private/get-open-orders' + p.id + c.apiKey + 'client_oidNoneinstrument_nameBTC_USDT' + p.nonce),
  idSignedWithQuotes: (c) => cdcSigned(c, 'private/user-balance', {}, (p) => 'private/user-balance' + JSON.stringify(p.id) + c.apiKey + p.nonce, { id: '42' }),
  idNonceMixedUp: (c) => cdcSigned(c, 'private/user-balance', {}, (p) => 'private/user-balance' + p.nonce + c.apiKey + p.nonce, { id: 5 }),
  signsUrlPath: (c) => cdcSigned(c, 'private/user-balance', {}, (p) => `${c.basePath}/private/user-balance` + p.id + c.apiKey + p.nonce),
  apiKeyLeftOut: (c) => cdcSigned(c, 'private/user-balance', {}, (p) => 'private/user-balance' + p.id + p.nonce),
  emptyParamsAsJson: (c) => cdcSigned(c, 'private/user-balance', {}, (p) => 'private/user-balance' + p.id + c.apiKey + JSON.stringify(p.params) + p.nonce),
};

/** Legacy v2: the same signing, its own method names. */
export const cryptocomV2: Record<string, Client> = {
  accountSummary: (c) => cdcSigned(c, 'private/get-account-summary', { currency: 'USDT' }, reference(c, 'private/get-account-summary')),
  readsClockTwice: (c) => {
    const signedAt = now();
    pause(2);
    return cdcSigned(c, 'private/get-account-summary', {}, (p) => 'private/get-account-summary' + p.id + c.apiKey + signedAt, { nonce: now() });
  },
};
