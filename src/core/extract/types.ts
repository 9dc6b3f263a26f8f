// What the extraction step finds in pasted text or a log: exchange-neutral.
// The exchanges' names and hosts come in as data (ExtractContext), from the
// registry's facts; nothing here knows an exchange.

/** How an error was written where it was found. */
export type PasteFormat =
  | 'json'
  | 'python-repr'
  | 'js-inspect'
  | 'java-map'
  | 'key-value'
  | 'prose'
  | 'ccxt'
  | 'library'
  | 'loose'
  | 'http-status'
  | 'html';

/** Which exchange a finding names, and how that was told. */
export interface ExchangeHint {
  /** The name as written (lower case): a ccxt id, a connector name, a host. */
  name: string;
  /** The registered APIs that name belongs to; empty when it is another exchange. */
  apis: string[];
  /** ccxt puts the exchange id before the body; else the URL's host, or the name alone on the line. */
  via: 'ccxt' | 'host' | 'name';
}

export interface HtmlPage {
  title: string | null;
  /** The page's text, tags stripped, entities decoded, shortened. */
  text: string;
  /** The CDN or firewall the page says it comes from (Akamai "Reference #...", Cloudflare). */
  cdn: string | null;
  /** The CDN's incident reference, never a code. */
  reference: string | null;
}

export interface Finding {
  /** An exchange error body (code and/or message), or an HTTP answer without one (a status alone, an HTML page). */
  kind: 'error' | 'http';
  code: number | null;
  message: string | null;
  /** The body's own success flag ({"success":false,...}). */
  success: boolean | null;
  httpStatus: number | null;
  format: PasteFormat;
  /** The exception class written before the body (AuthenticationError, ccxt.base.errors.InvalidOrder...). */
  exception: string | null;
  hint: ExchangeHint | null;
  /** 1-based line of the code (or of the body, or of the status). */
  line: number;
  /** `700002: Signature...` in a sentence: only counts when the knowledge base confirms code and text together. */
  loose: boolean;
  html: HtmlPage | null;
  /** An IP address the message reports (MEXC 700006 "IP [1.2.3.4] ..."). */
  ip: string | null;
  /** The log entry it belongs to (a timestamped line and its continuation lines), for counting. */
  entry: number;
}

export interface ExtractContext {
  exchanges: ReadonlyArray<{ id: string; names: readonly string[]; hosts: readonly string[] }>;
}

export interface Extraction {
  findings: Finding[];
  lines: number;
  /** The text is a log with timestamped entries (else every unindented line is an entry). */
  timestamped: boolean;
  /** The log entry a 1-based line belongs to. */
  entryOf(line: number): number;
}
