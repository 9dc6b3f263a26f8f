import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

// Every raw secret value xcred has seen in this process. The output boundary
// scrubs these from anything it writes, as a second line of defence behind
// the Secret type itself.
const seen = new Set<string>();

/** `sha256:1a2b3c4d`: lets two people compare secrets without showing either. */
export function fingerprint(value: string): string {
  return 'sha256:' + createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8);
}

/** `mx0v…hfqq` for identifiers long enough to keep their edges; `…` otherwise. */
export function maskIdentifier(value: string): string {
  if (value.length >= 12) return `${value.slice(0, 4)}…${value.slice(-4)}`;
  return '…';
}

/**
 * A secret held in memory. toString, toJSON and util.inspect give a mask, so
 * printing it by accident prints nothing secret. reveal() is the only way in.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    // Register the value and the encodings a leak could take.
    if (value.length >= 4) {
      seen.add(value);
      seen.add(Buffer.from(value, 'utf8').toString('base64'));
      seen.add(Buffer.from(value, 'utf8').toString('hex'));
    }
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  get fingerprint(): string {
    return fingerprint(this.#value);
  }

  /** `len 32, sha256:1a2b3c4d`: never any character of the value. */
  describe(): string {
    return `len ${this.#value.length}, ${this.fingerprint}`;
  }

  toString(): string {
    return `[secret ${this.describe()}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Replace every registered secret value in text with a mask. */
export function scrub(text: string): string {
  let out = text;
  for (const value of seen) {
    if (out.includes(value)) out = out.split(value).join('[redacted]');
  }
  return out;
}
