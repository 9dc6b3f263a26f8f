import type { ApiFacts } from '../exchanges/contract.js';

// Key expiry by the exchange's rule, as each exchange folder declares it
// (facts.keyLifetime). MEXC (docs FAQ): a key with no IP bound is valid 90
// days; renewal opens 5 days before expiry and adds 90 days. IP-bound MEXC
// keys and Crypto.com keys have no documented expiry.

export const DAY_MS = 86_400_000;

export type KeyAgeStatus = 'ok' | 'renew-window' | 'expired' | 'no-expiry' | 'rotate';

export interface KeyAge {
  exchange: string;
  createdAt: string;
  expiresAt: string | null;
  daysLeft: number | null;
  renewWindowOpen: boolean;
  renewWindowOpensAt: string | null;
  ageDays: number;
  status: KeyAgeStatus;
  summary: string;
  steps: string[];
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function keyAge(input: { facts: Pick<ApiFacts, 'exchange' | 'keyLifetime'>; createdAt: number; ipBound: boolean; now: number; rotateDays?: number }): KeyAge {
  const ageDays = Math.floor((input.now - input.createdAt) / DAY_MS);
  const base = { exchange: input.facts.exchange, createdAt: isoDate(input.createdAt), ageDays };
  const life = input.facts.keyLifetime;
  if (life.kind !== 'expires-unless-ip-bound' || input.ipBound) {
    const rotate = input.rotateDays ?? null;
    const due = rotate !== null && ageDays >= rotate;
    return {
      ...base,
      expiresAt: null,
      daysLeft: null,
      renewWindowOpen: false,
      renewWindowOpensAt: null,
      status: due ? 'rotate' : 'no-expiry',
      summary: `${life.kind === 'expires-unless-ip-bound' ? life.boundNote : life.note} (key is ${plural(ageDays, 'day')} old)`,
      steps: due
        ? [`The key is ${ageDays} days old, past your ${rotate}-day rotation: create a new key, switch your bots to it, then delete the old one`]
        : [rotate !== null ? `Rotation reminder: ${rotate - ageDays} days to go` : 'Consider rotating keys periodically (--rotate-days N sets a reminder)'],
    };
  }
  const expires = input.createdAt + life.validDays * DAY_MS;
  const opens = expires - life.renewWindowDays * DAY_MS;
  const daysLeft = Math.ceil((expires - input.now) / DAY_MS);
  const renewWindowOpen = input.now >= opens && input.now < expires;
  const status: KeyAgeStatus = input.now >= expires ? 'expired' : renewWindowOpen ? 'renew-window' : 'ok';
  const steps =
    status === 'expired'
      ? ['The key has expired: it cannot be renewed any more', `Create a new key in ${life.createPlace}`, `Bind your server IP(s) to it so it does not expire after ${life.validDays} days`]
      : [
          `On or after ${isoDate(opens)}: ${life.console} > ${life.renewAction} (adds ${life.validDays} days)`,
          `Or bind an IP address to the key: IP-bound keys do not expire after ${life.validDays} days`,
        ];
  return {
    ...base,
    expiresAt: isoDate(expires),
    daysLeft,
    renewWindowOpen,
    renewWindowOpensAt: isoDate(opens),
    status,
    summary:
      status === 'expired'
        ? `expired on ${isoDate(expires)} (no IP bound: valid ${life.validDays} days)`
        : status === 'renew-window'
          ? `expires ${isoDate(expires)}, ${plural(daysLeft, 'day')} left: the renewal window is open now`
          : `expires ${isoDate(expires)}, ${plural(daysLeft, 'day')} left (renewal opens ${isoDate(opens)})`,
    steps,
  };
}
