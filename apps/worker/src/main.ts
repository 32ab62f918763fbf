import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isMainThread, parentPort } from 'node:worker_threads';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@hirefair/config';
import { boot } from '@hirefair/database/boot';
import { WorkerRootModule } from '@hirefair/worker/worker-root.module';

async function main(): Promise<void> {
  // In the API's process the API has already checked the database (migrated) and Redis.
  const config = isMainThread ? await boot('worker') : loadConfig();
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
