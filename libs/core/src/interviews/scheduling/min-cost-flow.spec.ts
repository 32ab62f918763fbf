import { MinCostFlow } from './min-cost-flow';

describe('MinCostFlow', () => {
  it('solves an assignment problem at least cost', () => {
    const costs = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const network = new MinCostFlow(8);
    const edges: number[][] = [];
    costs.forEach((row, r) => {
      network.addEdge(0, 2 + r, 1, 0);
      edges.push(row.map((cost, c) => network.addEdge(2 + r, 5 + c, 1, cost)));
    });
    for (let c = 0; c < 3; c++) network.addEdge(5 + c, 1, 1, 0);
    expect(network.solve(0, 1)).toEqual(expect.objectContaining({ flow: 3, cost: 5 }));
    expect(edges.map((row) => row.map((e) => network.flowOn(e)))).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
  });

  it('maximises the flow first, then minimises its cost', () => {
    // s→a→x→t is free, but b can only reach t through x, so a must take the expensive a→t.
    const [s, t, a, b, x] = [0, 1, 2, 3, 4];
    const network = new MinCostFlow(5);
    network.addEdge(s, a, 1, 0);
    network.addEdge(s, b, 1, 0);
    network.addEdge(a, x, 1, 0);
    const expensive = network.addEdge(a, t, 1, 100);
    network.addEdge(b, x, 1, 0);
    network.addEdge(x, t, 1, 0);
    expect(network.solve(s, t)).toEqual(expect.objectContaining({ flow: 2, cost: 100 }));
    expect(network.flowOn(expensive)).toBe(1);
  });

  it('fills convex parallel edges cheapest first and reroutes earlier flow when that is cheaper', () => {
    const network = new MinCostFlow(4);
    network.addEdge(0, 2, 3, 0);
    const cheap = [0, 1, 2].map((k) => network.addEdge(2, 1, 1, k * 10));
    network.addEdge(0, 3, 1, 0);
    network.addEdge(3, 2, 1, 0);
    network.addEdge(3, 1, 1, 15);
    expect(network.solve(0, 1)).toEqual(expect.objectContaining({ flow: 4, cost: 0 + 10 + 15 + 20 }));
    expect(cheap.map((e) => network.flowOn(e))).toEqual([1, 1, 1]);
  });

  it('handles no path, self-loops and zero capacities', () => {
    const network = new MinCostFlow(3);
    network.addEdge(0, 0, 5, 1);
    network.addEdge(0, 2, 0, 0);
    expect(network.solve(0, 1)).toEqual(expect.objectContaining({ flow: 0, cost: 0 }));
  });

  it('rejects invalid edges and reading flows before solving', () => {
    const network = new MinCostFlow(2);
    expect(() => network.addEdge(0, 2, 1, 0)).toThrow(RangeError);
    expect(() => network.addEdge(0, 1, -1, 0)).toThrow(RangeError);
    expect(() => network.addEdge(0, 1, 1, -1)).toThrow(RangeError);
    expect(() => network.addEdge(0, 1, 1, 0.5)).toThrow(RangeError);
    const e = network.addEdge(0, 1, 1, 0);
    expect(() => network.flowOn(e)).toThrow();
  });

  it('grows past its initial edge storage', () => {
    const n = 3000;
    const network = new MinCostFlow(2 + n);
    for (let i = 0; i < n; i++) {
      network.addEdge(0, 2 + i, 1, i % 7);
      network.addEdge(2 + i, 1, 1, 0);
    }
    expect(network.solve(0, 1).flow).toBe(n);
  });
});
