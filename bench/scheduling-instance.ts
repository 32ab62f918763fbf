import type {
  SchedulingInterviewer,
  TimeWindow,
} from '@hirefair/core/interviews/scheduling/scheduling.types';

/** Interviewer windows from their slots: consecutive slots (one buffer apart) form one window. */
export function windowsOf(interviewer: SchedulingInterviewer, bufferMinutes: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (const slot of [...interviewer.slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const last = windows[windows.length - 1];
    if (last && slot.startsAt.getTime() - last.endsAt.getTime() === bufferMinutes * 60_000)
      last.endsAt = slot.endsAt;
    else windows.push({ startsAt: slot.startsAt, endsAt: slot.endsAt });
  }
  return windows;
}
