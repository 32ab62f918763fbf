/**
 * Min-cost maximum flow for integer capacities and non-negative integer costs.
 *
 * Primal–dual: a Dijkstra on reduced costs (Johnson potentials) finds the current shortest augmenting
 * distance, then Dinic blocking flows push everything along zero-reduced-cost arcs before the next
 * Dijkstra. Every augmenting path is a shortest one, so after each phase the flow is cheapest for its
 * value and the final flow is a cheapest maximum flow. Phases are bounded by the number of distinct
 * shortest-path distances, which stays small when costs take few values, whereas plain successive
 * shortest paths would run one Dijkstra per unit of flow (thousands at scheduling-run size).
 */
export class MinCostFlow {
  private tails = new Int32Array(1024);
  private heads = new Int32Array(1024);
  private capacities = new Int32Array(1024);
  private costs = new Float64Array(1024);
  private edgeCount = 0;
  private flows: Int32Array | null = null;

  constructor(readonly nodeCount: number) {}

  /** Adds a directed edge and returns its id, for reading its flow after `solve`. */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    if (!(from >= 0 && from < this.nodeCount && to >= 0 && to < this.nodeCount))
      throw new RangeError('edge endpoint out of range');
    if (!(Number.isInteger(capacity) && capacity >= 0 && capacity <= 0x7fffffff))
      throw new RangeError('capacity must be a non-negative 32-bit integer');
    if (!(Number.isSafeInteger(cost) && cost >= 0))
      throw new RangeError('cost must be a non-negative safe integer');
    if (this.edgeCount === this.tails.length) this.grow();
    const e = this.edgeCount++;
    this.tails[e] = from;
    this.heads[e] = to;
    this.capacities[e] = capacity;
    this.costs[e] = cost;
    this.flows = null;
    return e;
  }

  private grow(): void {
    const size = this.tails.length * 2;
    const copy = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.tails = copy(this.tails, new Int32Array(size));
    this.heads = copy(this.heads, new Int32Array(size));
    this.capacities = copy(this.capacities, new Int32Array(size));
    this.costs = copy(this.costs, new Float64Array(size));
  }

  flowOn(edge: number): number {
    if (this.flows === null) throw new Error('solve() first');
    return this.flows[edge];
  }

  solve(source: number, sink: number): { flow: number; cost: number; phases: number } {
    const n = this.nodeCount;
    const m = this.edgeCount;

    // Residual arcs in CSR order (arcs of a node contiguous) for cache-friendly scans.
    const start = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      start[this.tails[e] + 1]++;
      start[this.heads[e] + 1]++;
    }
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const fill = start.slice(0, n);
    const to = new Int32Array(2 * m);
    const rev = new Int32Array(2 * m);
    const cap = new Int32Array(2 * m);
    const cost = new Float64Array(2 * m);
    const forwardArc = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      const u = this.tails[e];
      const v = this.heads[e];
      const a = fill[u]++;
      const b = fill[v]++;
      to[a] = v;
      cap[a] = this.capacities[e];
      cost[a] = this.costs[e];
      rev[a] = b;
      to[b] = u;
      cap[b] = 0;
      cost[b] = -this.costs[e];
      rev[b] = a;
      forwardArc[e] = a;
    }

    const potential = new Float64Array(n);
    const dist = new Float64Array(n);
    const settled = new Uint8Array(n);
    const heap = new MinHeap(n, dist);
    const level = new Int32Array(n);
    const queue = new Int32Array(n);
    const current = new Int32Array(n);
    const pathArcs = new Int32Array(n);
    const pathNodes = new Int32Array(n);
    let flow = 0;
    let phases = 0;

    const admissible = (u: number, a: number): boolean =>
      cap[a] > 0 && cost[a] + potential[u] - potential[to[a]] === 0;

    for (;;) {
      // Dijkstra stopped once the sink is settled: min(distance, distance to sink) is still a feasible
      // potential, and unsettled nodes cannot lie on a shortest path to the sink.
      dist.fill(Infinity);
      settled.fill(0);
      dist[source] = 0;
      heap.push(source);
      while (!heap.empty()) {
        const u = heap.pop();
        settled[u] = 1;
        if (u === sink) break;
        const du = dist[u] + potential[u];
        for (let a = start[u], end = start[u + 1]; a < end; a++) {
          if (cap[a] === 0) continue;
          const v = to[a];
          const nd = du + cost[a] - potential[v];
          if (nd < dist[v]) {
            dist[v] = nd;
            heap.pushOrDecrease(v);
          }
        }
      }
      heap.clear();
      if (!settled[sink]) break;
      const reach = dist[sink];
      for (let v = 0; v < n; v++) potential[v] += settled[v] ? dist[v] : reach;
      phases++;

      // Dinic on the admissible (zero reduced cost) subgraph until it no longer connects source and sink.
      for (;;) {
        level.fill(-1);
        level[source] = 0;
        let head = 0;
        let tail = 0;
        queue[tail++] = source;
        while (head < tail && level[sink] < 0) {
          const u = queue[head++];
          for (let a = start[u], end = start[u + 1]; a < end; a++) {
            const v = to[a];
            if (level[v] < 0 && admissible(u, a)) {
              level[v] = level[u] + 1;
              queue[tail++] = v;
            }
          }
        }
        if (level[sink] < 0) break;
        for (let v = 0; v < n; v++) current[v] = start[v];
        let depth = 0;
        let u = source;
        for (;;) {
          if (u === sink) {
            let pushed = Infinity;
            for (let i = 0; i < depth; i++) pushed = Math.min(pushed, cap[pathArcs[i]]);
            for (let i = 0; i < depth; i++) {
              cap[pathArcs[i]] -= pushed;
              cap[rev[pathArcs[i]]] += pushed;
            }
            flow += pushed;
            let k = 0;
            while (cap[pathArcs[k]] > 0) k++;
            depth = k;
            u = pathNodes[k];
            continue;
          }
          let a = current[u];
          const end = start[u + 1];
          while (a < end && !(level[to[a]] === level[u] + 1 && admissible(u, a))) a++;
          current[u] = a;
          if (a < end) {
            pathNodes[depth] = u;
            pathArcs[depth] = a;
            depth++;
            u = to[a];
          } else {
            level[u] = -1;
            if (depth === 0) break;
            depth--;
            u = pathNodes[depth];
            current[u]++;
          }
        }
      }
    }

    this.flows = new Int32Array(m);
    let total = 0;
    for (let e = 0; e < m; e++) {
      const f = this.capacities[e] - cap[forwardArc[e]];
      this.flows[e] = f;
      total += f * this.costs[e];
    }
    return { flow, cost: total, phases };
  }
}

/** Binary min-heap of node ids keyed by an external array, with decrease-key. */
class MinHeap {
  private readonly items: Int32Array;
  private readonly position: Int32Array;
  private size = 0;

  constructor(
    capacity: number,
    private readonly keys: Float64Array,
  ) {
    this.items = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  empty(): boolean {
    return this.size === 0;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.position[this.items[i]] = -1;
    this.size = 0;
  }

  push(node: number): void {
    this.pushOrDecrease(node);
  }

  pushOrDecrease(node: number): void {
    let i = this.position[node];
    if (i < 0) {
      i = this.size++;
      this.items[i] = node;
      this.position[node] = i;
    }
    this.siftUp(i);
  }

  pop(): number {
    const top = this.items[0];
    this.position[top] = -1;
    const last = this.items[--this.size];
    if (this.size > 0) {
      this.items[0] = last;
      this.position[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(i: number): void {
    const node = this.items[i];
    const key = this.keys[node];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = this.items[parent];
      if (this.keys[p] <= key) break;
      this.items[i] = p;
      this.position[p] = i;
      i = parent;
    }
    this.items[i] = node;
    this.position[node] = i;
  }

  private siftDown(i: number): void {
    const node = this.items[i];
    const key = this.keys[node];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child =
        right < this.size && this.keys[this.items[right]] < this.keys[this.items[left]] ? right : left;
      const c = this.items[child];
      if (this.keys[c] >= key) break;
      this.items[i] = c;
      this.position[c] = i;
      i = child;
    }
    this.items[i] = node;
    this.position[node] = i;
  }
}
