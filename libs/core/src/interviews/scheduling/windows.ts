import type { TimeWindow } from './scheduling.types';

/** Sorted, overlapping or touching intervals joined. */
export function mergeWindows(windows: TimeWindow[]): TimeWindow[] {
  const sorted = [...windows].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const merged: TimeWindow[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && w.startsAt <= last.endsAt) {
      if (w.endsAt > last.endsAt) last.endsAt = w.endsAt;
    } else merged.push({ startsAt: w.startsAt, endsAt: w.endsAt });
  }
  return merged;
}

/** `windows` minus `busy`: the parts of each window no busy interval covers. */
export function subtractBusy(windows: TimeWindow[], busy: TimeWindow[]): TimeWindow[] {
  if (busy.length === 0) return windows;
  const out: TimeWindow[] = [];
  for (const window of windows) {
    let pieces = [window];
    for (const b of busy) {
      pieces = pieces.flatMap((p) => {
        if (b.endsAt <= p.startsAt || b.startsAt >= p.endsAt) return [p];
        const left = b.startsAt > p.startsAt ? [{ startsAt: p.startsAt, endsAt: b.startsAt }] : [];
        const right = b.endsAt < p.endsAt ? [{ startsAt: b.endsAt, endsAt: p.endsAt }] : [];
        return [...left, ...right];
      });
    }
    out.push(...pieces);
  }
  return out;
}
