import { describe, expect, it } from 'vitest';
import { API } from '../apis.js';
import { explainInput, type ExplainApi } from '../../src/core/explain/explain.js';
import { extractErrors } from '../../src/core/extract/index.js';
import { allApis } from '../../src/exchanges/registry.js';

// The extraction step, table-tested on pastes written for this test in the
// shapes users really paste (the research note's catalogue: ccxt in JS,
// Python and PHP, bot logs, Python and Java object dumps, axios dumps, curl,
// CDN pages). Each row says what must come out: the code, the message, the
// HTTP status, the exchange named, and the category the explanation lands on.

type ApiId = keyof typeof API;
const context = { exchanges: allApis().map((f) => ({ id: f.id, names: f.pasteNames, hosts: f.officialHosts })) };
const siblingsOf = (id: ApiId): ExplainApi[] => (Object.keys(API) as ApiId[]).filter((k) => k !== id && API[k].facts.credentialGroup === API[id].facts.credentialGroup).map((k) => API[k]);
const explain = (id: ApiId, text: string, status: number | null = null) => explainInput(API[id], text, { context, status, siblings: siblingsOf(id) });

interface Row {
  name: string;
  api: ApiId;
  paste: string;
  code: number | null;
  message?: RegExp;
  status?: number | null;
  hint?: string | null;
  format?: string;
  category: string;
  match?: string;
}

const ROWS: Row[] = [
  {
    name: 'bare JSON body, msg before code',
    api: 'mexc-spot',
    paste: '{"msg":"invalid symbol","code":30014}',
    code: 30014,
    message: /invalid symbol/,
    format: 'json',
    category: 'request',
  },
  {
    name: 'ccxt JS exception with its stack',
    api: 'mexc-spot',
    paste: [
      'AuthenticationError: mexc {"code":700002,"msg":"Signature for this request is not valid."}',
      '    at mexc.throwExactlyMatchedException (/home/bot/app/node_modules/ccxt/js/src/base/Exchange.js:6279:19)',
      '    at mexc.handleErrors (/home/bot/app/node_modules/ccxt/js/src/mexc.js:6377:18)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n'),
    code: 700002,
    hint: 'mexc',
    format: 'ccxt',
    category: 'signature',
  },
  {
    name: 'ccxt Python traceback, last line',
    api: 'mexc-futures',
    paste: [
      'Traceback (most recent call last):',
      '  File "/opt/bots/grid/main.py", line 88, in place',
      '    order = exchange.create_order("BTC/USDT:USDT", "limit", "buy", 0.001, 61000)',
      '  File "/opt/bots/grid/.venv/lib/python3.11/site-packages/ccxt/base/exchange.py", line 4512, in throw_exactly_matched_exception',
      '    raise exact[string](message)',
      'ccxt.base.errors.InvalidOrder: mexc {"success":false,"code":1002,"message":"Contract not allow place order!"}',
    ].join('\n'),
    code: 1002,
    message: /Contract not allow place order/,
    hint: 'mexc',
    format: 'ccxt',
    category: 'permission',
  },
  {
    name: 'ccxt PHP exception',
    api: 'mexc-spot',
    paste: 'PHP Fatal error:  Uncaught ccxt\\AuthenticationError: mexc {"code":700007,"msg":"No permission to access the endpoint."} in /var/www/bot/vendor/ccxt/ccxt/php/mexc.php:5120',
    code: 700007,
    hint: 'mexc',
    format: 'ccxt',
    category: 'permission',
  },
  {
    name: 'ccxt CLI / test runner form',
    api: 'cryptocom-v1',
    paste: '[ExchangeError] cryptocom {"id":1716220011223,"method":"private/get-currency-networks","code":10001,"message":"SYS_ERROR"}',
    code: 10001,
    hint: 'cryptocom',
    format: 'ccxt',
    category: 'permission',
  },
  {
    name: 'Python dict repr with False, from a requests client',
    api: 'mexc-futures',
    paste: "resp = {'success': False, 'code': 602, 'message': 'Signature verification failed!'}",
    code: 602,
    format: 'python-repr',
    category: 'signature',
  },
  {
    name: 'Python repr pasted from the middle, mixed quotes',
    api: 'mexc-spot',
    paste: `'code': 700004, 'msg': "Mandatory parameter 'signature' was not sent, was empty/null, or malformed."}`,
    code: 700004,
    message: /Mandatory parameter 'signature'/,
    category: 'signature', // the message points at the signature cause, not at orderId
  },
  {
    name: 'Python repr truncated with ... and a redacted id',
    api: 'cryptocom-v2',
    paste: "{'id': XXXXXXXXXXXXXX, 'method': 'private/get-order-history', 'code': 10002, 'message': 'UNAUTHORIZED', ...}",
    code: 10002,
    message: /UNAUTHORIZED/,
    format: 'python-repr',
    category: 'signature',
  },
  {
    name: 'Java/Kotlin Map.toString with brackets in the message',
    api: 'mexc-spot',
    paste: 'com.example.mexc.ApiException: {code=700006, msg=IP [198.51.100.23] not in the ip white list}',
    code: 700006,
    message: /198\.51\.100\.23/,
    format: 'java-map',
    category: 'ip-whitelist',
  },
  {
    name: 'pymexc library exception',
    api: 'mexc-spot',
    paste: 'pymexc.base.MexcAPIError: (code=700003): Timestamp for this request is outside of the recvWindow.',
    code: 700003,
    format: 'library',
    category: 'clock-skew',
  },
  {
    name: 'C# client message (code before a colon, byte counts around it)',
    api: 'mexc-spot',
    paste: '{Error response: [ServerError] 700002: Signature for this request is not valid. , 64 bytes received in 388ms}',
    code: 700002,
    format: 'loose',
    category: 'signature',
  },
  {
    name: 'prose: code: N, msg: text',
    api: 'mexc-spot',
    paste: 'withdraw failed, code: 700002, msg: Signature for this request is not valid.',
    code: 700002,
    format: 'prose',
    category: 'signature',
  },
  {
    name: 'key=value pairs without braces',
    api: 'mexc-spot',
    paste: 'level=error component=withdrawals code=10212 msg="This withdrawal address is not on the commonly used address list or has been invalidated"',
    code: 10212,
    format: 'key-value',
    category: 'account',
  },
  {
    name: 'quoted pairs with no braces, inside a question',
    api: 'mexc-futures',
    paste: 'I turned on contract trading for the key but still get this:\n\n"code":1002,"message":"Contract not allow place order!"\n\nany idea?',
    code: 1002,
    category: 'permission',
  },
  {
    name: 'hummingbot log line with the status and URL',
    api: 'mexc-spot',
    paste:
      '2025-01-14 09:12:41,377 - 23 - hummingbot.connector.exchange.mexc.mexc_exchange.MexcExchange - NETWORK - Error fetching account updates. Error: Error executing request GET https://api.mexc.com/api/v3/account. HTTP status is 400. Error: {"code":700003,"msg":"Timestamp for this request is outside of the recvWindow."}',
    code: 700003,
    status: 400,
    hint: 'api.mexc.com',
    category: 'clock-skew',
  },
  {
    name: 'freqtrade line behind a Docker timestamp, body inside a repr',
    api: 'mexc-spot',
    paste:
      "2024-11-02T17:40:03.118204551Z 2024-11-02 17:40:03,118 - freqtrade.exchange.common - WARNING - retrying _async_get_candle_history() still for 3 times: TemporaryError('Could not fetch historical candle (OHLCV) data for pair ABC/USDT due to ExchangeError. Message: mexc {\"msg\":\"invalid symbol\",\"code\":30014}')",
    code: 30014,
    hint: 'mexc',
    format: 'ccxt',
    category: 'request',
  },
  {
    name: 'OctoBot-style tab log with the ccxt string in quotes',
    api: 'mexc-spot',
    paste: "2025-03-09 08:01:55\tERROR\tMEXC[mexc]\tError when loading markets: 'mexc {\"code\":10072,\"msg\":\"Api key info invalid\"}'",
    code: 10072,
    hint: 'mexc',
    category: 'invalid-key',
  },
  {
    name: 'rotki-style UI message with the status before the body',
    api: 'cryptocom-v1',
    paste: 'Could not connect to cryptocom: Cryptocom query responded with HTTP status 401: {"code":40101,"message":"Authentication failure"}',
    code: 40101,
    status: 401,
    category: 'signature',
  },
  {
    name: 'urllib3 debug line: a status alone (49 is the body length)',
    api: 'cryptocom-v1',
    paste: '[03/02/2025 10:15:44 CET] DEBUG urllib3.connectionpool https://api.crypto.com:443 "POST /exchange/v1/private/user-balance HTTP/1.1" 401 49',
    code: null,
    status: 401,
    hint: 'api.crypto.com',
    format: 'http-status',
    category: 'signature',
    match: 'http-status',
  },
  {
    name: 'axios error printed with console.log (util.inspect)',
    api: 'mexc-spot',
    paste: [
      'AxiosError: Request failed with status code 400',
      '    at settle (/srv/app/node_modules/axios/dist/node/axios.cjs:2031:12)',
      '    at IncomingMessage.handleStreamEnd (/srv/app/node_modules/axios/dist/node/axios.cjs:3148:11) {',
      "  code: 'ERR_BAD_REQUEST',",
      '  config: {',
      "    headers: Object [AxiosHeaders] { Accept: 'application/json', 'X-MEXC-APIKEY': 'mx0vglTestKey00001' },",
      "    method: 'post',",
      "    url: 'https://api.mexc.com/api/v3/order?symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&price=30000&recvWindow=5000&timestamp=1736845000000&signature=0f9e8d7c6b5a49382716'",
      '  },',
      '  request: <ref *1> ClientRequest {',
      '    _events: [Object: null prototype] { abort: [Function (anonymous)], finish: [Function: requestOnFinish] },',
      '    _header: [Getter],',
      '    [Symbol(kCapture)]: false',
      '  },',
      '  response: {',
      '    status: 400,',
      "    statusText: 'Bad Request',",
      "    data: { code: 700002, msg: 'Signature for this request is not valid.' }",
      '  },',
      '  status: 400',
      '}',
    ].join('\n'),
    code: 700002,
    status: 400,
    format: 'js-inspect',
    category: 'signature',
  },
  {
    name: 'a body escaped inside another JSON string',
    api: 'mexc-spot',
    paste: '{"level":"error","time":"2025-02-01T10:00:00Z","message":"mexc {\\"code\\":10072,\\"msg\\":\\"Api key info invalid\\"}"}',
    code: 10072,
    hint: 'mexc',
    category: 'invalid-key',
  },
  {
    name: 'curl -i: status line, CDN headers with numbers, then the body',
    api: 'mexc-spot',
    paste: [
      'HTTP/2 400',
      'content-type: application/json',
      'content-length: 80',
      'akamai-grn: 0.2bd8f517.1736845011.9a1c22f',
      'server-timing: cdn-cache; desc=MISS, edge; dur=143, origin; dur=9',
      '',
      '{"code":700003,"msg":"Timestamp for this request is outside of the recvWindow."}',
    ].join('\n'),
    code: 700003,
    status: 400,
    format: 'json',
    category: 'clock-skew',
  },
  {
    name: 'ccxt HTTP exception with the CDN page (Reference # is not a code)',
    api: 'mexc-spot',
    paste: [
      'ExchangeNotAvailable: mexc GET https://api.mexc.com/api/v3/exchangeInfo 403 Forbidden <HTML><HEAD>',
      '<TITLE>Access Denied</TITLE>',
      '</HEAD><BODY>',
      '<H1>Access Denied</H1>',
      'You don\'t have permission to access "http&#58;&#47;&#47;api&#46;mexc&#46;com&#47;api&#47;v3&#47;exchangeInfo" on this server.<P>',
      'Reference&#32;&#35;18&#46;7c2a1b17&#46;1736845099&#46;2f6e0d1',
      '</BODY>',
      '</HTML>',
    ].join('\n'),
    code: null,
    status: 403,
    format: 'html',
    category: 'exchange-unavailable',
    match: 'http-status',
  },
  {
    name: 'cryptocom ccxt exception around an HTML page, no status in the text',
    api: 'cryptocom-v1',
    paste: 'ExchangeError: cryptocom <!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
    code: null,
    status: 502,
    hint: 'cryptocom',
    format: 'html',
    category: 'exchange-unavailable',
    match: 'http-status',
  },
  {
    name: 'a status line alone',
    api: 'mexc-spot',
    paste: 'HTTP/1.1 418 I\'m a teapot\nRetry-After: 120\n',
    code: null,
    status: 418,
    format: 'http-status',
    category: 'rate-limit',
    match: 'http-status',
  },
  {
    name: 'old MEXC answer with its text under "data"',
    api: 'mexc-spot',
    paste: "e:    'mexc {\"code\":26,\"data\":\"operation not allowed\"}'",
    code: 26,
    message: /operation not allowed/,
    category: 'permission',
  },
  {
    name: 'a message alone, with words around it',
    api: 'cryptocom-v1',
    paste: 'Crypto.com error. Message: Authentication failure',
    code: null,
    category: 'signature',
    match: 'message-in-text',
  },
];

describe('extraction: one realistic paste per format', () => {
  it.each(ROWS)('$name', (row) => {
    const r = explain(row.api, row.paste);
    expect(r.errors.length, JSON.stringify(r.errors.map((e) => e.group))).toBeGreaterThanOrEqual(1);
    const e = r.errors[0]!;
    const f = e.group.findings[0]!;
    expect(e.group.code).toBe(row.code);
    if (row.message) expect(e.group.message).toMatch(row.message);
    if (row.status !== undefined) expect(e.httpStatus).toBe(row.status);
    if (row.hint !== undefined) expect(f.hint?.name ?? null).toBe(row.hint);
    if (row.format) expect(f.format).toBe(row.format);
    expect(e.category).toBe(row.category);
    if (row.match) expect(e.match).toBe(row.match);
    else expect(e.match).toBe(row.code === null ? 'message' : 'code');
    expect(r.exitCode).toBe(0);
  });
});

describe('extraction pitfalls', () => {
  const findings = (text: string) => extractErrors(text, context).findings;

  it('numbers that are not codes: versions, dates, ports, lengths, recvWindow, CDN references, line numbers', () => {
    const text = [
      'ccxt 4.5.57 on Node 20.18.1, started 2025-01-14 09:12:41',
      'GET https://api.mexc.com:443/api/v3/account?recvWindow=5000&timestamp=1736845000000&signature=ab12',
      'Content-Length: 80',
      'Reference #18.7c2a1b17.1736845099.2f6e0d1',
      '    at Exchange.fetch (/app/node_modules/ccxt/js/src/base/Exchange.js:1178:19)',
      'Process exited with code=1',
      'request took 461ms, 64 bytes received',
    ].join('\n');
    expect(findings(text)).toEqual([]);
  });

  it('"status code: 400, message: Bad Request" is an HTTP status, not exchange code 400', () => {
    const f = findings('HTTP status code: 400, message: Bad Request');
    expect(f.every((x) => x.code === null)).toBe(true);
    expect(f[0]).toMatchObject({ kind: 'http', httpStatus: 400 });
  });

  it('a batch answer gives each error in it, and skips the successes', () => {
    const r = explain('mexc-spot', '[{"orderId":"C02__4431","newClientOrderId":"a1"},{"newClientOrderId":"a2","msg":"The minimum transaction volume cannot be less than:5USDT","code":30002}]');
    expect(r.errors.map((e) => e.group.code)).toEqual([30002]);
  });

  it('success bodies are not errors: MEXC code 200 and 0, futures success:true, Crypto.com "0"', () => {
    expect(explain('mexc-spot', '{"code":200,"data":["BTCUSDT"]}')).toMatchObject({ errors: [], successes: 1, exitCode: 0 });
    expect(explain('mexc-futures', '{"success":true,"code":0,"data":{"serverTime":1}}')).toMatchObject({ errors: [], successes: 1 });
    expect(explain('cryptocom-v1', '{"id":1,"method":"private/user-balance","code":"0","result":{"data":[]}}')).toMatchObject({ errors: [], successes: 1 });
  });

  it("another exchange's errors in a mixed ccxt log are left out, and named", () => {
    const r = explain('mexc-spot', [
      '2025-01-14 09:00:01,000 ERROR binance: AuthenticationError: binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}',
      '2025-01-14 09:00:02,000 ERROR mexc: AuthenticationError: mexc {"code":700002,"msg":"Signature for this request is not valid."}',
      '2025-01-14 09:00:03,000 ERROR cryptocom: AuthenticationError: cryptocom {"code":40101,"message":"Authentication failure"}',
    ].join('\n'));
    expect(r.errors.map((e) => e.group.code)).toEqual([700002]);
    expect(r.otherExchanges.map((g) => [g.hint?.name, g.code])).toEqual([
      ['binance', -2015],
      ['cryptocom', 40101],
    ]);
  });

  it("Cloudflare's own code 10072 is not taken for MEXC's without a word of warning", () => {
    const e = explain('mexc-spot', '{"code":10072,"message":"You have exceeded the limit of 5 cron triggers."}').errors[0]!;
    expect(e.match).toBe('code');
    expect(e.messageAgrees).toBe('no');
    expect(e.notes.join()).toMatch(/not one MEXC spot v3 is known to send/);
  });

  it('a ccxt verbose dump (body, then the exception restating it) is one occurrence, with the status of the response line', () => {
    const r = explain('mexc-spot', [
      'fetch Request:',
      ' mexc GET https://api.mexc.com/api/v3/capital/config/getall?timestamp=1736845000000&recvWindow=5000&signature=55aa RequestHeaders:',
      "  { 'X-MEXC-APIKEY': 'mx0vglTestKey00001', 'Content-Type': 'application/json' }",
      'handleRestResponse:',
      ' mexc GET https://api.mexc.com/api/v3/capital/config/getall?timestamp=1736845000000&recvWindow=5000&signature=55aa 400 Bad Request',
      'ResponseHeaders:',
      " { 'Content-Length': '80', 'Content-Type': 'application/json' }",
      'ResponseBody:',
      ' {"code":700003,"msg":"Timestamp for this request is outside of the recvWindow."}',
      '',
      'InvalidNonce: mexc {"code":700003,"msg":"Timestamp for this request is outside of the recvWindow."}',
    ].join('\n'));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.group.count).toBe(1);
    expect(r.errors[0]!.httpStatus).toBe(400);
  });

  it('a hummingbot entry and its traceback count once; the next entry counts again', () => {
    const entry = (t: string) => [
      `${t} - 796 - hummingbot.connector.exchange.crypto_com.crypto_com_exchange - ERROR - Error fetching data from https://api.crypto.com/v2/private/get-account-summary. HTTP status is 400. Message: {'id': 1736845000123456, 'method': 'private/get-account-summary', 'code': 10007, 'message': 'INVALID_NONCE'}`,
      'Traceback (most recent call last):',
      '  File "/home/hummingbot/connector/exchange/crypto_com/crypto_com_exchange.py", line 316, in _api_request',
      `OSError: Error fetching data from https://api.crypto.com/v2/private/get-account-summary. HTTP status is 400. Message: {'id': 1736845000123456, 'method': 'private/get-account-summary', 'code': 10007, 'message': 'INVALID_NONCE'}`,
    ];
    const r = explain('cryptocom-v2', [...entry('2025-01-14 09:00:01,503'), ...entry('2025-01-14 09:00:11,511')].join('\n'));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.group).toMatchObject({ code: 10007, count: 2, firstLine: 1, lastLine: 8 });
    expect(r.timestamped).toBe(true);
  });

  it("log lines with the exchange's own words but no code are found, as a message inside text; ordinary lines are not", () => {
    const r = explain('cryptocom-v1', [
      '2025-01-14 09:00:01,000 ERROR trader: Crypto.com error. Message: Authentication failure',
      '2025-01-14 09:00:02,000 INFO trader: Authentication failure counter reset', // not an error line
      '2025-01-14 09:00:03,000 ERROR trader: Crypto.com error. Message: Authentication failure',
      '2025-01-14 09:00:04,000 ERROR trader: fetch_currencies failed: SYS_ERROR',
      '2025-01-14 09:00:05,000 ERROR trader: bad request body', // two short words: too weak to name a code
    ].join('\n'));
    expect(r.errors.map((e) => [e.entry?.code, e.match, e.group.count, e.group.firstLine, e.group.lastLine])).toEqual([
      [40101, 'message-in-text', 2, 1, 3],
      [10001, 'message-in-text', 1, 4, 4],
    ]);
  });

  it('a message cut by a terminal box keeps its code and text', () => {
    const r = explain('cryptocom-v2', "2025-01-14 09:00:01,503 - 9 - hummingbot - ERROR - HTTP status is 401. Message: {'id': 1, 'method': 'private/get-account-summary', 'code': 10002, 'message': 'UNAUTHORIZED   |\n> '}");
    expect(r.errors[0]!.group).toMatchObject({ code: 10002, message: 'UNAUTHORIZED' });
    expect(r.errors[0]!.httpStatus).toBe(401);
  });
});

describe('status and code', () => {
  it('the code in the body beats --status: 400 with 700003 is 700003, not "api key required"', () => {
    const e = explain('mexc-spot', '{"code":700003,"msg":"Timestamp for this request is outside of the recvWindow."}', 400).errors[0]!;
    expect(e.entry!.code).toBe(700003);
    expect(e.httpStatus).toBe(400);
  });

  it('HTTP 401 with a Crypto.com body carrying 40101 is 40101, not v1 code 401 ACCOUNT_DOES_NOT_EXIST', () => {
    const e = explain('cryptocom-v1', 'HTTP/1.1 401 Unauthorized\ncontent-type: application/json\n\n{"code":40101,"message":"Authentication failure"}').errors[0]!;
    expect(e.entry!.code).toBe(40101);
    expect(e.httpStatus).toBe(401);
  });

  it.each([
    ['mexc-spot', 401, 'invalid-key'],
    ['mexc-spot', 403, 'exchange-unavailable'],
    ['mexc-spot', 418, 'rate-limit'],
    ['mexc-spot', 429, 'rate-limit'],
    ['mexc-spot', 503, 'exchange-unavailable'],
    ['mexc-futures', 429, 'rate-limit'],
    ['cryptocom-v1', 401, 'signature'],
    ['cryptocom-v1', 429, 'rate-limit'],
    ['cryptocom-v1', 504, 'exchange-unavailable'],
    ['cryptocom-v2', 500, 'exchange-unavailable'],
  ] as const)('%s: a status alone (%i) is explained from the exchange\'s own table', (api, status, category) => {
    const r = explain(api, '', status);
    expect(r.errors[0]).toMatchObject({ match: 'http-status', category, httpStatus: status });
    expect(r.exitCode).toBe(0);
  });

  it('an HTML page instead of JSON says nothing about the key', () => {
    const e = explain('mexc-spot', '<html><head><title>Error</title></head><body>An error occurred while processing your request.<p>Reference&#32;&#35;97&#46;1a2b3c4d&#46;1736845000&#46;77aa</body></html>', 503).errors[0]!;
    expect(e.http).toMatchObject({ body: 'html', saysNothingAboutKey: true });
    expect(e.group.findings[0]!.html).toMatchObject({ cdn: 'Akamai', reference: '97.1a2b3c4d.1736845000.77aa' });
  });
});

describe('honest confidence (the examples in issue 15)', () => {
  it('"Api key expired" on spot is a guess with alternatives, never a confident "api key required"; futures has it exactly', () => {
    const r = explain('mexc-spot', 'Api key expired');
    const e = r.errors[0]!;
    expect(e.match).toBe('fuzzy');
    expect(r.exitCode).toBe(1);
    expect(e.alternatives.length).toBeGreaterThan(0);
    expect(e.elsewhere[0]).toMatchObject({ api: 'mexc-futures', code: 402 });
  });

  it('"Invalid signature" finds the signature error, as a guess', () => {
    const r = explain('mexc-spot', 'Invalid signature');
    expect(r.errors[0]).toMatchObject({ match: 'fuzzy', category: 'signature' });
    expect(r.errors[0]!.entry!.code).toBe(700002);
    expect(r.exitCode).toBe(1);
  });

  it('"Crypto.com error. Message: Authentication failure" matches 40101 exactly (a known message inside the text)', () => {
    const r = explain('cryptocom-v1', 'Crypto.com error. Message: Authentication failure');
    expect(r.errors[0]).toMatchObject({ match: 'message-in-text' });
    expect(r.errors[0]!.entry!.code).toBe(40101);
    expect(r.exitCode).toBe(0);
  });

  it('an unknown code with a known message falls back to the message', () => {
    const e = explain('mexc-spot', '{"code":123456,"msg":"Signature for this request is not valid."}').errors[0]!;
    expect(e).toMatchObject({ match: 'message' });
    expect(e.entry!.code).toBe(700002);
    expect(e.notes.join()).toMatch(/123456 is not in/);
  });

  it('the message decides between the meanings of one code (MEXC 400)', () => {
    expect(explain('mexc-spot', '{"code":400,"msg":"api key required"}').errors[0]!.category).toBe('credentials-missing');
    expect(explain('mexc-spot', '{"code":400,"msg":"The start time cannot be earlier than 90 days"}').errors[0]!.category).toBe('request');
  });

  it('nothing found is exit 1, not a guess dressed as an answer', () => {
    const r = explain('mexc-spot', 'the bot stopped after the update');
    expect(r.exitCode).toBe(1);
    expect(r.errors[0]!.match).toBe('none');
  });
});
