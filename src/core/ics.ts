// A minimal RFC 5545 calendar with one all-day event and an alarm.

function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
}

/** Fold lines longer than 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const day = (iso: string) => iso.replace(/-/g, '');

/**
 * When: an all-day event (`date`, YYYY-MM-DD) whose alarm rings at 09:00 local
 * time that day, or a timed event (`at`, ms since the epoch, UTC) whose alarm
 * rings when it starts.
 */
export type EventTime = { date: string } | { at: number };

export interface CalendarEvent {
  uid: string;
  when: EventTime;
  summary: string;
  description: string;
  url?: string;
  now: number;
}

/** The moment the alarm rings, for the all-day case in a given UTC offset (minutes east); for checks and reports. */
export function alarmTime(when: EventTime, utcOffsetMinutes = 0): number {
  return 'at' in when ? when.at : Date.parse(when.date) + 9 * 3_600_000 - utcOffsetMinutes * 60_000;
}

export function calendar(event: CalendarEvent): string {
  const { when } = event;
  const timing =
    'date' in when
      ? [
          `DTSTART;VALUE=DATE:${day(when.date)}`,
          `DTEND;VALUE=DATE:${day(new Date(Date.parse(when.date) + 86_400_000).toISOString().slice(0, 10))}`,
        ]
      : [`DTSTART:${stamp(when.at)}`, `DTEND:${stamp(when.at + 30 * 60_000)}`];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//xcred//renew-hint//EN',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp(event.now)}`,
    ...timing,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.url ? [`URL:${event.url}`] : []),
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(event.summary)}`,
    'date' in when ? 'TRIGGER;RELATED=START:PT9H' : 'TRIGGER;RELATED=START:PT0S',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
