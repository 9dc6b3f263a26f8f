import { isObject, parseRawJson, RawNumber, stringifyRaw, type RawJson } from '../../core/forensics/json-raw.js';
import { ENCODERS, keyOrder, lowerPercent, otherOrders, parseQuery, percentDecode, quote, upperPercent, type QueryPair } from '../../core/forensics/query.js';
import { CLOCK_READ_TWICE_MS } from '../../core/forensics/clock.js';
import type { ApiForensics, PayloadVariant, SentRequest, SignedParts } from '../../core/forensics/types.js';

// MEXC futures: Signature = HMAC(secret, ApiKey + Request-Time + paramString),
// paramString = GET/DELETE params sorted by name as k=v&..., or the exact
// POST body (FUTDOC "Authentication method"). The docs' Java sample signs
// URL-encoded values, the official demo SDKs raw ones: both are accepted as
// correct here, as the emulator accepts both (shared/reference/mexc-api.md §4).

const hasBody = (method: string) => method === 'POST' || method === 'PUT';

const byKey = (a: QueryPair, b: QueryPair) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** k=v joined by &, always with "=" (as the docs' samples build it). */
const join = (pairs: readonly QueryPair[]) => pairs.map((p) => `${p.key}=${p.value}`).join('&');

const decodeValues = (pairs: readonly QueryPair[]) => pairs.map((p) => ({ ...p, value: percentDecode(p.value) }));

/** "Recv-Window" is seconds up to 60 and ms above (the docs and the SDKs disagree); 10 s when absent. */
function windowMs(header: string | undefined): number {
  if (!header || !/^\d+$/.test(header)) return 10_000;
  const n = Number(header);
  return Math.min(n <= 60 ? n * 1000 : n, 60_000);
}

function topLevelPairs(json: RawJson | undefined): QueryPair[] | null {
  if (!isObject(json)) return null;
  return Object.keys(json).map((k) => {
    const v = json[k]!;
    const text = v instanceof RawNumber ? v.raw : typeof v === 'string' ? v : v === null || typeof v === 'boolean' ? String(v) : stringifyRaw(v);
    return { key: k, value: text, hasEq: true };
  });
}

export const forensics: ApiForensics = {
  // FUTDOC says hex; whether uppercase is accepted is not documented.
  hexCase: 'unknown',

  extract(req) {
    const signature = req.headers['signature'];
    if (!signature) return null;
    const raw = req.headers['request-time'];
    return {
      apiKey: req.headers['apikey'] ?? null,
      signature,
      time: raw === undefined ? null : { label: 'Request-Time', raw, value: /^\d+$/.test(raw) ? Number(raw) : null },
    };
  },

  correct(req, parts) {
    const prefix = (parts.apiKey ?? '') + (parts.time?.raw ?? '');
    if (hasBody(req.method)) return [prefix + req.body];
    const sorted = parseQuery(req.rawQuery).sort(byKey);
    return [...new Set([prefix + join(sorted), prefix + join(decodeValues(sorted))])];
  },

  variants(req: SentRequest, parts: SignedParts): PayloadVariant[] {
    const key = parts.apiKey ?? '';
    const time = parts.time?.raw ?? '';
    const out: PayloadVariant[] = [];
    const add = (id: string, payload: string, sentence: string) => out.push({ id, payload, sentence });
    let params: string;

    if (hasBody(req.method)) {
      params = req.body;
      const json = parseRawJson(req.body);
      if (json !== undefined && req.body !== '') {
        const plain = JSON.parse(req.body) as unknown;
        const forms: Array<[string, string]> = [
          ['compact JSON', stringifyRaw(json)],
          ['compact JSON with the numbers re-formatted', JSON.stringify(plain)],
          ['JSON with Python\'s default separators (", " and ": ")', stringifyRaw(json, { itemSep: ', ', keySep: ': ', asciiOnly: true })],
          ['compact JSON with sorted keys', stringifyRaw(json, { sortKeys: true })],
          ['JSON with sorted keys and Python\'s default separators', stringifyRaw(json, { sortKeys: true, itemSep: ', ', keySep: ': ', asciiOnly: true })],
          ['indented JSON', JSON.stringify(plain, null, 2)],
          ['indented JSON (4 spaces)', JSON.stringify(plain, null, 4)],
        ];
        for (const [how, text] of forms) {
          if (text === req.body) continue;
          add('body-reserialised', key + time + text, `Your client signs the body serialised again as ${how} (${quote(text, 50)}) but sends other bytes (${quote(req.body, 50)}): sign the exact body string you send, byte for byte (serialise once, then sign and send that string).`);
        }
        const top = topLevelPairs(json);
        if (top) {
          add('body-signed-as-query', key + time + join([...top].sort(byKey)), 'Your client signs the POST parameters as a sorted query string: for POST, MEXC futures signs the exact JSON body you send.');
        }
      }
      if (req.body !== '') add('body-left-out', key + time, 'Your client leaves the body out of the string to sign: for POST, MEXC futures signs ApiKey + Request-Time + the exact JSON body.');
    } else {
      const sent = parseQuery(req.rawQuery);
      const sorted = [...sent].sort(byKey);
      params = join(sorted);
      if (join(sent) !== join(sorted)) {
        const why = `Your client signs the parameters in the order it sends them (${keyOrder(sent)}), not sorted: MEXC futures signs GET and DELETE parameters sorted by name (${keyOrder(sorted)}).`;
        add('params-not-sorted', key + time + join(sent), why);
        add('params-not-sorted', key + time + join(decodeValues(sent)), why);
      }
      // Signed in an order of its own while the HTTP library sent them in another (short queries: every order).
      for (const order of otherOrders(sent, 4)) {
        const text = join(order);
        if (text === join(sorted)) continue;
        add('params-signed-in-another-order', key + time + text, `Your client signs the parameters in the order ${keyOrder(order)}, not sorted, and sends them as ${keyOrder(sent)}: MEXC futures signs GET and DELETE parameters sorted by name (${keyOrder(sorted)}).`);
        add('params-signed-in-another-order', key + time + join(decodeValues(order)), `Your client signs the parameters in the order ${keyOrder(order)}, not sorted, and sends them as ${keyOrder(sent)}: MEXC futures signs GET and DELETE parameters sorted by name (${keyOrder(sorted)}).`);
      }
      const decoded = decodeValues(sorted);
      for (const enc of ENCODERS) {
        const re = decoded.map((p) => ({ ...p, value: enc.encode(p.value) }));
        const i = re.findIndex((p, n) => p.value !== sorted[n]!.value && p.value !== decoded[n]!.value);
        if (i < 0) continue;
        add(
          `signed-encoded-${enc.id}`,
          key + time + join(re),
          `Your client signs the values encoded ${enc.hint} (${quote(`${re[i]!.key}=${re[i]!.value}`)}) but sends ${quote(`${sorted[i]!.key}=${sorted[i]!.value}`)}: sign the values exactly as you send them (or unencoded).`,
        );
      }
      const joined = join(sorted);
      if (lowerPercent(joined) !== joined) add('signed-lowercase-percent', key + time + lowerPercent(joined), 'Your client signs lowercase percent-encoding (%2c) but sends uppercase (%2C): sign the values exactly as you send them.');
      if (upperPercent(joined) !== joined) add('sent-lowercase-percent', key + time + upperPercent(joined), 'Your client sends lowercase percent-encoding (%2c) but signs uppercase (%2C): encode the values one way and sign them as sent.');
      if (sorted.length > 0) {
        add('params-signed-as-json', key + time + JSON.stringify(Object.fromEntries(decoded.map((p) => [p.key, p.value]))), 'Your client signs the GET parameters as a JSON object: for GET and DELETE, MEXC futures signs them as name=value pairs sorted by name, joined by "&".');
        add('signed-with-question-mark', key + time + '?' + joined, 'Your client signs the parameters with a leading "?": sign from the first parameter on.');
      }
    }

    if (key !== '') add('api-key-left-out', time + params, 'Your client leaves the API key out of the string to sign: MEXC futures signs ApiKey + Request-Time + the parameters.');
    if (time !== '') add('request-time-left-out', key + params, 'Your client leaves Request-Time out of the string to sign: MEXC futures signs ApiKey + Request-Time + the parameters.');
    if (/^\d{11,15}$/.test(time)) {
      const t = Number(time);
      for (let d = 1; d <= CLOCK_READ_TWICE_MS; d++) {
        for (const signed of [t - d, t + d]) {
          add(
            'request-time-differs',
            key + String(signed) + params,
            `Your client signs Request-Time ${signed} but sends the header Request-Time: ${t} (${d} ms ${signed < t ? 'later' : 'earlier'}): it reads the clock twice. Read it once and use that value in the header and in the string to sign.`,
          );
        }
      }
      add('request-time-seconds-signed', key + String(Math.floor(t / 1000)) + params, `Your client signs Request-Time in seconds (${Math.floor(t / 1000)}) but sends milliseconds (${t}) in the header: use the same millisecond value in both.`);
    }
    return out;
  },

  clockWindow(req) {
    const w = windowMs(req.headers['recv-window']);
    return {
      maxAheadMs: w,
      maxBehindMs: w,
      rule: `MEXC futures accepts a Request-Time within ±${w / 1000} s of its clock (${req.headers['recv-window'] ? 'Recv-Window: ' + req.headers['recv-window'] : 'the default without a Recv-Window header'})`,
    };
  },
};
