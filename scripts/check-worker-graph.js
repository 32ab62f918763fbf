// After `npm run build`: loads the build's worker module graph (what dist/apps/worker/src/main.js
// loads before it starts Nest, without starting it) and fails when it brings in a package the workers
// never use. @nestjs/swagger and what it pulls in were ~107 modules and ~2.4 MB of heap in every worker
// process, and in the workers' thread of the single-process install; scripts/swagger-plugin.js keeps the compiler plugin from adding it.
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const NOT_FOR_WORKERS = ['@nestjs/swagger', '@nestjs/platform-fastify', 'fastify', '@bull-board/api'];

require('reflect-metadata');
for (const entry of [
  'dist/libs/config/src/index.js',
  'dist/libs/database/src/boot.js',
  'dist/libs/worker/src/worker-root.module.js',
  '@nestjs/core',
  'nestjs-pino',
]) {
  require(entry.startsWith('dist/') ? join(ROOT, entry) : entry);
}

const loaded = Object.keys(require.cache);
const found = NOT_FOR_WORKERS.filter((pkg) => loaded.some((file) => file.includes(`/node_modules/${pkg}/`)));
if (found.length > 0) {
  for (const pkg of found) {
    const inside = (file) => file.includes(`/node_modules/${pkg}/`);
    const by = Object.values(require.cache).find(
      (m) => !inside(m.filename) && m.children.some((child) => inside(child.filename)),
    );
    console.error(`the workers' module graph loads ${pkg} (required by ${by?.filename ?? '?'})`);
  }
  process.exit(1);
}
console.log(
  `the workers' module graph: ${loaded.length} modules, none of ${NOT_FOR_WORKERS.join(', ')}; ` +
    `heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)} MB`,
);
