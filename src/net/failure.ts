import { maskUrlUserinfo } from '../core/redact-url.js';

// Network failures as data, and in words. No I/O here: checks and renderers
// import it without loading the HTTP client.

export type FailureKind = 'dns' | 'refused' | 'timeout' | 'tls' | 'reset' | 'proxy' | 'network' | 'bad-url';

export interface HttpFailure {
  kind: FailureKind;
  code: string;
  message: string;
  ms: number;
}

/** A proxy URL as it may be shown: its password masked (`http://user:***@host`), as every URL xcred shows. */
export function displayProxy(proxy: string): string {
  return maskUrlUserinfo(proxy);
}

/** A failure in words: "no answer within 10000 ms", not "timeout: TIMEOUT". */
export function describeFailure(f: HttpFailure): string {
  switch (f.kind) {
    case 'timeout':
      return `no answer within ${f.ms} ms (timed out)`;
    case 'refused':
      return 'connection refused (nothing listens there, or a firewall rejects it)';
    case 'dns':
      return `the host name does not resolve (${f.code})`;
    case 'reset':
      return `the connection was cut (${f.code})`;
    case 'tls':
      return `TLS failed (${f.code}): ${f.message}`;
    case 'proxy':
      return f.message;
    case 'bad-url':
      return f.message;
    default:
      return `${f.message} (${f.code})`;
  }
}


/** Failures that happen before the request leaves this machine: nothing reached the exchange. */
const NEVER_LEFT: ReadonlySet<FailureKind> = new Set<FailureKind>(['dns', 'refused', 'tls', 'proxy', 'bad-url']);

/** false: the request never left; null: it may have reached the exchange (a timeout or reset after sending). */
export function requestReached(failure: HttpFailure): false | null {
  return NEVER_LEFT.has(failure.kind) ? false : null;
}
