import { describe, expect, it } from 'vitest';
import { alarmTime } from '../../src/core/ics.js';
import { reminderTime } from '../../src/core/reminder.js';

const at = (iso: string) => Date.parse(iso);
// Every UTC offset in use, in minutes east of UTC.
const OFFSETS = [-12 * 60, -9.5 * 60, -5 * 60, 0, 5.5 * 60, 9 * 60, 12.75 * 60, 14 * 60];

describe('when a renewal reminder rings', () => {
  it('a due date ahead: that day, unmoved', () => {
    expect(reminderTime('2026-11-30', '2026-12-05', at('2026-11-20T10:00:00Z'))).toEqual({ when: { date: '2026-11-30' }, moved: false });
  });

  it.each([
    ['window opened days ago', '2026-11-18', '2026-11-23', '2026-11-20T10:00:00Z'],
    ['due today', '2026-11-20', '2026-11-25', '2026-11-20T02:00:00Z'],
    ['due tomorrow, late in the UTC day', '2026-11-21', '2026-11-25', '2026-11-20T23:30:00Z'],
    ['two days before the deadline', '2026-11-18', '2026-11-22', '2026-11-20T12:00:00Z'],
    ['the last day', '2026-11-18', '2026-11-21', '2026-11-20T12:00:00Z'],
    ['rotation overdue', '2026-01-01', null, '2026-11-20T12:00:00Z'],
  ] as const)('%s: the alarm is ahead in every time zone and before the deadline', (_name, due, deadline, nowIso) => {
    const now = at(nowIso);
    const r = reminderTime(due, deadline, now);
    for (const offset of OFFSETS) expect(alarmTime(r.when, offset), `UTC${offset / 60}`).toBeGreaterThan(now);
    if (deadline) expect(alarmTime(r.when, -12 * 60)).toBeLessThan(Date.parse(deadline));
  });

  it('too close to the deadline for a morning alarm: a timed one in about a quarter of an hour', () => {
    const now = at('2026-11-20T12:03:00Z');
    expect(reminderTime('2026-11-16', '2026-11-21', now)).toEqual({ when: { at: at('2026-11-20T12:20:00Z') }, moved: true });
  });
});
