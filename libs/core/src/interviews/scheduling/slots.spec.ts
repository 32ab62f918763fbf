import { DateTime } from 'luxon';
import { cutSlots, dayInZone, intersectsAvailability, mergeWindows, overlaps } from './slots';
import type { TimeWindow } from './scheduling.types';

const utc = (iso: string) => new Date(iso);
const window = (from: string, to: string): TimeWindow => ({ startsAt: utc(from), endsAt: utc(to) });
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const starts = (slots: { startsAt: Date }[]) => slots.map((s) => s.startsAt.toISOString());

describe('cutSlots', () => {
  it('cuts back-to-back slots separated by the buffer, aligned to the window start', () => {
    const slots = cutSlots([window('2025-03-10T01:10:00Z', '2025-03-10T04:00:00Z')], 45, 15, 'Asia/Shanghai');
    expect(starts(slots)).toEqual([
      '2025-03-10T01:10:00.000Z',
      '2025-03-10T02:10:00.000Z',
      '2025-03-10T03:10:00.000Z',
    ]);
    expect(slots[0].endsAt.toISOString()).toBe('2025-03-10T01:55:00.000Z');
    // The last interview may end exactly at the window's end: no buffer is needed after it.
    const tight = cutSlots([window('2025-03-10T01:00:00Z', '2025-03-10T02:45:00Z')], 45, 15, 'Asia/Shanghai');
    expect(starts(tight)).toEqual(['2025-03-10T01:00:00.000Z', '2025-03-10T02:00:00.000Z']);
  });

  it('merges overlapping and touching windows first, so no two slots overlap', () => {
    const slots = cutSlots(
      [
        window('2025-03-10T02:00:00Z', '2025-03-10T03:00:00Z'),
        window('2025-03-10T01:00:00Z', '2025-03-10T02:30:00Z'),
        window('2025-03-10T03:00:00Z', '2025-03-10T03:30:00Z'),
      ],
      60,
      0,
      'UTC',
    );
    expect(starts(slots)).toEqual(['2025-03-10T01:00:00.000Z', '2025-03-10T02:00:00.000Z']);
    for (let i = 1; i < slots.length; i++) expect(overlaps(slots[i - 1], slots[i])).toBe(false);
    expect(
      mergeWindows([
        window('2025-03-10T02:00:00Z', '2025-03-10T03:00:00Z'),
        window('2025-03-10T01:00:00Z', '2025-03-10T02:00:00Z'),
      ]),
    ).toEqual([window('2025-03-10T01:00:00Z', '2025-03-10T03:00:00Z')]);
  });

  it('drops empty or inverted windows and those too short for one interview', () => {
    expect(
      cutSlots(
        [
          window('2025-03-10T02:00:00Z', '2025-03-10T01:00:00Z'),
          window('2025-03-10T05:00:00Z', '2025-03-10T05:00:00Z'),
          window('2025-03-10T06:00:00Z', '2025-03-10T06:20:00Z'),
        ],
        30,
        0,
        'UTC',
      ),
    ).toEqual([]);
  });

  it('rejects bad durations and unknown timezones', () => {
    const windows = [window('2025-03-10T01:00:00Z', '2025-03-10T02:00:00Z')];
    expect(() => cutSlots(windows, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => cutSlots(windows, 30, -5, 'UTC')).toThrow(RangeError);
    expect(() => cutSlots(windows, 30.5, 0, 'UTC')).toThrow(RangeError);
    expect(() => cutSlots(windows, 30, 0, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('labels each slot with its start day in Asia/Shanghai, not in UTC', () => {
    // 07:00–09:00 local on 10 March is 23:00–01:00 UTC across 9/10 March; 23:00–01:00 local crosses local midnight.
    const zone = 'Asia/Shanghai';
    const morning = cutSlots(
      [{ startsAt: local('2025-03-10T07:00', zone), endsAt: local('2025-03-10T09:00', zone) }],
      60,
      0,
      zone,
    );
    expect(starts(morning)).toEqual(['2025-03-09T23:00:00.000Z', '2025-03-10T00:00:00.000Z']);
    expect(morning.map((s) => s.day)).toEqual(['2025-03-10', '2025-03-10']);
    const night = cutSlots(
      [{ startsAt: local('2025-03-10T23:00', zone), endsAt: local('2025-03-11T01:00', zone) }],
      30,
      0,
      zone,
    );
    expect(night.map((s) => s.day)).toEqual(['2025-03-10', '2025-03-10', '2025-03-11', '2025-03-11']);
  });

  it('keeps absolute durations across the Europe/Berlin spring-forward gap', () => {
    // 30 March 2025: 02:00 CET jumps to 03:00 CEST, so 01:00–04:00 local is two real hours.
    const zone = 'Europe/Berlin';
    const slots = cutSlots(
      [{ startsAt: local('2025-03-30T01:00', zone), endsAt: local('2025-03-30T04:00', zone) }],
      60,
      0,
      zone,
    );
    expect(starts(slots)).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00.000Z']);
    expect(slots.map((s) => DateTime.fromJSDate(s.startsAt, { zone }).toFormat('HH:mm'))).toEqual([
      '01:00',
      '03:00',
    ]);
    expect(slots.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 3_600_000)).toBe(true);
    expect(slots.map((s) => s.day)).toEqual(['2025-03-30', '2025-03-30']);
  });

  it('puts Europe/Berlin day boundaries at local midnight in summer and winter time', () => {
    const zone = 'Europe/Berlin';
    // 26 October 2025 falls back at 03:00 CEST; local midnight is still 22:00 UTC of the day before.
    const autumn = cutSlots(
      [{ startsAt: local('2025-10-25T23:00', zone), endsAt: local('2025-10-26T01:00', zone) }],
      30,
      0,
      zone,
    );
    expect(starts(autumn)).toEqual([
      '2025-10-25T21:00:00.000Z',
      '2025-10-25T21:30:00.000Z',
      '2025-10-25T22:00:00.000Z',
      '2025-10-25T22:30:00.000Z',
    ]);
    expect(autumn.map((s) => s.day)).toEqual(['2025-10-25', '2025-10-25', '2025-10-26', '2025-10-26']);
    // The repeated hour 02:00–03:00 happens twice: four real hours from 01:00 to 04:00 local.
    const fallBack = cutSlots(
      [{ startsAt: local('2025-10-26T01:00', zone), endsAt: local('2025-10-26T04:00', zone) }],
      60,
      0,
      zone,
    );
    expect(fallBack).toHaveLength(4);
    // In winter, midnight is 23:00 UTC.
    expect(dayInZone(utc('2025-01-15T22:59:00Z'), zone)).toBe('2025-01-15');
    expect(dayInZone(utc('2025-01-15T23:00:00Z'), zone)).toBe('2025-01-16');
    expect(dayInZone(utc('2025-01-15T23:00:00Z'), 'Asia/Shanghai')).toBe('2025-01-16');
    expect(dayInZone(utc('2025-01-15T15:59:00Z'), 'Asia/Shanghai')).toBe('2025-01-15');
  });
});

describe('overlaps', () => {
  const a = window('2025-03-10T01:00:00Z', '2025-03-10T02:00:00Z');
  it('treats intervals as half-open', () => {
    expect(overlaps(a, window('2025-03-10T02:00:00Z', '2025-03-10T03:00:00Z'))).toBe(false);
    expect(overlaps(a, window('2025-03-10T00:00:00Z', '2025-03-10T01:00:00Z'))).toBe(false);
    expect(overlaps(a, window('2025-03-10T01:59:00Z', '2025-03-10T03:00:00Z'))).toBe(true);
    expect(overlaps(a, window('2025-03-10T01:15:00Z', '2025-03-10T01:45:00Z'))).toBe(true);
    expect(overlaps(window('2025-03-10T00:00:00Z', '2025-03-10T05:00:00Z'), a)).toBe(true);
    expect(overlaps(a, a)).toBe(true);
  });
});

describe('intersectsAvailability', () => {
  const slot = window('2025-03-10T02:00:00Z', '2025-03-10T03:00:00Z');
  it('accepts any time when the candidate gave no availability', () => {
    expect(intersectsAvailability(slot, null)).toBe(true);
    expect(intersectsAvailability(slot, [])).toBe(true);
  });

  it('requires the slot to lie wholly inside the availability', () => {
    expect(intersectsAvailability(slot, [window('2025-03-10T02:00:00Z', '2025-03-10T03:00:00Z')])).toBe(true);
    expect(intersectsAvailability(slot, [window('2025-03-10T01:00:00Z', '2025-03-10T04:00:00Z')])).toBe(true);
    expect(intersectsAvailability(slot, [window('2025-03-10T02:30:00Z', '2025-03-10T04:00:00Z')])).toBe(
      false,
    );
    expect(intersectsAvailability(slot, [window('2025-03-10T01:00:00Z', '2025-03-10T02:59:00Z')])).toBe(
      false,
    );
    expect(intersectsAvailability(slot, [window('2025-03-11T02:00:00Z', '2025-03-11T03:00:00Z')])).toBe(
      false,
    );
  });

  it('joins touching windows but not windows with a gap between them', () => {
    expect(
      intersectsAvailability(slot, [
        window('2025-03-10T02:30:00Z', '2025-03-10T03:00:00Z'),
        window('2025-03-10T01:00:00Z', '2025-03-10T02:30:00Z'),
      ]),
    ).toBe(true);
    expect(
      intersectsAvailability(slot, [
        window('2025-03-10T01:00:00Z', '2025-03-10T02:29:00Z'),
        window('2025-03-10T02:30:00Z', '2025-03-10T03:00:00Z'),
      ]),
    ).toBe(false);
  });
});
