import { busyFromIcs, subtractBusy } from './ical-busy';

const d = (iso: string) => new Date(iso);
const w = (s: string, e: string) => ({ startsAt: d(s), endsAt: d(e) });
const calendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\r\n');
const FROM = d('2026-12-01T00:00:00Z');
const UNTIL = d('2027-01-01T00:00:00Z');

describe('busyFromIcs', () => {
  it('expands a weekly RRULE inside the range, honours EXDATE and a TZID with its VTIMEZONE', () => {
    const text = calendar(
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Berlin',
      'BEGIN:STANDARD',
      'DTSTART:19701025T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:weekly@example.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20261201T090000',
      'DTEND;TZID=Europe/Berlin:20261201T100000',
      'RRULE:FREQ=WEEKLY',
      'EXDATE;TZID=Europe/Berlin:20261208T090000',
      'END:VEVENT',
    );
    expect(busyFromIcs(text, FROM, UNTIL)).toEqual([
      w('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z'),
      w('2026-12-15T08:00:00Z', '2026-12-15T09:00:00Z'),
      w('2026-12-22T08:00:00Z', '2026-12-22T09:00:00Z'),
      w('2026-12-29T08:00:00Z', '2026-12-29T09:00:00Z'),
    ]);
  });

  it('reaches today in a daily series begun years ago; a moved occurrence moves, a cancelled one is free', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:daily@example.test',
      'DTSTAMP:20160101T000000Z',
      'DTSTART:20160101T070000Z',
      'DTEND:20160101T080000Z',
      'RRULE:FREQ=DAILY',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:daily@example.test',
      'DTSTAMP:20160101T000000Z',
      'RECURRENCE-ID:20261202T070000Z',
      'DTSTART:20261202T150000Z',
      'DTEND:20261202T160000Z',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:daily@example.test',
      'DTSTAMP:20160101T000000Z',
      'RECURRENCE-ID:20261203T070000Z',
      'DTSTART:20261203T070000Z',
      'DTEND:20261203T080000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
    );
    expect(busyFromIcs(text, FROM, d('2026-12-05T00:00:00Z'))).toEqual([
      w('2026-12-01T07:00:00Z', '2026-12-01T08:00:00Z'),
      w('2026-12-02T15:00:00Z', '2026-12-02T16:00:00Z'),
      w('2026-12-04T07:00:00Z', '2026-12-04T08:00:00Z'),
    ]);
  });

  it('skips transparent and cancelled events and merges overlapping ones', () => {
    const event = (uid: string, s: string, e: string, ...extra: string[]) => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20261101T000000Z',
      `DTSTART:${s}`,
      `DTEND:${e}`,
      ...extra,
      'END:VEVENT',
    ];
    const text = calendar(
      ...event('a', '20261202T090000Z', '20261202T100000Z'),
      ...event('b', '20261202T093000Z', '20261202T110000Z'),
      ...event('c', '20261203T090000Z', '20261203T100000Z', 'TRANSP:TRANSPARENT'),
      ...event('d', '20261204T090000Z', '20261204T100000Z', 'STATUS:CANCELLED'),
    );
    expect(busyFromIcs(text, FROM, UNTIL)).toEqual([w('2026-12-02T09:00:00Z', '2026-12-02T11:00:00Z')]);
  });

  it('refuses what is not an iCalendar', () => {
    expect(() => busyFromIcs('<html>nope</html>', FROM, UNTIL)).toThrow();
    expect(() => busyFromIcs('BEGIN:VCARD\r\nEND:VCARD', FROM, UNTIL)).toThrow(/not an iCalendar/);
  });
});

describe('subtractBusy', () => {
  it('cuts busy intervals out of windows', () => {
    const windows = [
      w('2026-12-02T08:00:00Z', '2026-12-02T12:00:00Z'),
      w('2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z'),
    ];
    const busy = [
      w('2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z'),
      w('2026-12-03T07:00:00Z', '2026-12-03T10:00:00Z'),
    ];
    expect(subtractBusy(windows, busy)).toEqual([
      w('2026-12-02T08:00:00Z', '2026-12-02T09:00:00Z'),
      w('2026-12-02T10:00:00Z', '2026-12-02T12:00:00Z'),
    ]);
  });
});
