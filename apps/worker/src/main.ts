import 'reflect-metadata';
import { isMainThread, parentPort } from 'node:worker_threads';
import { loadConfig } from '@hirefair/config';
import { boot } from '@hirefair/database/boot';

async function main(): Promise<void> {
  // In the API's process the API has already checked the database (migrated) and Redis.
  const config = isMainThread ? await boot('worker') : loadConfig();
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
