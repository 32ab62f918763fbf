import { buildCompatibilityGraph, profileSlotIds, type CompatibilityGraph } from './compatibility';
import { MinCostFlow } from './min-cost-flow';
import type {
  Assignment,
  AssignmentInput,
  AssignmentResult,
  SchedulingCandidate,
  SchedulingInterviewer,
  UnscheduledReason,
} from './scheduling.types';

/** Cost of a fast-track candidate's slot per time step after the event's first slot. */
export const EARLINESS_WEIGHT = 1;
/** Marginal cost of an interviewer's k-th interview is k × LOAD_WEIGHT: convex, so load spreads out. */
export const LOAD_WEIGHT = 1;

/**
 * What a run optimises, in strict order: `booked` (max), then `fastTrackBooked` (max), then `cost` (min) =
 * EARLINESS_WEIGHT × (time step of each fast-track booking) + LOAD_WEIGHT × Σ over interviewers of
 * 0 + 1 + … + (load − 1), load counting the interviews they already hold on the event's days.
 */
export interface ScheduleObjective {
  booked: number;
  fastTrackBooked: number;
  cost: number;
}

/**
 * Earliness step of each slot time: distinct starts bucketed by the shortest slot length, so that the
 * number of distinct costs (and with it the flow's phases) stays small.
 */
function timeSteps(graph: CompatibilityGraph): Int32Array {
  const steps = new Int32Array(graph.times.length);
  if (graph.times.length === 0) return steps;
  const first = graph.times[0].start;
  let quantum = Infinity;
  for (const t of graph.times) quantum = Math.min(quantum, t.end - t.start);
  const buckets = graph.times.map((t) => Math.floor((t.start - first) / quantum));
  const rank = new Map([...new Set(buckets)].map((b, i) => [b, i]));
  buckets.forEach((b, i) => (steps[i] = rank.get(b) ?? 0));
  return steps;
}

/**
 * Books as many candidates as possible (a maximum flow), and among those bookings prefers fast-track
 * candidates, then fast-track candidates on early slots and load spread evenly (see ScheduleObjective).
 *
 * Network: source → candidate (1) → slot (1) → interviewer-day (capacity left that day) → interviewer →
 * sink (1 per interview, cost rising with each one). Slot nodes make each slot bookable once; the
 * interviewer-day node carries the daily limit exactly; an interviewer's slots are disjoint, so no two
 * bookings of one interviewer overlap; the rising sink costs make load convex, so it spreads. Standard
 * candidates pay a constant on their source edge larger than any spread of the other costs, so the
 * cheapest maximum flow books the most fast-track candidates first.
 *
 * Anticipated candidates (`anticipated`: not to be booked) flow past the slots to the sink at a cost
 * above any spread and below a lane: they never change who is booked, but among equal bookings the
 * flow keeps the most of them a slot, ahead of early slots and load spread. They appear neither in
 * the assignments nor among the unscheduled.
 *
 * Two exact compressions keep the network small when many candidates are free at any time:
 * interchangeable candidates (same interviewer class, same usable times, same lane) share one node
 * whose source capacity is their number, and a candidate reaches the slots of their interviewer class
 * at one time through one (class, time) node instead of one edge per interviewer. Within a group,
 * earlier registrations are booked first and on earlier slots; remaining ties go to groups in
 * (fast-track, registration) order, the order the flow explores them in.
 */
export function assignInterviews(input: AssignmentInput): AssignmentResult {
  const graph = buildCompatibilityGraph(input);
  const { slots, interviewerDays, profiles, classes, candidateProfile } = graph;
  const steps = timeSteps(graph);
  const interviewerCount = input.interviewers.length;

  const byRegistration = input.candidates
    .map((c, index) => ({ c, index }))
    .filter(({ index }) => candidateProfile[index] >= 0)
    .filter(({ c }) => !c.current)
    .sort(
      (a, b) =>
        Number(b.c.fastTrack) - Number(a.c.fastTrack) ||
        a.c.registeredAt.getTime() - b.c.registeredAt.getTime() ||
        a.index - b.index,
    );
  const groupOf = new Map<number, number>();
  const groups: {
    fastTrack: boolean;
    profile: number;
    members: number[];
    booked: boolean;
    anticipated: boolean;
  }[] = [];
  for (const { c, index } of byRegistration) {
    const anticipated = c.anticipated === true;
    const fastTrack = c.fastTrack && !anticipated;
    const key = candidateProfile[index] * 3 + (anticipated ? 2 : Number(fastTrack));
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groups.length;
      groupOf.set(key, g);
      groups.push({ fastTrack, profile: candidateProfile[index], members: [], booked: false, anticipated });
    }
    groups[g].members.push(index);
  }
  // A movable booking is a group of its own: it has a slot to stay on.
  input.candidates.forEach((c, index) => {
    if (c.current && candidateProfile[index] >= 0)
      groups.push({
        fastTrack: c.fastTrack,
        profile: candidateProfile[index],
        members: [index],
        booked: true,
        anticipated: false,
      });
  });
  const movable = input.candidates.filter((c) => c.current).length;
  const anticipatedCount = input.candidates.filter((c) => c.anticipated && !c.current).length;
  const realCount = input.candidates.length - anticipatedCount;

  // (class, time) nodes in play, and the slots they reach.
  const classTimeOf = new Map<number, number>();
  const classTimes: { slots: Int32Array; time: number }[] = [];
  const classTimeNode = (k: number, t: number): number => {
    const key = k * graph.times.length + t;
    let node = classTimeOf.get(key);
    if (node === undefined) {
      node = classTimes.length;
      classTimeOf.set(key, node);
      classTimes.push({ slots: classes[k].slotsAt.get(t) ?? new Int32Array(0), time: t });
    }
    return node;
  };
  for (const g of groups)
    for (const t of profiles[g.profile].times) classTimeNode(profiles[g.profile].interviewerClass, t);
  const slotUsed = new Uint8Array(slots.length);
  for (const ct of classTimes) for (const s of ct.slots) slotUsed[s] = 1;

  // Sink edges per interviewer: one per interview they could still take on the slots in play.
  const slotsPerDay = new Int32Array(interviewerDays.length);
  slots.forEach((s, i) => (slotsPerDay[s.interviewerDay] += slotUsed[i]));
  const dayCapacity = interviewerDays.map((d, i) => Math.min(d.remaining, slotsPerDay[i]));
  const interviewCapacity = new Int32Array(interviewerCount);
  dayCapacity.forEach((cap, i) => (interviewCapacity[interviewerDays[i].interviewer] += cap));

  let maxStep = 0;
  for (const ct of classTimes) maxStep = Math.max(maxStep, steps[ct.time]);
  let costSpread = 0;
  for (const g of groups) if (g.fastTrack) costSpread += EARLINESS_WEIGHT * maxStep * g.members.length;
  for (let i = 0; i < interviewerCount; i++)
    for (let k = 0; k < interviewCapacity[i]; k++) costSpread += LOAD_WEIGHT * (graph.baseLoad[i] + k);
  // An anticipated candidate left without a slot pays `aheadCost`: above any spread, below the lanes.
  const aheadCost = anticipatedCount > 0 ? costSpread + 1 : 0;
  const aheadTotal = aheadCost * anticipatedCount + costSpread;
  const standardPenalty = aheadTotal + 1;
  // With movable bookings, in strict order after the number booked: keep every booking (a pooled
  // candidate pays `poolCost`), then move as few as possible (`moveCost` each), then keep the
  // interviewer of a moved one (`otherInterviewerCost`), then the lanes, the room kept for
  // anticipated candidates and the spread above.
  const laneTotal = standardPenalty * realCount + aheadTotal;
  const otherInterviewerCost = movable > 0 ? laneTotal + 1 : 0;
  const moveCost = movable > 0 ? (movable + 1) * otherInterviewerCost : 0;
  const poolCost = movable > 0 ? (movable + 1) * (moveCost + otherInterviewerCost) : 0;
  if (!Number.isSafeInteger(Math.max(poolCost, laneTotal) * 4))
    throw new RangeError('Too many movable bookings or anticipated candidates for one pass');
  const interviewerIndex = new Map(input.interviewers.map((i, k) => [i.id, k]));

  const source = 0;
  const sink = 1;
  let next = 2;
  const groupBase = next;
  next += groups.length;
  const classTimeBase = next;
  next += classTimes.length;
  const slotBase = next;
  next += slots.length;
  const dayBase = next;
  next += interviewerDays.length;
  const interviewerBase = next;
  next += interviewerCount;
  const network = new MinCostFlow(next);

  const directEdges: { edge: number; slot: number }[][] = groups.map(() => []);
  const groupEdges: { edge: number; classTime: number }[][] = groups.map((g, k) => {
    if (g.anticipated) {
      // Always flows: through a slot, or past the slots to the sink at `aheadCost` each.
      network.addEdge(source, groupBase + k, g.members.length, 0);
      network.addEdge(groupBase + k, sink, g.members.length, aheadCost);
    } else {
      const laneCost = g.fastTrack ? 0 : standardPenalty;
      network.addEdge(source, groupBase + k, g.members.length, laneCost + (g.booked ? 0 : poolCost));
    }
    const { interviewerClass, times } = profiles[g.profile];
    const moveAway = g.booked ? moveCost + otherInterviewerCost : 0;
    const edges = [...times].map((t) => {
      const ct = classTimeNode(interviewerClass, t);
      const capacity = Math.min(g.members.length, classTimes[ct].slots.length);
      const cost = (g.fastTrack ? EARLINESS_WEIGHT * steps[t] : 0) + moveAway;
      return { edge: network.addEdge(groupBase + k, classTimeBase + ct, capacity, cost), classTime: ct };
    });
    const current = g.booked ? input.candidates[g.members[0]].current : undefined;
    if (current) {
      // Its own interviewer's slots: staying costs nothing, another time of theirs one move.
      const mine = interviewerIndex.get(current.interviewerId);
      const at = current.startsAt.getTime();
      for (const s of profileSlotIds(graph, g.profile)) {
        if (slots[s].interviewer !== mine) continue;
        const cost =
          (g.fastTrack ? EARLINESS_WEIGHT * steps[slots[s].time] : 0) +
          (slots[s].start === at ? 0 : moveCost);
        directEdges[k].push({ edge: network.addEdge(groupBase + k, slotBase + s, 1, cost), slot: s });
      }
    }
    return edges;
  });
  const classTimeEdges = classTimes.map((ct, k) =>
    [...ct.slots].map((s) => ({ edge: network.addEdge(classTimeBase + k, slotBase + s, 1, 0), slot: s })),
  );
  slots.forEach((s, i) => {
    if (slotUsed[i]) network.addEdge(slotBase + i, dayBase + s.interviewerDay, 1, 0);
  });
  interviewerDays.forEach((d, i) => {
    if (dayCapacity[i] > 0) network.addEdge(dayBase + i, interviewerBase + d.interviewer, dayCapacity[i], 0);
  });
  for (let i = 0; i < interviewerCount; i++)
    for (let k = 0; k < interviewCapacity[i]; k++)
      network.addEdge(interviewerBase + i, sink, 1, LOAD_WEIGHT * (graph.baseLoad[i] + k));

  network.solve(source, sink);

  // Every slot a (class, time) node feeds is open to every group reaching that node, so its booked
  // slots can be handed out in any order; a group then pairs its slots (by time) with its members (by
  // registration).
  const bookedAt = classTimeEdges.map((edges) =>
    edges.filter((e) => network.flowOn(e.edge) > 0).map((e) => e.slot),
  );
  const booked = new Map<number, Assignment>();
  groups.forEach((g, k) => {
    const mine: number[] = [];
    for (const { edge, classTime } of groupEdges[k])
      for (let f = network.flowOn(edge); f > 0; f--) mine.push(bookedAt[classTime].pop() as number);
    for (const { edge, slot } of directEdges[k]) if (network.flowOn(edge) > 0) mine.push(slot);
    // Room kept for anticipated candidates is no booking.
    if (g.anticipated) return;
    mine.sort((a, b) => a - b);
    mine.forEach((s, j) => {
      const index = g.members[j];
      const { slot, interviewer } = slots[s];
      booked.set(index, {
        candidateId: input.candidates[index].id,
        interviewerId: input.interviewers[interviewer].id,
        slot,
      });
    });
  });
  return toResult(input, graph, booked);
}

/** First come, first served: each candidate in registration order takes the earliest usable free slot. */
export function greedyBaseline(input: AssignmentInput): AssignmentResult {
  const graph = buildCompatibilityGraph(input);
  const taken = new Uint8Array(graph.slots.length);
  const remaining = graph.interviewerDays.map((d) => d.remaining);
  const booked = new Map<number, Assignment>();
  const slotsOf = new Map<number, number[]>();
  const order = input.candidates
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.registeredAt.getTime() - b.c.registeredAt.getTime() || a.index - b.index);
  for (const { c, index } of order) {
    const profile = graph.candidateProfile[index];
    if (profile < 0) continue;
    let usable = slotsOf.get(profile);
    if (!usable) slotsOf.set(profile, (usable = profileSlotIds(graph, profile)));
    const s = usable.find((s) => !taken[s] && remaining[graph.slots[s].interviewerDay] > 0);
    if (s === undefined) continue;
    const { slot, interviewer, interviewerDay } = graph.slots[s];
    taken[s] = 1;
    remaining[interviewerDay]--;
    booked.set(index, { candidateId: c.id, interviewerId: input.interviewers[interviewer].id, slot });
  }
  return toResult(input, graph, booked);
}

function toResult(
  input: AssignmentInput,
  graph: CompatibilityGraph,
  booked: Map<number, Assignment>,
): AssignmentResult {
  const assignments = [...booked.values()].sort(
    (a, b) =>
      a.slot.startsAt.getTime() - b.slot.startsAt.getTime() ||
      (a.interviewerId < b.interviewerId ? -1 : a.interviewerId > b.interviewerId ? 1 : 0),
  );
  // A candidate left over with usable slots: those slots were taken, unless a free one sits on a day
  // the bookings filled to its limit.
  const interviewerIndex = new Map(input.interviewers.map((i, k) => [i.id, k]));
  const taken = new Set<string>();
  const dayLoad = new Map<string, number>();
  for (const a of booked.values()) {
    const i = interviewerIndex.get(a.interviewerId);
    taken.add(`${i}\u0000${a.slot.startsAt.getTime()}`);
    dayLoad.set(`${i}\u0000${a.slot.day}`, (dayLoad.get(`${i}\u0000${a.slot.day}`) ?? 0) + 1);
  }
  const byProfile = new Map<number, UnscheduledReason>();
  const reasonFor = (index: number): UnscheduledReason => {
    const profile = graph.candidateProfile[index];
    if (profile < 0) return graph.reasons[index];
    let reason = byProfile.get(profile);
    if (reason) return reason;
    const limited = profileSlotIds(graph, profile).some((s) => {
      const slot = graph.slots[s];
      if (taken.has(`${slot.interviewer}\u0000${slot.start}`)) return false;
      const day = graph.interviewerDays[slot.interviewerDay];
      return (dayLoad.get(`${slot.interviewer}\u0000${day.day}`) ?? 0) >= day.remaining;
    });
    reason = limited ? 'daily_limit_reached' : 'slots_taken';
    byProfile.set(profile, reason);
    return reason;
  };
  const unscheduled = input.candidates
    .map((c, index) => ({ candidateId: c.id, index, anticipated: c.anticipated === true }))
    .filter(({ index, anticipated }) => !anticipated && !booked.has(index))
    .map(({ candidateId, index }) => ({ candidateId, reason: reasonFor(index) }));
  return { assignments, unscheduled };
}

/** The objective of a set of bookings for this input, as `assignInterviews` optimises it. */
export function scheduleObjective(
  input: AssignmentInput,
  assignments: readonly Assignment[],
): ScheduleObjective {
  return objectiveFor(input)(assignments);
}

/** `scheduleObjective` for many schedules of one input (e.g. an exhaustive search), preparing the input once. */
export function objectiveFor(
  input: AssignmentInput,
): (assignments: readonly Assignment[]) => ScheduleObjective {
  const graph = buildCompatibilityGraph(input);
  const steps = timeSteps(graph);
  const stepOf = new Map<string, number>();
  graph.slots.forEach((s) => stepOf.set(`${s.interviewer}\u0000${s.start}`, steps[s.time]));
  const interviewerIndex = new Map(input.interviewers.map((i, index) => [i.id, index]));
  const fastTrack = new Set(input.candidates.filter((c) => c.fastTrack).map((c) => c.id));
  return (assignments) => {
    const load = [...graph.baseLoad];
    let fastTrackBooked = 0;
    let cost = 0;
    for (const a of assignments) {
      const i = interviewerIndex.get(a.interviewerId);
      if (i === undefined) throw new RangeError(`Unknown interviewer ${a.interviewerId}`);
      cost += LOAD_WEIGHT * load[i]++;
      if (!fastTrack.has(a.candidateId)) continue;
      fastTrackBooked++;
      const step = stepOf.get(`${i}\u0000${a.slot.startsAt.getTime()}`);
      if (step === undefined) throw new RangeError(`Slot ${a.slot.startsAt.toISOString()} is not usable`);
      cost += EARLINESS_WEIGHT * step;
    }
    return { booked: assignments.length, fastTrackBooked, cost };
  };
}

export interface PickSlotOptions {
  /** The event's IANA timezone. */
  timezone: string;
  /** Keep this interviewer (e.g. the current one on a reschedule) when they have a usable slot. */
  preferInterviewerId?: string;
  /** Only slots starting at or after this instant (typically now). */
  notBefore?: Date;
  /** Slots to skip, e.g. ones a concurrent booking just won. */
  excluded?: { interviewerId: string; startsAt: Date }[];
}

export type SlotPick = { ok: true; assignment: Assignment } | { ok: false; reason: UnscheduledReason };

/**
 * The best slot for booking one candidate now: the earliest usable slot of the preferred interviewer if
 * they have one, else the earliest usable slot of anyone, the less loaded interviewer on a tie. On a
 * reschedule, pass the current interview in the candidate's and the interviewer's `existing`: the old
 * slot stays held (and blocks overlaps) until the new one is booked.
 */
export function pickBestSlot(
  candidate: SchedulingCandidate,
  interviewers: SchedulingInterviewer[],
  options: PickSlotOptions,
): SlotPick {
  const input: AssignmentInput = { timezone: options.timezone, candidates: [candidate], interviewers };
  const graph = buildCompatibilityGraph(input, options.notBefore);
  const excluded = new Set(
    (options.excluded ?? []).map((e) => `${e.interviewerId}\u0000${e.startsAt.getTime()}`),
  );
  const usable = profileSlotIds(graph, graph.candidateProfile[0]).filter((s) => {
    const { interviewer, start } = graph.slots[s];
    return !excluded.has(`${interviewers[interviewer].id}\u0000${start}`);
  });
  const preferred = usable.filter(
    (s) => interviewers[graph.slots[s].interviewer].id === options.preferInterviewerId,
  );
  const pool = preferred.length > 0 ? preferred : usable;
  let best: number | undefined;
  for (const s of pool) {
    if (best === undefined) best = s;
    const a = graph.slots[s];
    const b = graph.slots[best];
    if (
      a.start < b.start ||
      (a.start === b.start && graph.baseLoad[a.interviewer] < graph.baseLoad[b.interviewer])
    )
      best = s;
  }
  if (best === undefined) return { ok: false, reason: graph.reasons[0] };
  const { slot, interviewer } = graph.slots[best];
  return {
    ok: true,
    assignment: { candidateId: candidate.id, interviewerId: interviewers[interviewer].id, slot },
  };
}
