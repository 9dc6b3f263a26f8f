import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSignature, sentRequestOf } from '../../src/core/forensics/index.js';
import { Secret } from '../../src/core/secret.js';
import { startEmulator, type RequestLogEntry, type RunningEmulator } from '../../src/emulator/server.js';
import { API, DEMO_KEYS } from '../apis.js';
import { cryptocom, cryptocomV2, mexcFutures, mexcSpot, type ApiId, type Client, type ClientContext, type WireRequest } from './clients.js';
import { send, spawnProxy, type SpawnedProxy } from './wire.js';

// The table of deliberately wrong clients (test/forensics/clients.ts), sent
// to the emulator directly and through `xcred proxy` in front of it: the
// analyser must name each mistake, and never flag a correct client (xcred's
// own signer, ccxt-style and SDK-style signing).

interface Row {
  api: ApiId;
  name: string;
  client: Client;
  /** 'accepted', or the variant the finding (or the clock check) must name. */
  expect: string;
}

const BASE_PATH: Record<ApiId, string> = { 'mexc-spot': '', 'mexc-futures': '', 'cryptocom-v1': '/exchange/v1', 'cryptocom-v2': '/v2' };
const DEMO: Record<ApiId, { apiKey: string; secret: string }> = { 'mexc-spot': DEMO_KEYS.mexc, 'mexc-futures': DEMO_KEYS.mexc, 'cryptocom-v1': DEMO_KEYS.cryptocom, 'cryptocom-v2': DEMO_KEYS.cryptocom };

/** xcred's own signer, as a client. */
const xcredSigner =
  (api: ApiId, probe: 'readProbe' | 'tradeProbe'): Client =>
  (c) => {
    const p = API[api].probes[probe](DEMO[api], 'http://emulator' + c.basePath, Date.now());
    const r = 'request' in p ? p.request : null;
    if (!r) throw new Error('no probe');
    const u = new URL(r.url);
    return { method: r.method, target: u.pathname + u.search, headers: { ...r.headers, ...(r.body !== null ? { 'Content-Length': String(Buffer.byteLength(r.body)) } : {}) }, ...(r.body !== null ? { body: r.body } : {}) };
  };

const ROWS: Row[] = [
  // Correct clients: never flagged.
  { api: 'mexc-spot', name: "xcred's signer (GET /api/v3/account)", client: xcredSigner('mexc-spot', 'readProbe'), expect: 'accepted' },
  { api: 'mexc-spot', name: "xcred's signer (POST /api/v3/order/test)", client: xcredSigner('mexc-spot', 'tradeProbe'), expect: 'accepted' },
  { api: 'mexc-spot', name: 'ccxt-style createOrder test (POST, params in the query, empty body)', client: mexcSpot.ccxtCreateOrderTest!, expect: 'accepted' },
  { api: 'mexc-spot', name: 'ccxt-style fetchOpenOrders', client: mexcSpot.ccxtOpenOrders!, expect: 'accepted' },
  { api: 'mexc-spot', name: 'mexc-api-sdk style (encodeURIComponent, no recvWindow)', client: mexcSpot.officialSdk!, expect: 'accepted' },
  { api: 'mexc-spot', name: 'mexc demo Python style (signature sent before timestamp)', client: mexcSpot.demoPythonSignatureFirst!, expect: 'accepted' },
  { api: 'mexc-futures', name: "xcred's signer (GET account/assets)", client: xcredSigner('mexc-futures', 'readProbe'), expect: 'accepted' },
  { api: 'mexc-futures', name: 'ccxt-style (keysort + urlencode)', client: mexcFutures.ccxtAssets!, expect: 'accepted' },
  { api: 'mexc-futures', name: 'mexc demo style (raw values signed, URL encoded)', client: mexcFutures.demoRawValues!, expect: 'accepted' },
  { api: 'cryptocom-v1', name: "xcred's signer (private/user-balance)", client: xcredSigner('cryptocom-v1', 'readProbe'), expect: 'accepted' },
  { api: 'cryptocom-v1', name: "xcred's signer (private/cancel-order)", client: xcredSigner('cryptocom-v1', 'tradeProbe'), expect: 'accepted' },
  { api: 'cryptocom-v1', name: 'ccxt-style (id = nonce, strings)', client: cryptocom.ccxtOpenOrders!, expect: 'accepted' },
  { api: 'cryptocom-v1', name: 'cdcx-cli style (id and nonce as numbers)', client: cryptocom.cdcxCliBalance!, expect: 'accepted' },
  { api: 'cryptocom-v1', name: 'official JavaScript example, nested list and object', client: cryptocom.officialJsNested!, expect: 'accepted' },
  { api: 'cryptocom-v2', name: "xcred's signer (v2 private/get-account-summary)", client: xcredSigner('cryptocom-v2', 'readProbe'), expect: 'accepted' },
  { api: 'cryptocom-v2', name: 'v2, official JavaScript example', client: cryptocomV2.accountSummary!, expect: 'accepted' },

  // MEXC spot mistakes.
  { api: 'mexc-spot', name: 'signs the unencoded query, sends it encoded', client: mexcSpot.signsBeforeEncoding!, expect: 'signed-unencoded' },
  { api: 'mexc-spot', name: 'signs the encoded query, sends it raw', client: mexcSpot.signsEncodedSendsRaw!, expect: 'signed-encoded-rfc3986' },
  { api: 'mexc-spot', name: 'signs with encodeURIComponent, sends RFC 3986', client: mexcSpot.signsWithEncodeURIComponent!, expect: 'signed-encoded-uri-component' },
  { api: 'mexc-spot', name: 'lowercase percent-encoding in the signed string', client: mexcSpot.signsLowercasePercent!, expect: 'signed-lowercase-percent' },
  { api: 'mexc-spot', name: 'signs the params sorted, sends them as inserted', client: mexcSpot.signsSortedSendsInsertionOrder!, expect: 'params-sorted' },
  { api: 'mexc-spot', name: 'signs in one order, its HTTP library sends them sorted', client: mexcSpot.httpLibrarySortsWhatItSends!, expect: 'params-reordered-when-sent' },
  { api: 'mexc-spot', name: 'leaves the body out', client: mexcSpot.leavesBodyOut!, expect: 'body-left-out' },
  { api: 'mexc-spot', name: 'includes a JSON body', client: mexcSpot.signsJsonBody!, expect: 'json-body-signed' },
  { api: 'mexc-spot', name: 'puts "&" between query and body', client: mexcSpot.ampersandBeforeBody!, expect: 'ampersand-between-query-and-body' },
  { api: 'mexc-spot', name: 'signs before adding recvWindow', client: mexcSpot.signsBeforeRecvWindow!, expect: 'signed-before-recvWindow' },
  { api: 'mexc-spot', name: 'signs another timestamp than it sends (clock read twice)', client: mexcSpot.readsClockTwice!, expect: 'timestamp-differs' },
  { api: 'mexc-spot', name: 'timestamp in seconds', client: mexcSpot.timestampInSeconds!, expect: 'timestamp-seconds' },
  { api: 'mexc-spot', name: 'uppercase hex digest', client: mexcSpot.uppercaseHex!, expect: 'uppercase-hex' },
  { api: 'mexc-spot', name: 'base64 digest', client: mexcSpot.base64Digest!, expect: 'base64-digest' },
  { api: 'mexc-spot', name: 'secret read from a file with its newline', client: mexcSpot.secretReadWithNewline!, expect: 'secret-trailing-newline' },
  { api: 'mexc-spot', name: 'secret with its quotes', client: mexcSpot.secretWithQuotes!, expect: 'secret-double-quotes' },
  { api: 'mexc-spot', name: 'secret with a leading space', client: mexcSpot.secretWithLeadingSpace!, expect: 'secret-leading-space' },
  { api: 'mexc-spot', name: 'secret decoded from hex', client: mexcSpot.secretHexDecoded!, expect: 'secret-hex-decoded' },
  { api: 'mexc-spot', name: 'signs with the API key', client: mexcSpot.signsWithApiKey!, expect: 'api-key-as-secret' },
  { api: 'mexc-spot', name: 'HMAC key and message swapped', client: mexcSpot.hmacArgumentsSwapped!, expect: 'hmac-arguments-swapped' },
  { api: 'mexc-spot', name: 'key and secret swapped in the configuration', client: mexcSpot.keyAndSecretSwappedInConfig!, expect: 'key-secret-swapped' },
  { api: 'mexc-spot', name: 'a retry reuses the signature of the first attempt', client: mexcSpot.retryReusesSignature!, expect: 'reused-signature' },

  // MEXC futures mistakes.
  { api: 'mexc-futures', name: 'GET params not sorted', client: mexcFutures.getParamsNotSorted!, expect: 'params-not-sorted' },
  { api: 'mexc-futures', name: 'signs in its own order, sends sorted', client: mexcFutures.signsInsertionOrderSendsSorted!, expect: 'params-signed-in-another-order' },
  { api: 'mexc-futures', name: 'signs encoded values, sends them raw', client: mexcFutures.signsEncodedSendsRaw!, expect: 'signed-encoded-rfc3986' },
  { api: 'mexc-futures', name: 'body re-serialised instead of signed byte for byte', client: mexcFutures.bodyReserialised!, expect: 'body-reserialised' },
  { api: 'mexc-futures', name: 'Request-Time header differs from the signed one', client: mexcFutures.requestTimeHeaderDiffers!, expect: 'request-time-differs' },
  { api: 'mexc-futures', name: 'API key missing from the string', client: mexcFutures.apiKeyLeftOut!, expect: 'api-key-left-out' },

  // Crypto.com mistakes (v1; v2 shares the algorithm).
  { api: 'cryptocom-v1', name: 'params keys not sorted', client: cryptocom.paramsNotSorted!, expect: 'params-keys-unsorted' },
  { api: 'cryptocom-v1', name: 'array items joined with commas', client: cryptocom.arraysCommaJoined!, expect: 'arrays-comma-joined' },
  { api: 'cryptocom-v1', name: 'array items with indexes', client: cryptocom.arraysWithIndexes!, expect: 'arrays-indexed' },
  { api: 'cryptocom-v1', name: 'nested object as JSON', client: cryptocom.nestedAsJson!, expect: 'nested-as-json' },
  { api: 'cryptocom-v1', name: 'number written 1.0, signed as written', client: cryptocom.numberWrittenAsFloat!, expect: 'numbers-as-written' },
  { api: 'cryptocom-v1', name: 'number signed without exponent', client: cryptocom.numberWithoutExponent!, expect: 'numbers-plain-format' },
  { api: 'cryptocom-v1', name: 'null signed as None', client: cryptocom.nullSignedAsNone!, expect: 'null-as-None' },
  { api: 'cryptocom-v1', name: 'string id signed with its quotes', client: cryptocom.idSignedWithQuotes!, expect: 'id-quoted' },
  { api: 'cryptocom-v1', name: 'nonce signed as the id', client: cryptocom.idNonceMixedUp!, expect: 'id-is-nonce' },
  { api: 'cryptocom-v1', name: 'URL path signed instead of the method name', client: cryptocom.signsUrlPath!, expect: 'method-is-path' },
  { api: 'cryptocom-v1', name: 'api_key left out', client: cryptocom.apiKeyLeftOut!, expect: 'api-key-left-out' },
  { api: 'cryptocom-v1', name: 'empty params signed as "{}"', client: cryptocom.emptyParamsAsJson!, expect: 'params-as-json' },
  { api: 'cryptocom-v2', name: 'v2: nonce read twice', client: cryptocomV2.readsClockTwice!, expect: 'nonce-differs' },
];

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A finding (or clock check) naming the expected variant; '+uppercase-hex' style suffixes are not expected here. */
function named(finding: { kind: string; variant: string } | undefined | null, clock?: { variant: string } | null): string | undefined {
  if (clock && clock.variant !== 'clock-ok') return clock.variant;
  return finding?.variant;
}

let emu: RunningEmulator;
const log: RequestLogEntry[] = [];
beforeAll(async () => {
  emu = await startEmulator({ scenario: 'ok', onRequest: (e) => log.push(e) });
});
afterAll(async () => {
  await emu.close();
});

describe('wrong clients sent to the emulator directly', () => {
  const fire = async (r: WireRequest) => {
    const before = log.length;
    const res = await send(emu.urls.origin, r);
    await until(() => log.length > before);
    return { res, entry: log[log.length - 1]! };
  };

  it.each(ROWS)('$api · $name → $expect', async (row) => {
    const ctx: ClientContext = { ...DEMO[row.api], basePath: BASE_PATH[row.api], send: async (r) => ({ status: (await fire(r)).res.status, body: '' }) };
    const req = await row.client(ctx);
    const { res, entry } = await fire(req);
    if (row.expect === 'accepted') {
      expect(res.body.toString(), 'the emulator accepts a correct client').not.toMatch(/"code":(700002|700003|602|513|40101|40102|10002|10007)\b/);
      expect(entry.verdict === 'ok' || /^-2011|40401|10004|1002$/.test(entry.verdict), entry.verdict).toBe(true);
      expect(entry.finding ?? null).toBeNull();
      // And the analyser itself calls it correct.
      const sent = sentRequestOf({ method: req.method, url: 'http://x' + req.target, headers: req.headers, body: req.body ?? null });
      expect(analyseSignature(API[row.api].forensics!, { request: sent, secret: new Secret(DEMO[row.api].secret), apiKey: DEMO[row.api].apiKey }).kind).toBe('correct');
    } else {
      expect(entry.verdict).not.toBe('ok');
      expect(entry.finding, `no finding for ${row.name} (${entry.verdict})`).toBeTruthy();
      expect(entry.finding!.variant).toBe(row.expect);
      expect(entry.finding!.kind).toMatch(/^(mistake|clock)$/);
      expect(entry.finding!.sentence.length).toBeGreaterThan(40);
    }
  });
});

describe('wrong clients sent through `xcred proxy` in front of the emulator', () => {
  let mexc: SpawnedProxy;
  let cdc: SpawnedProxy;
  beforeAll(async () => {
    [mexc, cdc] = await Promise.all([
      spawnProxy(['mexc', '--base-url', emu.urls.origin, '--port', '0', '--json'], { MEXC_API_KEY: DEMO_KEYS.mexc.apiKey, MEXC_SECRET_KEY: DEMO_KEYS.mexc.secret }),
      spawnProxy(['cryptocom', '--base-url', emu.urls.apis['cryptocom-v1']!, '--port', '0', '--json'], { CRYPTOCOM_API_KEY: DEMO_KEYS.cryptocom.apiKey, CRYPTOCOM_API_SECRET: DEMO_KEYS.cryptocom.secret }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([mexc?.stop(), cdc?.stop()]);
  });

  const proxyFor = (api: ApiId) => (api.startsWith('mexc') ? mexc : cdc);
  const fire = async (api: ApiId, r: WireRequest) => {
    const p = proxyFor(api);
    const before = p.events.filter((e) => e.type === 'request').length;
    const res = await send(p.origin, r);
    await p.waitForEvents(before);
    return { res, event: p.events.filter((e) => e.type === 'request')[before] as Record<string, any> };
  };

  it.each(ROWS)('$api · $name → $expect', async (row) => {
    const ctx: ClientContext = { ...DEMO[row.api], basePath: BASE_PATH[row.api], send: async (r) => ({ status: (await fire(row.api, r)).res.status, body: '' }) };
    const req = await row.client(ctx);
    const { res, event } = await fire(row.api, req);
    expect(event.api).toBe(row.api);
    expect(event.path).toBe(req.target.replace(/\?.*$/, ''));
    if (row.expect === 'accepted') {
      expect(res.body.toString()).not.toMatch(/"code":(700002|700003|602|513|40101|40102|10002|10007)\b/);
      expect(event.finding).toBeUndefined();
      expect(['ok', 'request']).toContain(event.outcome);
    } else {
      expect(named(event.finding, event.clock), JSON.stringify(event)).toBe(row.expect);
    }
  });

  it('ends with a summary: requests by outcome, each distinct finding with its count, exit 1', async () => {
    const code = await mexc.stop();
    const summary = mexc.events.find((e) => e.type === 'summary') as { requests: number; outcomes: Record<string, number>; findings: Array<{ variant: string; count: number }>; exitCode: number };
    expect(code).toBe(1);
    expect(summary.exitCode).toBe(1);
    const mexcRows = ROWS.filter((r) => r.api.startsWith('mexc'));
    expect(summary.requests).toBe(mexcRows.length + 1); // the retry row sends its first attempt too
    for (const r of mexcRows.filter((x) => x.expect !== 'accepted')) expect(summary.findings.map((f) => f.variant)).toContain(r.expect);
    expect(summary.outcomes.signature).toBeGreaterThan(10);
  });
});
