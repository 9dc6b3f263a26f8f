import { UsageError } from '../../errors.js';
import { hmacSha256Hex } from '../../core/hmac.js';
import type { JsonObject, JsonValue } from '../../core/json-numbers.js';
import type { SignedRequest } from '../../core/signing.js';
import { whatItChanges, type EndpointSafety } from '../../core/endpoint-safety.js';
import type { ApiSigner, SignSpec } from '../contract.js';

export interface CryptocomInput {
  apiKey: string;
  secret: string;
  /** The method name, e.g. `private/user-balance`. */
  method: string;
  baseUrl: string;
  id: number;
  nonce: number;
  params: JsonObject;
}

function valueToString(value: JsonValue): string {
  if (Array.isArray(value)) return value.map(valueToString).join('');
  if (value !== null && typeof value === 'object') return cryptocomParamString(value);
  // JS string concatenation: true -> "true", null -> "null", 1.0 -> "1".
  return String(value);
}

/**
 * The official JavaScript reference `objectToString`: keys sorted at every
 * level, each key followed by its value, arrays flattened without indexes.
 * Empty params sign as the empty string.
 */
export function cryptocomParamString(params: JsonObject | null | undefined): string {
  if (!params) return '';
  let out = '';
  for (const key of Object.keys(params).sort()) {
    out += key + valueToString(params[key] as JsonValue);
  }
  return out;
}

export function signCryptocom(input: CryptocomInput): SignedRequest {
  const stringToSign =
    input.method + String(input.id) + input.apiKey + cryptocomParamString(input.params) + String(input.nonce);
  const signature = hmacSha256Hex(input.secret, stringToSign);
  const body = JSON.stringify({
    id: input.id,
    method: input.method,
    api_key: input.apiKey,
    params: input.params,
    nonce: input.nonce,
    sig: signature,
  });
  return {
    method: 'POST',
    url: `${input.baseUrl.replace(/\/+$/, '')}/${input.method}`,
    headers: { 'Content-Type': 'application/json' },
    body,
    stringToSign,
    signature,
    notes: [],
  };
}

export function cryptocomSigner(defaultPath: string): ApiSigner {
  return {
    sign(spec: SignSpec): SignedRequest {
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
        params: spec.jsonParams ?? {},
      });
    },
    cli: {
      defaultPath,
      timeOption: '--nonce',
      timeLabel: 'Nonce',
      pathLabel: 'Method',
      howSigned: 'method + id + api_key + params (keys sorted, no separators) + nonce',
      validate(seen) {
        if (seen.param) throw new UsageError('Crypto.com takes --params \'{"key":"value"}\' (a JSON object), not --param');
        if (seen.timestamp || seen.recvWindow) throw new UsageError('Crypto.com uses --nonce, not --timestamp/--recv-window');
        if (seen.body !== undefined) throw new UsageError('--body is for MEXC (futures POST); Crypto.com takes --params');
      },
      defaultMethod: () => undefined,
      extraRows: () => [],
      paramsStyle: 'json',
      endpointSafety: (_method, path) => cryptocomEndpointSafety(path),
    },
  };
}

/** public/* and private/get-* methods and private/user-balance(-history) only read; any other private method can change the account. */
export function cryptocomEndpointSafety(path: string): EndpointSafety {
  const name = path.replace(/^\/+/, '');
  if (name.startsWith('public/')) return { readOnly: true, reason: `${name} is a public read` };
  const last = name.split('/').pop() ?? '';
  if (name.startsWith('private/') && (last.startsWith('get-') || /^user-balance(-history)?$/.test(last))) return { readOnly: true, reason: `${name} only reads` };
  return { readOnly: false, reason: `${name} ${whatItChanges(name)}` };
}

export const signer = cryptocomSigner('private/user-balance');
