import { transformFile } from '@swc/core';
import type { Options } from '@swc/core';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
const LIBS = ['core', 'database', 'queue', 'config', 'testing', 'worker'];

/**
 * Where this run's compiled copy of apps/ and libs/ lives: under node_modules, so that the copy
 * resolves the repository's packages.
 */
export const compiledSourcesDir = (runId: string): string =>
  join(ROOT, 'node_modules', '.cache', 'hirefair-test', runId);

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'web' && dir.endsWith('apps') ? [] : sources(path);
      return /(?<!\.spec|\.e2e-spec|\.d)\.ts$/.test(e.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * Compiles the API and worker sources once per test run (SWC, the same options as Jest's
 * transform), so that the processes the tests start load plain JavaScript: compiling the app
 * anew in every started process costs several CPU-seconds each.
 */
export async function compileSources(outDir: string): Promise<void> {
  const swcrc = JSON.parse(await readFile(join(ROOT, '.swcrc'), 'utf8')) as Options;
  const options: Options = {
    ...swcrc,
    swcrc: false,
    sourceMaps: false,
    jsc: {
      ...swcrc.jsc,
      baseUrl: ROOT,
      paths: Object.fromEntries(
        LIBS.flatMap((lib) => [
          [`@hirefair/${lib}`, [`libs/${lib}/src`]],
          [`@hirefair/${lib}/*`, [`libs/${lib}/src/*`]],
        ]),
      ),
    },
  };
  const files = [...(await sources(join(ROOT, 'apps'))), ...(await sources(join(ROOT, 'libs')))];
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(file, options);
      const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, code);
    }),
  );
}
