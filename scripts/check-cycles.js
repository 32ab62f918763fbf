// npm run check:cycles: fails on an import cycle between files, on two feature folders of libs/core
// that import each other (directly or around a loop), and on apps/api importing apps/worker.
const madge = require('madge');

const FEATURE = /^libs\/core\/src\/([^/]+)\//;

function folderCycles(graph) {
  const edges = new Map();
  for (const [from, targets] of Object.entries(graph)) {
    const a = from.match(FEATURE)?.[1];
    for (const to of targets) {
      const b = to.match(FEATURE)?.[1];
      if (!a || !b || a === b) continue;
      if (!edges.has(a)) edges.set(a, new Map());
      if (!edges.get(a).has(b)) edges.get(a).set(b, `${from} -> ${to}`);
    }
  }
  // Tarjan's strongly connected components: every component of more than one folder is a cycle.
  let index = 0;
  const stack = [];
  const state = new Map();
  const components = [];
  const visit = (v) => {
    state.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!state.has(w)) {
        visit(w);
        state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
      } else if (state.get(w).onStack) {
        state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
      }
    }
    if (state.get(v).low === state.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        state.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of edges.keys()) if (!state.has(v)) visit(v);
  return components.map((folders) => ({
    folders,
    imports: folders.flatMap((a) =>
      folders.filter((b) => edges.get(a)?.has(b)).map((b) => edges.get(a).get(b)),
    ),
  }));
}

async function main() {
  const result = await madge(['apps', 'libs'], {
    baseDir: '.',
    fileExtensions: ['ts'],
    tsConfig: 'tsconfig.json',
    excludeRegExp: [/\.spec\.ts$/, /^apps\/web\//],
  });
  const graph = result.obj();
  const problems = [];
  for (const cycle of result.circular()) problems.push(`file cycle: ${cycle.join(' -> ')}`);
  for (const { folders, imports } of folderCycles(graph)) {
    problems.push(
      `feature folders import each other: ${folders.sort().join(', ')}\n    ${imports.join('\n    ')}`,
    );
  }
  for (const [from, targets] of Object.entries(graph)) {
    if (!from.startsWith('apps/api/')) continue;
    for (const to of targets)
      if (to.startsWith('apps/worker/')) problems.push(`apps/api imports the worker app: ${from} -> ${to}`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`\n${problems.length} import problem(s).`);
    process.exit(1);
  }
  console.log(`No import cycles (${Object.keys(graph).length} files).`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
