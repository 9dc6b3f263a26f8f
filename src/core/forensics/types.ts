// Signature forensics: given the request a client really sent and the secret
// xcred holds for its key, find which variant of the exchange's algorithm
// reproduces the client's signature. Each exchange API describes its own
// variants in src/exchanges/<api>/forensics.ts; the search, the generic
// mistakes (secret copies, digest encodings, swapped arguments, reused
// signatures) and the clock check live here, exchange-neutral and pure.

/** A request exactly as the client sent it. */
export interface SentRequest {
  method: string;
  /** The path without the query string, as sent. */
  path: string;
  /** The query string exactly as sent, without "?". */
  rawQuery: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body as sent ('' when there is none). */
  body: string;
}

/** The signed time the request carries (timestamp, Request-Time, nonce). */
export interface SignedTime {
  /** How the API calls it, as the user would search for it ("timestamp", "Request-Time", "nonce"). */
  label: string;
  /** The value as sent. */
  raw: string;
  /** The value as a number, null when it is not one. */
  value: number | null;
}

/** What a signed request carries, read by the API's forensics. */
export interface SignedParts {
  apiKey: string | null;
  signature: string;
  time: SignedTime | null;
}

/** One way a client may have built the string to sign, and what it then does wrong. */
export interface PayloadVariant {
  /** Stable id, e.g. "params-sorted". */
  id: string;
  payload: string;
  /** The mistake in one sentence the user can act on. Never quotes a key or secret. */
  sentence: string;
}

/** The exchange's timestamp window for one request. */
export interface ClockWindow {
  /** The timestamp may be at most this far ahead of the exchange clock. */
  maxAheadMs: number;
  /** ... and at most this far behind it. */
  maxBehindMs: number;
  /** The rule in words, with the exchange's name. */
  rule: string;
}

/** What an exchange API folder provides: src/exchanges/<api>/forensics.ts. */
export interface ApiForensics {
  /**
   * Whether the exchange accepts an uppercase hex signature: 'lower-only'
   * (documented), 'any' (its reference verifier ignores case) or 'unknown'.
   */
  hexCase: 'lower-only' | 'any' | 'unknown';
  /** Read key, signature and time; null when the request carries no signature. */
  extract(req: SentRequest): SignedParts | null;
  /**
   * The strings the exchange accepts as signed for this request: more than
   * one only where the docs are ambiguous and the exchange takes both.
   */
  correct(req: SentRequest, parts: SignedParts): string[];
  /** The known mistakes, each as the string a client making it would have signed. */
  variants(req: SentRequest, parts: SignedParts): PayloadVariant[];
  /** The timestamp window that applies to this request. */
  clockWindow(req: SentRequest, parts: SignedParts): ClockWindow;
}

export type FindingKind =
  /** One known mistake reproduces the client's signature. */
  | 'mistake'
  /** The signature is right for this request and this secret. */
  | 'correct'
  /** Nothing reproduces it: most likely another secret. */
  | 'no-match'
  /** The request cannot be analysed (no signature, no secret, unreadable body). */
  | 'not-analysable'
  /** A finding about the request's timestamp. */
  | 'clock';

export interface Finding {
  kind: FindingKind;
  /** The mistake's id ("params-sorted"), or the outcome ("correct", "no-match", "clock-behind"). */
  variant: string;
  /** One sentence a user can act on. */
  sentence: string;
  /** Other mistakes that produce the very same string to sign (so the same signature). */
  alsoConsistentWith?: string[];
  /** How many variants were computed. */
  tried?: number;
}
