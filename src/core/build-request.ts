import { UsageError } from '../errors.js';
import type { ExchangeId } from './exchanges/types.js';
import { signCryptocom, type JsonObject } from './signers/cryptocom.js';
import { signMexcFutures } from './signers/mexc-futures.js';
import { signMexcSpot } from './signers/mexc-spot.js';
import type { HttpMethod, SignedRequest } from './signers/types.js';

// Map one request description onto the right signer. Used by `sign`,
// `test-auth` and the diagnose probes, so all three send the same bytes.

export interface RequestSpec {
  exchange: ExchangeId;
  apiKey: string;
  secret: string;
  baseUrl: string;
  method?: HttpMethod | undefined;
  /** MEXC path, or Crypto.com method name. */
  path: string;
  params?: Array<[string, string]>;
  cryptocomParams?: JsonObject;
  body?: string | null | undefined;
  sort?: boolean | undefined;
  /** ms since epoch: MEXC timestamp / Request-Time, Crypto.com nonce. */
  time: number;
  recvWindow?: number | undefined;
  id?: number | undefined;
}

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'DELETE', 'PUT'];

export function buildSignedRequest(spec: RequestSpec): SignedRequest {
  switch (spec.exchange) {
    case 'mexc':
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
    case 'mexc-futures':
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
    case 'cryptocom': {
      if (spec.method && spec.method !== 'POST') throw new UsageError('Crypto.com private methods are always POST');
      if (!/^(private|public)\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(spec.path)) {
        throw new UsageError(`Crypto.com --path is a method name such as private/user-balance (got "${spec.path}")`);
      }
      if (spec.params && spec.params.length > 0) {
        throw new UsageError('Crypto.com takes --params \'{"key":"value"}\' (a JSON object), not --param');
      }
      return signCryptocom({
        apiKey: spec.apiKey,
        secret: spec.secret,
        method: spec.path,
        baseUrl: spec.baseUrl,
        id: spec.id ?? 1,
        nonce: spec.time,
        params: spec.cryptocomParams ?? {},
      });
    }
  }
}
