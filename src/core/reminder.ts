import type { EventTime } from './ics.js';
import { alarmTime } from './ics.js';

// When a calendar reminder should ring. An all-day event rings at 09:00 in
// the calendar's own time zone, which xcred cannot know: a date is used only
// when 09:00 that day is still ahead everywhere (UTC+14 is the earliest
// clock). A reminder that is already due rings the next morning, or, when
// the deadline is too close for that, in a quarter of an hour.

const DAY_MS = 86_400_000;
const EARLIEST_OFFSET_MIN = 14 * 60;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ringsLater = (date: string, now: number) => alarmTime({ date }, EARLIEST_OFFSET_MIN) > now;

export interface Reminder {
  when: EventTime;
  /** The due date had passed (or its 09:00 had): the reminder was moved forward. */
  moved: boolean;
}

/**
 * `due`: the day to be reminded on (YYYY-MM-DD). `deadline`: the first day it
 * is too late (the expiry date), or null when nothing expires.
 */
export function reminderTime(due: string, deadline: string | null, now: number): Reminder {
  if (ringsLater(due, now)) return { when: { date: due }, moved: false };
  for (let d = 0; d <= 2; d++) {
    const date = isoDate(now + d * DAY_MS);
    if (deadline !== null && date >= deadline) break;
    if (ringsLater(date, now)) return { when: { date }, moved: true };
  }
  // Too close to the deadline for a morning alarm: a timed event in about 15 minutes (on a 5-minute mark).
  const at = Math.ceil((now + 15 * 60_000) / 300_000) * 300_000;
  return { when: { at }, moved: true };
}
