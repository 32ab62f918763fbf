import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { boot } from '@hirefair/database/boot';
import { WorkerRootModule } from './worker-root.module';

async function main(): Promise<void> {
  const config = await boot('worker');
  const app = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // SIGTERM: workers finish their running jobs, then connections close.
  app.enableShutdownHooks();
  app.get(Logger).log('hirefair worker started');
}

void main();
