import {
  ENCODERS,
  firstDifference,
  formatPairs,
  keyOrder,
  lowerPercent,
  otherOrders,
  parseQuery,
  percentDecode,
  quote,
  upperPercent,
  type QueryPair,
} from '../../core/forensics/query.js';
import { CLOCK_READ_TWICE_MS } from '../../core/forensics/clock.js';
import type { ApiForensics, PayloadVariant, SentRequest, SignedParts } from '../../core/forensics/types.js';
import { MEXC_RECV_WINDOW_DEFAULT, MEXC_RECV_WINDOW_MAX } from './signer.js';

// MEXC spot v3: what a client may have signed instead of totalParams (the
// query string exactly as sent, then the body, nothing between; SPOTDOC
// "SIGNED"). Each variant is a mistake seen in the SDKs, their issues or
// users' code (shared/reference/mexc-api.md §7, §8).

interface Split {
  /** Query pairs as sent, without the signature. */
  query: QueryPair[];
  /** What the body contributes to totalParams: a form body (minus any signature), or '' for JSON or none. */
  bodyPart: string;
  json: boolean;
}

function split(req: SentRequest): Split {
  const json = /^\s*[{[]/.test(req.body);
  let bodyPart = '';
  if (req.body !== '' && !json) {
    const form = parseQuery(req.body);
    bodyPart = form.some((p) => p.key === 'signature') ? formatPairs(form.filter((p) => p.key !== 'signature')) : req.body;
  }
  return { query: parseQuery(req.rawQuery).filter((p) => p.key !== 'signature'), bodyPart, json };
}

function allPairs(req: SentRequest): QueryPair[] {
  const json = /^\s*[{[]/.test(req.body);
  return [...parseQuery(req.rawQuery), ...(req.body !== '' && !json ? parseQuery(req.body) : [])];
}

const byKey = (a: QueryPair, b: QueryPair) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function recvWindowOf(req: SentRequest): number {
  const v = allPairs(req).find((p) => p.key === 'recvWindow')?.value;
  const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : MEXC_RECV_WINDOW_DEFAULT;
  return Math.min(n, MEXC_RECV_WINDOW_MAX);
}

function moved(query: QueryPair[], names: string[], where: 'end' | 'front'): QueryPair[] {
  const picked = names.map((n) => query.find((p) => p.key === n)).filter((p): p is QueryPair => p !== undefined);
  if (picked.length !== names.length) return query;
  const rest = query.filter((p) => !names.includes(p.key));
  return where === 'end' ? [...rest, ...picked] : [...picked, ...rest];
}

export const forensics: ApiForensics = {
  // SPOTDOC: the signature is lowercase hex ("lowercase only").
  hexCase: 'lower-only',

  extract(req) {
    const pairs = allPairs(req);
    const sig = pairs.find((p) => p.key === 'signature');
    if (!sig) return null;
    const ts = pairs.find((p) => p.key === 'timestamp');
    const raw = ts ? percentDecode(ts.value) : null;
    return {
      apiKey: req.headers['x-mexc-apikey'] ?? null,
      signature: percentDecode(sig.value),
      time: raw === null ? null : { label: 'timestamp', raw, value: /^\d+$/.test(raw) ? Number(raw) : null },
    };
  },

  correct(req) {
    const s = split(req);
    return [formatPairs(s.query) + s.bodyPart];
  },

  variants(req: SentRequest, _parts: SignedParts): PayloadVariant[] {
    const { query, bodyPart, json } = split(req);
    const sent = formatPairs(query);
    const out: PayloadVariant[] = [];
    const add = (id: string, signedQuery: string, sentence: string, tail = bodyPart) => out.push({ id, payload: signedQuery + tail, sentence });
    const asSent = 'MEXC checks the signature against the query string exactly as sent';

    // Encoding: what was signed is encoded differently from what went on the wire.
    const decoded = query.map((p) => ({ ...p, key: percentDecode(p.key), value: percentDecode(p.value) }));
    const dec = firstDifference(query, decoded);
    if (dec) {
      add('signed-unencoded', formatPairs(decoded), `Your client signs the parameters before URL-encoding them (${quote(dec.signed)}) but sends them encoded (${quote(dec.sent)}): ${asSent}, so sign the encoded string you send.`);
    }
    for (const enc of ENCODERS) {
      const re = decoded.map((p) => ({ ...p, key: enc.encode(p.key), value: enc.encode(p.value) }));
      const d = firstDifference(query, re);
      if (!d) continue;
      add(
        `signed-encoded-${enc.id}`,
        formatPairs(re),
        `Your client signs the parameters encoded ${enc.hint} (${quote(d.signed)}) but sends ${quote(d.sent)}: ${asSent}; encode once (RFC 3986, uppercase %XX), then sign and send that same string.`,
      );
    }
    const lower = lowerPercent(sent);
    if (lower !== sent) {
      const m = /%(?:[0-9A-F][A-F]|[A-F][0-9A-F])/.exec(sent)?.[0] ?? '%XX';
      add('signed-lowercase-percent', lower, `Your client signs lowercase percent-encoding (${quote(m.toLowerCase())}) but sends uppercase (${quote(m)}): MEXC wants uppercase %XX; sign the string you send.`);
    }
    const upper = upperPercent(sent);
    if (upper !== sent) {
      const m = /%(?:[0-9a-f][a-f]|[a-f][0-9a-f])/.exec(sent)?.[0] ?? '%xx';
      add('sent-lowercase-percent', upper, `Your client sends lowercase percent-encoding (${quote(m)}) but signs uppercase (${quote(m.toUpperCase())}): MEXC wants uppercase %XX ("encode only support uppercase"), in what you send and what you sign.`);
    }

    // Order: signed in another order than sent.
    const sorted = [...query].sort(byKey);
    if (formatPairs(sorted) !== sent) {
      add('params-sorted', formatPairs(sorted), `Your client signs the parameters sorted by name (${keyOrder(sorted)}) but sends them in another order (${keyOrder(query)}): ${asSent}, so sign them in the order you send them.`);
    }
    const orders: Array<[string[], 'end' | 'front']> = [
      [['timestamp'], 'end'],
      [['recvWindow'], 'end'],
      [['recvWindow', 'timestamp'], 'end'],
      [['timestamp', 'recvWindow'], 'end'],
      [['timestamp'], 'front'],
      [['recvWindow', 'timestamp'], 'front'],
      [['timestamp', 'recvWindow'], 'front'],
    ];
    for (const [names, where] of orders) {
      const v = moved(query, names, where);
      if (formatPairs(v) === sent) continue;
      add('params-other-order', formatPairs(v), `Your client signs the parameters in the order ${keyOrder(v)} but sends them as ${keyOrder(query)}: ${asSent}, so sign them in the order you send them.`);
    }

    // Sent sorted by name: the client may have signed in its own order while its URL builder sorted the
    // parameters (Go's url.Values.Encode, a Java TreeMap). For short queries, every other order is tried.
    if (query.length > 2 && formatPairs(sorted) === sent) {
      for (const order of otherOrders(query)) {
        add(
          'params-reordered-when-sent',
          formatPairs(order),
          `Your client signs the parameters in the order ${keyOrder(order)} but sends them sorted by name (${keyOrder(query)}): its URL builder sorts them (Go's url.Values.Encode, a Java TreeMap). ${asSent}: build the query string once, sign it, and send that string.`,
        );
      }
    }

    // The body.
    if (bodyPart !== '') {
      add('body-left-out', sent, 'Your client leaves the request body out of the string to sign: MEXC signs the query string followed by the body.', '');
      if (sent !== '') {
        add('ampersand-between-query-and-body', sent + '&', 'Your client puts an "&" between the query string and the body when signing: MEXC joins them with nothing between (the query string, then the body).');
        add('body-before-query', bodyPart, 'Your client signs the body before the query string: MEXC signs the query string first, then the body.', sent);
      }
    } else if (json && req.body !== '') {
      add('json-body-signed', sent, 'Your client signs the JSON body along with the query string; MEXC spot signs only the query string (and a form-encoded body): put every parameter in the query string and sign that.', req.body);
      if (sent !== '') add('json-body-signed', sent + '&', 'Your client signs the JSON body, after an "&", along with the query string; MEXC spot signs only the query string (and a form-encoded body): put every parameter in the query string and sign that.', req.body);
    }

    // Signed before the request was complete, or with other values than sent.
    const has = (k: string) => query.some((p) => p.key === k);
    const without = (names: string[]) => formatPairs(query.filter((p) => !names.includes(p.key)));
    if (has('recvWindow')) add('signed-before-recvWindow', without(['recvWindow']), 'Your client signs the parameters before adding recvWindow: add recvWindow and timestamp first, then sign the complete query string.');
    if (has('timestamp')) add('signed-before-timestamp', without(['timestamp']), 'Your client signs the parameters before adding the timestamp: add timestamp and recvWindow first, then sign the complete query string.');
    if (has('timestamp') && has('recvWindow')) {
      add('signed-before-timestamp', without(['timestamp', 'recvWindow']), 'Your client signs the parameters before adding timestamp and recvWindow: add both first, then sign the complete query string.');
    }
    const replaced = (key: string, value: string) => formatPairs(query.map((p) => (p.key === key ? { ...p, value } : p)));
    const rw = query.find((p) => p.key === 'recvWindow');
    if (rw) {
      for (const v of ['5000', '10000', '60000', '59999', '6000', '20000', '30000']) {
        if (v !== rw.value) add('recvWindow-differs', replaced('recvWindow', v), `Your client signs recvWindow=${v} but sends recvWindow=${rw.value}: use one value for both.`);
      }
    } else {
      for (const v of ['5000', '10000', '60000']) {
        const extra = { key: 'recvWindow', value: v, hasEq: true };
        const ts = query.findIndex((p) => p.key === 'timestamp');
        add('recvWindow-signed-not-sent', formatPairs([...query, extra]), `Your client signs recvWindow=${v} but does not send it: send every parameter it signs.`);
        if (ts >= 0) add('recvWindow-signed-not-sent', formatPairs([...query.slice(0, ts), extra, ...query.slice(ts)]), `Your client signs recvWindow=${v} but does not send it: send every parameter it signs.`);
      }
    }
    const ts = query.find((p) => p.key === 'timestamp');
    if (ts && /^\d{11,15}$/.test(ts.value)) {
      const t = Number(ts.value);
      for (let d = 1; d <= CLOCK_READ_TWICE_MS; d++) {
        for (const signed of [t - d, t + d]) {
          add(
            'timestamp-differs',
            replaced('timestamp', String(signed)),
            `Your client signs timestamp=${signed} but sends timestamp=${t} (${d} ms ${signed < t ? 'later' : 'earlier'}): it reads the clock twice. Read it once and use that value in the string to sign and in the request.`,
          );
        }
      }
      add('timestamp-seconds-signed', replaced('timestamp', String(Math.floor(t / 1000))), `Your client signs the timestamp in seconds (${Math.floor(t / 1000)}) but sends milliseconds (${t}): use the same millisecond value in both.`);
    }

    // Framing.
    if (sent !== '') {
      add('signed-with-question-mark', '?' + sent, 'Your client signs the query string with its leading "?": sign from the first parameter on.');
      add('signed-with-path', req.path + '?' + sent, `Your client signs the path too (${quote(req.path + '?…')}): MEXC signs only the query string (and the body).`);
    }
    return out;
  },

  clockWindow(req) {
    const rw = recvWindowOf(req);
    return {
      maxAheadMs: 999,
      maxBehindMs: rw,
      rule: `MEXC accepts a timestamp at most recvWindow (${rw} ms) behind its clock and less than 1 s ahead`,
    };
  },
};
