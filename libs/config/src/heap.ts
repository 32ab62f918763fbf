import { setFlagsFromString } from 'node:v8';

/** How much a heap may grow over what the last full collection left, in percent. */
export const HEAP_GROWING_PERCENT = 30;

/**
 * V8 sizes a heap's next full collection by a factor of what the last one left, up to 4× on a
 * machine with a few GB of memory: an API that keeps ~60 MB live grows to ~250 MB in a
 * registration rush before it collects, and the workers' thread likewise, which is most of the
 * process's peak RSS. A fixed 30 % keeps each heap near its live size, for a few more (concurrent)
 * collections. Set once at start, before the workers' thread exists (the flag is the process's);
 * `node --heap-growing-percent=N` on the command line overrides it.
 */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
