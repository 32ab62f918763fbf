/**
 * Scheduling algorithm benchmark: a 2,000-candidate, 150-interviewer event, the optimal run timed and
 * checked against an independent Hopcroft–Karp maximum, a first-come greedy baseline and the hard rules.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/scheduling-algorithm.ts [seed]
 */
import { performance } from 'node:perf_hooks';
import { assignInterviews, greedyBaseline } from '@hirefair/core/interviews/scheduling/assignment';
import { hopcroftKarpMaximum } from '@hirefair/core/interviews/scheduling/hopcroft-karp';
import { randomInstance } from '@hirefair/core/interviews/scheduling/random-instance';
import { checkSchedule } from '@hirefair/core/interviews/scheduling/verify';

const seed = Number(process.argv[2] ?? 20250310);
const { input, interviewMinutes, bufferMinutes } = randomInstance({
  seed,
  candidates: 2000,
  interviewers: 150,
});

const slotCount = input.interviewers.reduce((sum, i) => sum + i.slots.length, 0);
const interviewerDays = input.interviewers.reduce(
  (sum, i) => sum + new Set(i.slots.map((s) => s.day)).size,
  0,
);
const capacity = input.interviewers.reduce(
  (sum, i) => sum + i.dailyCapacity * new Set(i.slots.map((s) => s.day)).size,
  0,
);
console.log(
  `instance: seed ${seed}, ${input.candidates.length} candidates (${input.candidates.filter((c) => c.fastTrack).length} fast-track, ` +
    `${input.candidates.filter((c) => c.availability === null).length} any time), ${input.interviewers.length} interviewers, ` +
    `${slotCount} slots of ${interviewMinutes}+${bufferMinutes} min (${(slotCount / interviewerDays).toFixed(1)} per interviewer-day), ` +
    `daily capacity total ${capacity}`,
);

const started = performance.now();
const result = assignInterviews(input);
const wall = performance.now() - started;

const maximum = hopcroftKarpMaximum(input);
const greedy = greedyBaseline(input);
const check = checkSchedule(input, result.assignments);
const spread = (assignments: { interviewerId: string }[]): string => {
  const counts = new Map(input.interviewers.map((i) => [i.id, 0]));
  for (const a of assignments) counts.set(a.interviewerId, (counts.get(a.interviewerId) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => a - b);
  return `min ${sorted[0]} / median ${sorted[Math.floor(sorted.length / 2)]} / max ${sorted[sorted.length - 1]}`;
};
const reasons = new Map<string, number>();
for (const u of result.unscheduled) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
const fastTrack = new Set(input.candidates.filter((c) => c.fastTrack).map((c) => c.id));
const ratio = maximum === 0 ? 1 : result.assignments.length / maximum;

const warm = [1, 2, 3].map(() => {
  const t = performance.now();
  assignInterviews(input);
  return performance.now() - t;
});
console.log(
  `wall time (assignInterviews): ${(wall / 1000).toFixed(3)} s (first run; warm runs ${warm.map((t) => (t / 1000).toFixed(3)).join(', ')} s)`,
);
console.log(
  `booked: ${result.assignments.length} (fast-track ${result.assignments.filter((a) => fastTrack.has(a.candidateId)).length}/${fastTrack.size})`,
);
console.log(`maximum (Hopcroft–Karp): ${maximum}`);
console.log(`ratio: ${ratio.toFixed(3)}`);
console.log(`greedy first-come baseline: ${greedy.assignments.length}`);
console.log(`overlaps: ${check.overlaps}`);
console.log(
  `other violations: outside availability ${check.outsideAvailability}, over daily limit ${check.overDailyLimit}, ` +
    `incompatible ${check.incompatible}, duplicates ${check.duplicates}`,
);
console.log(
  `interviews per interviewer: ${spread(result.assignments)} (greedy: ${spread(greedy.assignments)})`,
);
console.log(
  `unscheduled: ${result.unscheduled.length} (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'})`,
);

if (result.assignments.length !== maximum || check.problems.length > 0) {
  console.error('FAILED: not maximum or a hard rule broken', check.problems.slice(0, 10));
  process.exitCode = 1;
}
