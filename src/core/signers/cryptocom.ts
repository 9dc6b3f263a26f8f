import { hmacSha256Hex } from '../hmac.js';
import type { SignedRequest } from './types.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type CryptocomApiVersion = 'v1' | 'v2';

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
