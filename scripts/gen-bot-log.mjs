// A synthetic trading-bot log for `xcred explain --file`: the benchmark
// (scripts/bench.mjs) times it, the end-to-end test checks what comes out.
// Deterministic (seeded), mostly ordinary lines (ticks, orders, success
// bodies, signed URLs full of numbers that are not codes), with MEXC errors
// in the shapes bots write them, another exchange's errors, a CDN page and
// status-only lines mixed in. Returns the text and what a reader must find.

/** mulberry32: a small seeded PRNG, so every run writes the same log. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/**
 * @param {{ bytes?: number, seed?: number }} [opts]
 * @returns {{ text: string, lines: number, expected: Record<string, { count: number, firstLine: number, lastLine: number }> }}
 */
export function generateBotLog({ bytes = 10 * 1024 * 1024, seed = 15 } = {}) {
  const rand = rng(seed);
  const out = [];
  let size = 0;
  let t = Date.UTC(2025, 0, 14, 0, 0, 0);
  const expected = {};
  const stamp = () => {
    t += 1 + Math.floor(rand() * 900);
    const d = new Date(t);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
  };
  const emit = (lines, key) => {
    const first = out.length + 1;
    for (const l of lines) {
      out.push(l);
      size += l.length + 1;
    }
    if (key) {
      const e = (expected[key] ??= { count: 0, firstLine: first, lastLine: first });
      e.count++;
      e.lastLine = first;
    }
  };
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const logger = 'hummingbot.connector.exchange.mexc.mexc_exchange.MexcExchange';

  const noise = [
    () => [`${stamp()} - 17 - hummingbot.core.clock - INFO - tick ${Math.floor(rand() * 1e6)} processed in ${Math.floor(rand() * 900)} ms`],
    () => [`${stamp()} - 17 - ${logger} - INFO - Created LIMIT BUY order HBOT-${hex(12)} for 0.00${Math.floor(rand() * 900) + 100} BTC-USDT at 61${Math.floor(rand() * 900)}.5`],
    () => [`${stamp()} - 17 - ${logger} - DEBUG - GET https://api.mexc.com/api/v3/openOrders?symbol=BTCUSDT&recvWindow=5000&timestamp=${t}&signature=${hex(64)} 200`],
    () => [`${stamp()} - 17 - ${logger} - DEBUG - response: {"symbol":"BTCUSDT","orderId":"C02__${Math.floor(rand() * 1e12)}","price":"61000.5","origQty":"0.001","status":"NEW","code":0}`],
    () => [`${stamp()} - 17 - hummingbot.strategy.pure_market_making - INFO - (BTC-USDT) spread 0.${Math.floor(rand() * 99)}%, ccxt 4.5.57, python 3.11.9, uptime ${Math.floor(rand() * 99999)} s`],
    () => [`${stamp()} - 17 - hummingbot.core.rate_oracle - INFO - {"BTC-USDT": "61234.5", "ETH-USDT": "3310.1", "status": "ok", "ts": ${t}}`],
  ];
  const errors = [
    [
      0.02,
      '700003',
      () => {
        const body = '{"code":700003,"msg":"Timestamp for this request is outside of the recvWindow."}';
        return [
          `${stamp()} - 17 - ${logger} - NETWORK - Error fetching account updates. Error: Error executing request GET https://api.mexc.com/api/v3/account. HTTP status is 400. Error: ${body}`,
          'Traceback (most recent call last):',
          '  File "/home/hummingbot/hummingbot/connector/exchange/mexc/mexc_exchange.py", line 402, in _update_balances',
          `OSError: Error executing request GET https://api.mexc.com/api/v3/account. HTTP status is 400. Error: ${body}`,
        ];
      },
    ],
    [0.008, '10072', () => [`${stamp()} - freqtrade.exchange.common - WARNING - retrying _load_async_markets() still for 2 times: TemporaryError('Could not load markets due to AuthenticationError. Message: mexc {"code":10072,"msg":"Api key info invalid"}')`]],
    [0.004, '30051', () => [`${stamp()} - 17 - ${logger} - ERROR - OSError:Error executing request POST https://api.mexc.com/api/v3/order.HTTP status is 400. Error:{"msg":"api market order is disabled","code":30051}`]],
    [
      0.002,
      'http-403',
      () => [
        `${stamp()} - 17 - ${logger} - ERROR - ExchangeNotAvailable: mexc GET https://api.mexc.com/api/v3/exchangeInfo 403 Forbidden <HTML><HEAD>`,
        '<TITLE>Access Denied</TITLE>',
        '</HEAD><BODY>',
        '<H1>Access Denied</H1>',
        `You don't have permission to access "http&#58;&#47;&#47;api&#46;mexc&#46;com&#47;api&#47;v3&#47;exchangeInfo" on this server.<P>`,
        `Reference&#32;&#35;18&#46;${hex(8)}&#46;${Math.floor(t / 1000)}&#46;${hex(7)}`,
        '</BODY>',
        '</HTML>',
      ],
    ],
    [0.003, 'http-429', () => [`${stamp()} - 17 - ${logger} - WARNING - Error executing request GET https://api.mexc.com/api/v3/myTrades. HTTP status is 429.`]],
    [0.003, 'binance', () => [`${stamp()} - freqtrade.exchange.common - WARNING - Could not load tickers due to AuthenticationError. Message: binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}`]],
    [0.001, '999999', () => [`${stamp()} - 17 - ${logger} - ERROR - unexpected answer {"code":999999,"msg":"Quantum flux capacitor misaligned"}`]],
  ];

  while (size < bytes) {
    const r = rand();
    let acc = 0;
    let done = false;
    for (const [p, key, make] of errors) {
      acc += p;
      if (r < acc) {
        emit(make(), key);
        done = true;
        break;
      }
    }
    if (!done) emit(noise[Math.floor(rand() * noise.length)](), null);
  }
  return { text: out.join('\n') + '\n', lines: out.length, expected };
}
