// What every signer produces, and the known-answer check run over any API.

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PUT';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'DELETE', 'PUT'];

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

export interface VectorResult {
  id: string;
  source: string;
  ok: boolean;
  expected: string;
  actual: string;
}

/** Run an API's known-answer vectors through its production signer. */
export function checkVectors(api: {
  signer: { sign(spec: never): SignedRequest };
  vectors: ReadonlyArray<{ id: string; source: string; spec: unknown; stringToSign: string; signature: string }>;
}): VectorResult[] {
  return api.vectors.map((v) => {
    const signed = api.signer.sign(v.spec as never);
    const ok = signed.signature === v.signature && signed.stringToSign === v.stringToSign;
    return { id: v.id, source: v.source, ok, expected: v.signature, actual: signed.signature };
  });
}
