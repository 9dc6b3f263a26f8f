import type { ProbeSet } from '../core/diagnose/probe-types.js';
import type { EndpointSafety } from '../core/endpoint-safety.js';
import type { ApiForensics } from '../core/forensics/types.js';
import type { HttpMeaning, KbEntry } from '../core/kb/schema.js';
import type { JsonObject } from '../core/json-numbers.js';
import type { HttpMethod, SignedRequest } from '../core/signing.js';
import type { ApiRoutes } from '../emulator/types.js';

// The contract every exchange API folder under src/exchanges/ fulfils. One
// folder = one API (MEXC spot, MEXC futures, Crypto.com v1, ...), with the
// same small files in each: facts, signer, vectors, probes, kb, advice,
// emulator, and index (which assembles them into an ExchangeApi).
// The shared suite in test/exchanges/contract.test.ts checks every
// registered API against this contract.

export interface KeyShape {
  /** What a well-formed value looks like; heuristic, so a mismatch is a warning. */
  pattern: RegExp;
  description: string;
}

/** How long a key lives by the exchange's own rules. */
export type KeyLifetime =
  | {
      kind: 'expires-unless-ip-bound';
      validDays: number;
      renewWindowDays: number;
      /** The key page, as a click path in the exchange's UI ("MEXC > API Management"). */
      console: string;
      /** Where to create a new key. */
      createPlace: string;
      /** The renew action on the key page. */
      renewAction: string;
      /** Said of an IP-bound key: it does not expire. */
      boundNote: string;
      /** What happens once the key has expired. */
      expiredConsequence: string;
    }
  | { kind: 'no-documented-expiry'; note: string };

/** A browser-session credential users paste instead of an API key (MEXC "WEB..."). */
export interface BrowserTokenFacts {
  /** The shapes it comes in. */
  patterns: readonly RegExp[];
  /** The environment variable `renew-hint` reads it from. */
  envVar: string;
  /** Said when it is found where the API key should be. */
  lint: { message: string; fix: string };
}

export type BrowserTokenInfo =
  | { kind: 'opaque'; format: string; length: number }
  | { kind: 'jwt'; format: string; issuedAt: number | null; expiresAt: number | null; subject: string | null };

/** What `renew-hint --web-token` needs: loaded with the API module. */
export interface BrowserTokenSupport {
  name: string;
  warning: string;
  /** Said of a token whose expiry cannot be read. */
  opaqueLifetime: string;
  refreshSteps: string[];
  /** Read the token (throws InputError when it is not one). */
  inspect(raw: string): BrowserTokenInfo;
}

/**
 * Static facts: small on purpose, because the registry loads them for every
 * command. Everything heavier sits in the other files and loads when used.
 */
export interface ApiFacts {
  /** Stable id: the folder name, the JSON `api` field. */
  id: string;
  /** The <exchange> argument users type. */
  exchange: string;
  /**
   * The names logs and pasted errors give this exchange: ccxt ids (ccxt puts
   * the id before the body: `AuthenticationError: mexc {...}`), bot connector
   * names. `explain` uses them to tell this exchange's errors from others'.
   */
  pasteNames: readonly string[];
  /** The --api-version value that selects this API, for exchanges with several. */
  apiVersion: string | null;
  /** Chosen for its exchange when no --api-version is given. */
  isDefaultVersion: boolean;
  exchangeTitle: string;
  /** The API's full name, as reports print it. */
  title: string;
  /** One line for `xcred --help`, on the default API of each exchange. */
  helpLine?: string;
  defaultBaseUrl: string;
  /** Hosts run by the exchange itself; any other base URL is named in every report. */
  officialHosts: readonly string[];
  env: { apiKey: readonly string[]; secret: readonly string[]; baseUrl: readonly string[] };
  keyShape: KeyShape;
  secretShape: KeyShape;
  /** The documented secret length: a secret under half of it cannot be real (null: not documented). */
  secretLength: number | null;
  /** APIs that take the same key (MEXC spot and futures) store it under one name. */
  credentialGroup: string;
  /** What to know about the exchange's IP whitelist (limits, delays), for check-ip. */
  ipWhitelistNote: string;
  /** The exchange's key page, for renewal and creation steps. */
  keyManagementUrl: string;
  keyLifetime: KeyLifetime;
  /** The exchange also has a browser-session token users mistake for a key (MEXC "WEB..."). */
  browserSessionToken: BrowserTokenFacts | null;
  /** Whether an HTTP answer is a success, in this API's envelope. */
  isSuccess(status: number, parsed: { code: number | null; success: boolean | null }, json: unknown): boolean;
}

/** Everything the `sign` command accepts, exchange-neutral. Each API takes the part it understands. */
export interface SignSpec {
  apiKey: string;
  secret: string;
  baseUrl: string;
  method?: HttpMethod | undefined;
  /** An endpoint path (/api/v3/account) or a method name (private/user-balance). */
  path: string;
  /** key=value parameters, in the order given. */
  params?: ReadonlyArray<readonly [string, string]> | undefined;
  /** A params object (JSON-bodied APIs). */
  jsonParams?: JsonObject | undefined;
  /** A raw body, sent and signed byte for byte. */
  body?: string | null | undefined;
  sort?: boolean | undefined;
  /** ms since the epoch: timestamp, Request-Time or nonce. */
  time: number;
  recvWindow?: number | undefined;
  id?: number | undefined;
}

/** The options of `xcred sign` as typed, before they become a SignSpec. */
export interface SignOptionsSeen {
  param: boolean;
  params: boolean;
  body: string | undefined;
  timestamp: boolean;
  recvWindow: boolean;
  nonce: boolean;
  id: boolean;
  method: HttpMethod | undefined;
}

export interface ApiSigner {
  sign(spec: SignSpec): SignedRequest;
  /** How `xcred sign` talks about this API. */
  cli: {
    defaultPath: string;
    /** The option that sets the signed time. */
    timeOption: '--timestamp' | '--nonce';
    /** What the signed time is called in the report. */
    timeLabel: string;
    /** "Endpoint" (GET /path) or "Method" (a method name). */
    pathLabel: 'Endpoint' | 'Method';
    /** What is signed, in one line. */
    howSigned: string;
    /** Refuse options this API does not take, with a usage error that says what to use. */
    validate(seen: SignOptionsSeen): void;
    /** The method to use when none was given (e.g. POST when a body is). */
    defaultMethod(seen: SignOptionsSeen): HttpMethod | undefined;
    /** Extra input rows (recvWindow...) for the report. */
    extraRows(spec: { recvWindow: number | undefined }): Array<[string, string]>;
    /** How parameters are given: key=value pairs (--param) or one JSON object (--params). */
    paramsStyle: 'pairs' | 'json';
    /** Whether sending this request can change the account (only what is known to be read-only is). */
    endpointSafety(method: HttpMethod, path: string): EndpointSafety;
  };
}

/** A known answer: this input must give exactly this string to sign and signature. */
export interface KnownAnswerVector {
  id: string;
  /** Where the expected values come from. */
  source: string;
  spec: SignSpec;
  stringToSign: string;
  signature: string;
}

/** Exchange-specific words of the diagnose verdict. Empty strings add nothing. */
export interface ApiAdvice {
  /** Appended when the exchange rejects a signature the signer proves right. */
  signatureRejectedNote: string;
  /** Appended when reads work and the trade probe is refused. */
  tradeRefusedNote: string;
  /** Appended to the IP-whitelist hypothesis when no whitelist was given. */
  ipHypothesisNote: string;
  /** Why a missing permission is a hypothesis when the exchange answers with its authentication error (null: it never does). */
  permissionHypothesis: string | null;
  /** Why an expired key is a hypothesis when the creation date is unknown (null: keys do not expire by rule). */
  expiryHypothesis: string | null;
  /** After fixing the clock. */
  clockNextStep: string;
  /** After the permission step. */
  permissionNextStep: string;
  /** When the key may be gone or expired. */
  keyGoneNextStep: string;
}

export interface ExchangeApi {
  facts: ApiFacts;
  signer: ApiSigner;
  vectors: readonly KnownAnswerVector[];
  probes: ProbeSet;
  kb: readonly KbEntry[];
  /** What an HTTP status means at this API when the body has no code (401, a CDN's 403 page, 418, 429, 5xx, HTML). */
  http: readonly HttpMeaning[];
  advice: ApiAdvice;
  emulator: ApiRoutes;
  /**
   * Signature forensics (forensics.ts): the variants of the algorithm a
   * client may have used instead, for `xcred proxy` and the emulator's log.
   * Optional: without it, refusals are explained but not analysed.
   */
  forensics?: ApiForensics;
  /** Present when facts.browserSessionToken is. */
  browserToken?: BrowserTokenSupport;
}

/** What the registry holds: facts now, the rest on first use. */
export interface RegisteredApi {
  facts: ApiFacts;
  load(): Promise<ExchangeApi>;
}

/**
 * An API module with its knowledge base built on first read (sign, check-ip
 * and most runs never need it), the same way for every exchange.
 */
export function withLazyKb(parts: Omit<ExchangeApi, 'kb'>, build: () => readonly KbEntry[]): ExchangeApi {
  let kb: readonly KbEntry[] | undefined;
  return Object.defineProperty({ ...parts }, 'kb', { get: () => (kb ??= build()), enumerable: true }) as ExchangeApi;
}
