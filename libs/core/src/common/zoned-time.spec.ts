import { DateTime } from 'luxon';
import { formatZoned } from './zoned-time';

const luxon = (at: Date, zone: string, locale: string): string =>
  DateTime.fromJSDate(at).setZone(zone).setLocale(locale).toFormat('yyyy-MM-dd HH:mm ZZZZ');

describe('formatZoned', () => {
  it.each([
    ['2026-06-01T01:00:00Z', 'Asia/Shanghai', 'en', '2026-06-01 09:00 GMT+8'],
    ['2026-06-01T01:00:00Z', 'Asia/Shanghai', 'zh-CN', '2026-06-01 09:00 GMT+8'],
    ['2026-06-01T18:45:00Z', 'Asia/Kolkata', 'en', '2026-06-02 00:15 GMT+5:30'],
    // New York springs forward on 2026-03-08 at 02:00: 01:59 EST, then 03:00 EDT.
    ['2026-03-08T06:59:00Z', 'America/New_York', 'en', '2026-03-08 01:59 EST'],
    ['2026-03-08T07:00:00Z', 'America/New_York', 'en', '2026-03-08 03:00 EDT'],
    ['2026-03-08T07:00:00Z', 'America/New_York', 'zh-CN', '2026-03-08 03:00 GMT-4'],
    // Berlin falls back on 2026-10-25 at 03:00: 02:30 happens twice, an hour apart.
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', 'en', '2026-10-25 02:30 GMT+2'],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', 'en', '2026-10-25 02:30 GMT+1'],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', 'zh-CN', '2026-10-25 02:30 GMT+1'],
  ])('%s in %s (%s) is %s', (iso, zone, locale, expected) => {
    const at = new Date(iso);
    expect(formatZoned(at, zone, locale)).toBe(expected);
    expect(luxon(at, zone, locale)).toBe(expected);
  });

  it('writes what luxon writes, hour by hour across a year of DST changes', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const differences: string[] = [];
    for (let i = 0; i < 600; i++) {
      // Every 14 h 37 min: every hour of the day comes round, and each DST change is crossed.
      const at = new Date(start + i * 877 * 60_000);
      for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'])
        for (const locale of ['en', 'zh-CN']) {
          const [ours, theirs] = [formatZoned(at, zone, locale), luxon(at, zone, locale)];
          if (ours !== theirs) differences.push(`${at.toISOString()} ${zone} ${locale}: ${ours} ≠ ${theirs}`);
        }
    }
    expect(differences).toEqual([]);
  });
});
