import { UsageError } from '../../errors.js';
import { encodePairs } from '../../core/encoding.js';
import { hmacSha256Hex } from '../../core/hmac.js';
import type { HttpMethod, SignedRequest } from '../../core/signing.js';
import { whatItChanges, type EndpointSafety } from '../../core/endpoint-safety.js';
import type { ApiSigner, SignOptionsSeen, SignSpec } from '../contract.js';

export const MEXC_RECV_WINDOW_DEFAULT = 5000;
export const MEXC_RECV_WINDOW_MAX = 60000;

export interface MexcSpotInput {
  apiKey: string;
  secret: string;
  method: HttpMethod;
  baseUrl: string;
  path: string;
  /** Query parameters in the order the user gave them. */
  params: ReadonlyArray<readonly [string, string]>;
  /** A raw request body, sent and signed as is (rare on spot). */
  body?: string | null;
  timestamp: number;
  recvWindow?: number;
  /** Sort every parameter by key (the docs do not require it). */
  sort?: boolean;
}

/** recvWindow is a positive integer no larger than MEXC's documented maximum. */
export function checkMexcRecvWindow(value: number): string[] {
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(`recvWindow must be a positive whole number of milliseconds, got ${value}`);
  }
  if (value > MEXC_RECV_WINDOW_MAX) {
    throw new UsageError(
      `recvWindow ${value} is above MEXC's limit of ${MEXC_RECV_WINDOW_MAX} ms (the docs: "max cannot go beyond 60,000"); a larger window does not fix clock skew, sync the clock instead`,
    );
  }
  if (value === MEXC_RECV_WINDOW_MAX) {
    return [
      'recvWindow=60000 is uncertain: the docs allow up to 60000, but error 700005 reads "recvWindow must less than 60000". If MEXC answers 700005, use 59999.',
    ];
  }
  return [];
}

/** What MEXC signs: the query string and the body concatenated, no `&` between. */
export function mexcSpotTotalParams(query: string, body: string | null | undefined): string {
  return query + (body ?? '');
}

/** A body that is a JSON document, not a form (`k=v&…`). */
function isJsonBody(body: string): boolean {
  const t = body.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

// The docs sign form bodies (Example 3); a JSON body is what MEXC's broker
// endpoints take, with only the query signed, as ccxt sends them and they work
// live (shared/reference/mexc-api.md, ccxt notes). For other endpoints: unknown.
const JSON_BODY_NOTE =
  'The JSON body is not signed: only the query string is (as on MEXC\'s broker endpoints, which take JSON bodies; ccxt signs them so). Other spot endpoints document parameters in the query or a form body: if MEXC answers 700002, pass them with --param instead.';

export function signMexcSpot(input: MexcSpotInput): SignedRequest {
  const recvWindow = input.recvWindow ?? MEXC_RECV_WINDOW_DEFAULT;
  const notes = checkMexcRecvWindow(recvWindow);
  const body = input.body ?? null;
  if (body !== null && input.method === 'GET') {
    throw new UsageError('a MEXC spot GET sends no body: pass its parameters with --param key=value');
  }
  const given = new Set(input.params.map(([k]) => k));
  if (given.has('signature')) {
    throw new UsageError('do not pass a "signature" parameter: xcred computes it and appends it last');
  }
  const inBody = (key: string) => body !== null && new RegExp(`(^|&)${key}=`).test(body);

  const pairs: Array<[string, string]> = input.params.map(([k, v]) => [k, v]);
  if (!given.has('recvWindow') && !inBody('recvWindow')) pairs.push(['recvWindow', String(recvWindow)]);
  if (!given.has('timestamp') && !inBody('timestamp')) pairs.push(['timestamp', String(input.timestamp)]);
  if (input.sort) pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const query = encodePairs(pairs);
  const json = body !== null && isJsonBody(body);
  if (json) notes.push(JSON_BODY_NOTE);
  const stringToSign = mexcSpotTotalParams(query, json ? null : body);
  const signature = hmacSha256Hex(input.secret, stringToSign);
  const url = `${input.baseUrl.replace(/\/+$/, '')}${input.path}?${query}${query ? '&' : ''}signature=${signature}`;
  return {
    method: input.method,
    url,
    headers: {
      'X-MEXC-APIKEY': input.apiKey,
      // Required on POST/PUT/DELETE (700013 "Invalid content Type." without it since
      // 2024-02); harmless on GET, where the official SDKs send it too.
      'Content-Type': 'application/json',
    },
    body,
    stringToSign,
    signature,
    notes,
  };
}

/** MEXC: GET endpoints only read; so do the listed test endpoints; any other POST, PUT or DELETE can change the account. */
export function mexcEndpointSafety(method: HttpMethod, path: string, readOnlyWrites: readonly string[]): EndpointSafety {
  const bare = path.split('?')[0]!;
  if (method === 'GET') return { readOnly: true, reason: `GET ${bare} only reads` };
  if (method === 'POST' && readOnlyWrites.includes(bare)) return { readOnly: true, reason: `POST ${bare} is validated and never sent to the matching engine` };
  return { readOnly: false, reason: `${method} ${bare} ${whatItChanges(bare)}` };
}

/** The --params/--nonce/--id options belong to Crypto.com; say so in MEXC's terms. */
export function refuseCryptocomOptions(seen: SignOptionsSeen): void {
  if (seen.params) throw new UsageError('--params is for Crypto.com; MEXC takes --param key=value');
  if (seen.nonce || seen.id) throw new UsageError('--nonce and --id are for Crypto.com');
}

export const signer: ApiSigner = {
  sign(spec: SignSpec): SignedRequest {
    if (!spec.path.startsWith('/')) throw new UsageError(`--path must start with "/", e.g. /api/v3/account (got "${spec.path}")`);
    return signMexcSpot({
      apiKey: spec.apiKey,
      secret: spec.secret,
      method: spec.method ?? 'GET',
      baseUrl: spec.baseUrl,
      path: spec.path,
      params: spec.params ?? [],
      body: spec.body ?? null,
      timestamp: spec.time,
      recvWindow: spec.recvWindow,
      sort: spec.sort,
    });
  },
  cli: {
    defaultPath: '/api/v3/account',
    timeOption: '--timestamp',
    timeLabel: 'timestamp',
    pathLabel: 'Endpoint',
    howSigned: 'the query string exactly as sent, then the body, no "&" between',
    validate: refuseCryptocomOptions,
    defaultMethod: () => undefined,
    extraRows: ({ recvWindow }) => [['recvWindow', String(recvWindow ?? MEXC_RECV_WINDOW_DEFAULT)]],
    paramsStyle: 'pairs',
    // GET only reads; POST /api/v3/order/test is validated and never reaches the matching engine (spot docs, "Test New Order").
    endpointSafety: (method, path) => mexcEndpointSafety(method, path, ['/api/v3/order/test']),
  },
};
