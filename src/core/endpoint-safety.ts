// Whether a request can change the account (place or cancel orders, withdraw,
// transfer, change settings). Each exchange's signer decides for its own
// endpoints (signer.cli.endpointSafety), conservatively: only what is known to
// be read-only counts as read-only; everything else asks before it is sent.

export interface EndpointSafety {
  readOnly: boolean;
  /** In plain words, why it is (or is not) safe to send. */
  reason: string;
}

const KINDS: Array<[RegExp, string]> = [
  [/withdraw/i, 'withdraws funds'],
  [/transfer/i, 'moves funds between accounts'],
  [/cancel/i, 'cancels orders'],
  [/order|position|leverage|margin/i, 'places or changes orders or positions'],
];

/** What a path or method name that is not known to be read-only may change, in words. */
export function whatItChanges(path: string): string {
  return KINDS.find(([re]) => re.test(path))?.[1] ?? 'is not known to be read-only';
}
