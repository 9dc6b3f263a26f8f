import type { ClockWindow, Finding, SignedTime } from './types.js';

// The request's own timestamp against the exchange clock, by the exchange's
// rule for this request. Units first: a timestamp in seconds or microseconds
// is a mistake whatever the clock says.

/**
 * How far apart two reads of the clock may be when a client takes the time
 * once for the string to sign and again for the request: the timestamp
 * variants try every millisecond up to this far on either side.
 */
export const CLOCK_READ_TWICE_MS = 20;

export interface ExchangeClock {
  /** The exchange's time when the request arrived, ms. */
  serverMs: number;
  /** Where that time comes from ("GET /api/v3/time", "HTTP Date header"). */
  source: string;
  /** How precise it is (a Date header: 1000 ms). */
  resolutionMs: number;
}

const seconds = (ms: number) => `${(Math.abs(ms) / 1000).toFixed(1)} s`;

export function analyseTimestamp(time: SignedTime | null, clock: ExchangeClock, window: ClockWindow): Finding {
  if (!time) {
    return { kind: 'clock', variant: 'timestamp-missing', sentence: 'The request carries no timestamp xcred can read: send the time in milliseconds where the exchange expects it.' };
  }
  const what = `${time.label}=${time.raw}`;
  if (time.value === null || !/^\d+$/.test(time.raw)) {
    return { kind: 'clock', variant: 'timestamp-not-integer', sentence: `The ${time.label} (${what}) is not a whole number of milliseconds: send an integer such as Date.now() or int(time.time() * 1000).` };
  }
  const digits = time.raw.replace(/^0+/, '').length;
  if (digits <= 10) {
    return {
      kind: 'clock',
      variant: 'timestamp-seconds',
      sentence: `The ${time.label} (${what}) has ${digits} digits: it is in seconds, and the exchange wants milliseconds (13 digits): multiply by 1000 (Date.now(), int(time.time() * 1000)).`,
    };
  }
  if (digits >= 16) {
    const unit = digits >= 19 ? 'nanoseconds' : 'microseconds';
    return {
      kind: 'clock',
      variant: `timestamp-${unit}`,
      sentence: `The ${time.label} (${what}) has ${digits} digits: it is in ${unit}, and the exchange wants milliseconds (13 digits): divide by ${digits >= 19 ? '1,000,000' : '1000'}.`,
    };
  }
  const offset = time.value - clock.serverMs; // > 0: the timestamp is ahead of the exchange
  const precision = clock.resolutionMs >= 1000 ? `, by ${clock.source}, ±${(clock.resolutionMs / 2000).toFixed(1)} s` : `, by ${clock.source}`;
  if (offset > window.maxAheadMs) {
    return {
      kind: 'clock',
      variant: 'clock-ahead',
      sentence: `The ${time.label} is ${seconds(offset)} ahead of the exchange clock (${precision.slice(2)}); ${window.rule}. Sync the clock of the machine the bot runs on (NTP), or base the timestamp on the exchange's time.`,
    };
  }
  if (-offset > window.maxBehindMs) {
    return {
      kind: 'clock',
      variant: 'clock-behind',
      sentence: `The ${time.label} is ${seconds(offset)} behind the exchange clock (${precision.slice(2)}); ${window.rule}. Sync the clock of the machine the bot runs on (NTP); if it is right, the request waited that long before it was sent (a queue or a retry): sign it just before sending.`,
    };
  }
  return {
    kind: 'clock',
    variant: 'clock-ok',
    sentence: `The ${time.label} is within the exchange's window (${seconds(offset)} ${offset >= 0 ? 'ahead' : 'behind'}${precision}): the clock is not the problem.`,
  };
}
