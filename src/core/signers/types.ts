export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PUT';

/** Exactly what a client sends, plus how the signature was made. */
export interface SignedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  stringToSign: string;
  signature: string;
  /** Things the user should know about this request (uncertain rules, rewrites). */
  notes: string[];
}
