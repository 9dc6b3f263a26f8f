import { UsageError } from '../../errors.js';
import { rfc3986 } from '../../core/encoding.js';
import { hmacSha256Hex } from '../../core/hmac.js';
import type { HttpMethod, SignedRequest } from '../../core/signing.js';
import type { ApiSigner, SignSpec } from '../contract.js';
import { mexcEndpointSafety, refuseCryptocomOptions } from '../mexc-spot/signer.js';

export interface MexcFuturesInput {
  apiKey: string;
  secret: string;
  method: HttpMethod;
  baseUrl: string;
  path: string;
  /** Business parameters for GET/DELETE; null values are left out. */
  params: ReadonlyArray<readonly [string, string | null]>;
  /** The exact JSON body for POST. */
  body?: string | null;
  requestTime: number;
  /** Sent as the Recv-Window header when given. */
  recvWindow?: number;
}

/**
 * GET/DELETE paramString: business params sorted by key, `k=v` joined by `&`,
 * nulls left out. The docs' Java sample URL-encodes values, the official demo
 * SDKs sign raw values; both agree for plain alphanumerics. xcred signs the
 * encoded form (also what it sends) and reports the raw variant when they differ.
 */
export function mexcFuturesParamString(
  params: ReadonlyArray<readonly [string, string | null]>,
  encode: (v: string) => string = rfc3986,
): string {
  return params
    .filter((p): p is readonly [string, string] => p[1] !== null)
    .slice()
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${encode(v)}`)
    .join('&');
}

export function signMexcFutures(input: MexcFuturesInput): SignedRequest {
  const notes: string[] = [];
  const time = String(input.requestTime);
  let paramString: string;
  let body: string | null = null;
  let query = '';
  if (input.method === 'POST' || input.method === 'PUT') {
    if (input.params.length > 0) {
      throw new UsageError('MEXC futures POST parameters go in the JSON body: use --body \'{"symbol":"BTC_USDT",...}\'');
    }
    body = input.body ?? '';
    paramString = body;
  } else {
    if (input.body) throw new UsageError(`MEXC futures ${input.method} takes no body: pass parameters with --param`);
    paramString = mexcFuturesParamString(input.params);
    query = paramString;
    const raw = mexcFuturesParamString(input.params, (v) => v);
    if (raw !== paramString) {
      notes.push(
        `Some values need URL-encoding. The futures docs are ambiguous: the Java sample signs encoded values (what xcred signs), the official demo SDKs sign raw ones ("${raw}"). If MEXC answers 602, try the other form.`,
      );
    }
  }
  const stringToSign = input.apiKey + time + paramString;
  const signature = hmacSha256Hex(input.secret, stringToSign);
  const headers: Record<string, string> = {
    ApiKey: input.apiKey,
    'Request-Time': time,
    Signature: signature,
    'Content-Type': 'application/json',
  };
  if (input.recvWindow !== undefined) headers['Recv-Window'] = String(input.recvWindow);
  const url = `${input.baseUrl.replace(/\/+$/, '')}${input.path}${query ? '?' + query : ''}`;
  return { method: input.method, url, headers, body, stringToSign, signature, notes };
}

export const signer: ApiSigner = {
  sign(spec: SignSpec): SignedRequest {
    if (!spec.path.startsWith('/')) throw new UsageError(`--path must start with "/", e.g. /api/v1/private/account/assets (got "${spec.path}")`);
    return signMexcFutures({
      apiKey: spec.apiKey,
      secret: spec.secret,
      method: spec.method ?? 'GET',
      baseUrl: spec.baseUrl,
      path: spec.path,
      params: spec.params ?? [],
      body: spec.body ?? null,
      requestTime: spec.time,
      recvWindow: spec.recvWindow,
    });
  },
  cli: {
    defaultPath: '/api/v1/private/account/assets',
    timeOption: '--timestamp',
    timeLabel: 'Request-Time',
    pathLabel: 'Endpoint',
    howSigned: 'ApiKey + Request-Time + (sorted params for GET/DELETE | exact JSON body for POST)',
    validate(seen) {
      refuseCryptocomOptions(seen);
      if (seen.body !== undefined) {
        try {
          JSON.parse(seen.body);
        } catch (err) {
          throw new UsageError(`--body is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    },
    // A JSON body means POST: that is the only place futures signs a body.
    defaultMethod: (seen) => (seen.body ? 'POST' : undefined),
    extraRows: ({ recvWindow }) => (recvWindow !== undefined ? [['Recv-Window', String(recvWindow)]] : []),
    paramsStyle: 'pairs',
    endpointSafety: (method, path) => mexcEndpointSafety(method, path, []),
  },
};
