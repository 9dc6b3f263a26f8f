export type ExchangeId = 'mexc' | 'mexc-futures' | 'cryptocom';

/** The API a knowledge-base file and an error code belong to. */
export type ApiId = 'mexc-spot' | 'mexc-futures' | 'cryptocom-v1' | 'cryptocom-v2';

export interface KeyShape {
  /** What a well-formed value looks like; heuristic, so a mismatch is a warning. */
  pattern: RegExp;
  description: string;
}

export interface ExchangeCredentialNames {
  apiKey: readonly string[];
  secret: readonly string[];
  baseUrl: readonly string[];
}

export interface ExchangeInfo {
  id: ExchangeId;
  title: string;
  defaultBaseUrl: string;
  env: ExchangeCredentialNames;
  keyShape: KeyShape;
  secretShape: KeyShape;
}
