import 'reflect-metadata';
import { readlinkSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread, parentPort } from 'node:worker_threads';
import { limitHeapGrowth, loadConfig } from '@hirefair/config';
import { boot } from '@hirefair/database/boot';

/**
 * In the API's process (Linux): the thread shows as `hirefair-worker` in `top -H` and `ps -L`, and
 * runs at a lower CPU priority than the requests (WORKER_THREAD_NICE): in a registration rush the
 * mails and intake wait for the CPU the requests leave, instead of taking half of it.
 */
function settleThread(nice: number): void {
  try {
    writeFileSync('/proc/thread-self/comm', 'hirefair-worker');
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (nice > 0) setPriority(tid, nice);
  } catch {
    // not Linux: neither is needed to work
  }
}

async function main(): Promise<void> {
  if (isMainThread) limitHeapGrowth();
  // In the API's process the API has already checked the database (migrated) and Redis.
  const config = isMainThread ? await boot('worker') : loadConfig();
  if (!isMainThread) settleThread(config.workerThreadNice);
  // Loaded after the checks, so that a bad start says so without loading the whole application.
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  // A relative path: the build rewrites the path aliases of static imports only.
  const { WorkerRootModule } = await import('../../../libs/worker/src/worker-root.module');
  const app = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  if (isMainThread) {
    // SIGTERM: workers finish their running jobs, then connections close.
    app.enableShutdownHooks();
  } else {
    // In the API's process (`npm start`): the API asks when it shuts down.
    parentPort?.on('message', (message) => {
      if (message === 'shutdown') void app.close().then(() => process.exit(0));
    });
  }
  app.get(Logger).log(`hirefair worker started${isMainThread ? '' : ' (in a thread of the API process)'}`);
}

void main();
