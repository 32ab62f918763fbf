import ICAL from 'ical.js';
import type { TimeWindow } from '../interviews/scheduling/scheduling.types';
import { mergeWindows, subtractBusy } from '../interviews/scheduling/windows';

export { mergeWindows, subtractBusy };

/** A recurring event yields at most this many occurrences (an unbounded RRULE must end somewhere). */
const MAX_OCCURRENCES = 2000;
/** Steps through a recurrence at most this often (past occurrences included). */
const MAX_STEPS = 100_000;

/**
 * The busy intervals of an iCalendar text between `from` and `until`: every VEVENT that blocks time
 * (TRANSP:TRANSPARENT and STATUS:CANCELLED do not), recurring ones expanded inside the range.
 * Throws when the text is not an iCalendar.
 */
export function busyFromIcs(text: string, from: Date, until: Date): TimeWindow[] {
  const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  if (root.name !== 'vcalendar') throw new Error(`not an iCalendar (found ${root.name || 'nothing'})`);
  // The zone registry is process-wide: a feed's zones serve its own (synchronous) parse only.
  const zones = root.getAllSubcomponents('vtimezone');
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  try {
    return expand(root, from, until);
  } finally {
    for (const zone of zones) ICAL.TimezoneService.remove(String(zone.getFirstPropertyValue('tzid')));
  }
}

function expand(root: ICAL.Component, from: Date, until: Date): TimeWindow[] {
  const busy: TimeWindow[] = [];
  const add = (start: ICAL.Time, end: ICAL.Time) => {
    const startsAt = start.toJSDate();
    const endsAt = end.toJSDate();
    if (endsAt > startsAt && endsAt > from && startsAt < until) busy.push({ startsAt, endsAt });
  };
  const vevents = root.getAllSubcomponents('vevent');
  // A moved or cancelled occurrence (RECURRENCE-ID) belongs to its series, not on its own.
  const overrides = vevents.filter((c) => c.hasProperty('recurrence-id'));
  for (const component of vevents.filter((c) => !c.hasProperty('recurrence-id'))) {
    const event = new ICAL.Event(component);
    if (blocksNoTime(component) || !event.startDate) continue;
    for (const override of overrides) {
      if (override.getFirstPropertyValue('uid') === event.uid) event.relateException(override);
    }
    if (!event.isRecurring()) {
      add(event.startDate, event.endDate);
      continue;
    }
    // Occurrences before `from` are stepped over (a daily series may have begun years ago), within a bound.
    const iterator = event.iterator();
    let kept = 0;
    for (
      let n = 0, next = iterator.next();
      next && n < MAX_STEPS && kept < MAX_OCCURRENCES;
      n++, next = iterator.next()
    ) {
      if (next.toJSDate() >= until) break;
      const occurrence = event.getOccurrenceDetails(next);
      if (occurrence.endDate.toJSDate() <= from || blocksNoTime(occurrence.item.component)) continue;
      add(occurrence.startDate, occurrence.endDate);
      kept++;
    }
  }
  return mergeWindows(busy);
}

function blocksNoTime(component: ICAL.Component): boolean {
  const transp = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  return transp === 'TRANSPARENT' || status === 'CANCELLED';
}
