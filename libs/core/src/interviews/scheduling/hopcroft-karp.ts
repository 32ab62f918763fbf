import { dayInZone, intersectsAvailability, overlaps } from './slots';
import type { Assignment, AssignmentInput, Slot } from './scheduling.types';

/**
 * An independent check of `assignInterviews`' count: plain Hopcroft–Karp on candidate × (interviewer,
 * slot), written without the flow code or its compatibility index.
 *
 * Daily limits are not a matching constraint, so each interviewer-day with m usable slots and c
 * interviews left gets m − c "blocker" vertices on the candidate side, adjacent to all m slots and
 * matched to them before the search. Augmenting paths never unmatch a vertex, so the blockers stay
 * matched and leave exactly c slots of that day to candidates; conversely any schedule within the
 * limits leaves m − c free slots there for the blockers. Hence maximum matching − blockers = the most
 * candidates that can be booked.
 */
export function hopcroftKarpMatching(input: AssignmentInput): Assignment[] {
  const right: { interviewer: number; slot: Slot }[] = [];
  const groups: number[][] = [];
  const groupRemaining: number[] = [];
  input.interviewers.forEach((interviewer, i) => {
    const groupOfDay = new Map<string, number>();
    for (const slot of interviewer.slots) {
      if (interviewer.existing.some((booking) => overlaps(booking, slot))) continue;
      let g = groupOfDay.get(slot.day);
      if (g === undefined) {
        g = groups.length;
        groupOfDay.set(slot.day, g);
        groups.push([]);
        const booked = interviewer.existing.filter(
          (b) => dayInZone(b.startsAt, input.timezone) === slot.day,
        ).length;
        groupRemaining.push(Math.max(0, interviewer.dailyCapacity - booked));
      }
      groups[g].push(right.length);
      right.push({ interviewer: i, slot });
    }
  });

  const adjacency: number[][] = input.candidates.map((candidate) => {
    const edges: number[] = [];
    right.forEach(({ interviewer: i, slot }, v) => {
      const interviewer = input.interviewers[i];
      if (!interviewer.businessUnitIds.includes(candidate.businessUnitId)) return;
      if (!interviewer.specialties.some((s) => candidate.specialties.includes(s))) return;
      if (!intersectsAvailability(slot, candidate.availability)) return;
      if ((candidate.existing ?? []).some((busy) => overlaps(busy, slot))) return;
      edges.push(v);
    });
    return edges;
  });

  const reachable = new Uint8Array(right.length);
  for (const edges of adjacency) for (const v of edges) reachable[v] = 1;
  const matchRight = new Int32Array(right.length).fill(-1);
  groups.forEach((members, g) => {
    const live = members.filter((v) => reachable[v]);
    for (let k = 0; k < live.length - groupRemaining[g]; k++) {
      const blocker = adjacency.length;
      adjacency.push(live);
      matchRight[live[k]] = blocker;
    }
  });

  const leftCount = adjacency.length;
  const matchLeft = new Int32Array(leftCount).fill(-1);
  matchRight.forEach((u, v) => {
    if (u >= 0) matchLeft[u] = v;
  });
  const dist = new Int32Array(leftCount);
  const next = new Int32Array(leftCount);
  const queue = new Int32Array(leftCount);
  const stack = new Int32Array(leftCount);
  const unreached = 0x7fffffff;

  for (;;) {
    // Layers of alternating paths from every free candidate.
    let head = 0;
    let tail = 0;
    for (let u = 0; u < leftCount; u++) {
      if (matchLeft[u] < 0) {
        dist[u] = 0;
        queue[tail++] = u;
      } else dist[u] = unreached;
    }
    let found = false;
    while (head < tail) {
      const u = queue[head++];
      for (const v of adjacency[u]) {
        const w = matchRight[v];
        if (w < 0) found = true;
        else if (dist[w] === unreached) {
          dist[w] = dist[u] + 1;
          queue[tail++] = w;
        }
      }
    }
    if (!found) break;

    // Vertex-disjoint augmenting paths along the layers (iterative DFS: paths can be long).
    next.fill(0);
    for (let root = 0; root < leftCount; root++) {
      if (matchLeft[root] >= 0 || dist[root] !== 0) continue;
      let depth = 0;
      stack[depth++] = root;
      while (depth > 0) {
        const u = stack[depth - 1];
        if (next[u] === adjacency[u].length) {
          dist[u] = unreached;
          depth--;
          if (depth > 0) next[stack[depth - 1]]++;
          continue;
        }
        const v = adjacency[u][next[u]];
        const w = matchRight[v];
        if (w < 0) {
          for (let k = depth - 1; k >= 0; k--) {
            const x = stack[k];
            const y = adjacency[x][next[x]];
            matchLeft[x] = y;
            matchRight[y] = x;
          }
          break;
        }
        if (dist[w] === dist[u] + 1) stack[depth++] = w;
        else next[u]++;
      }
    }
  }

  const assignments: Assignment[] = [];
  for (let u = 0; u < input.candidates.length; u++) {
    if (matchLeft[u] < 0) continue;
    const { interviewer, slot } = right[matchLeft[u]];
    assignments.push({
      candidateId: input.candidates[u].id,
      interviewerId: input.interviewers[interviewer].id,
      slot,
    });
  }
  return assignments;
}

/** The most candidates any schedule can book for this input. */
export function hopcroftKarpMaximum(input: AssignmentInput): number {
  return hopcroftKarpMatching(input).length;
}
