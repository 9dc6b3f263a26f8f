// Signatures the exchange accepted recently, so that a refused request
// carrying one of them can be named for what it is: a retry that reused the
// signature of an earlier request. Bounded: the oldest entries go first.

export interface RememberedRequest {
  method: string;
  path: string;
  /** ms since the epoch. */
  at: number;
}

export class SignatureMemory {
  readonly #entries = new Map<string, RememberedRequest>();

  constructor(readonly capacity = 1000) {}

  remember(signature: string, request: RememberedRequest): void {
    const key = signature.toLowerCase();
    this.#entries.delete(key);
    this.#entries.set(key, request);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  recall(signature: string): RememberedRequest | undefined {
    return this.#entries.get(signature.toLowerCase());
  }

  get size(): number {
    return this.#entries.size;
  }
}
