import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DemoSeedService } from '@hirefair/core';
import { boot } from '@hirefair/database/boot';
import { WorkerRootModule } from '@hirefair/worker/worker-root.module';

/** `npm run seed:demo`: loads the demo fair unless it is already there. */
async function main(): Promise<void> {
  const config = await boot('seed');
  const app = await NestFactory.createApplicationContext(
    WorkerRootModule.forRoot({ ...config, workers: false }),
    {
      logger: ['error', 'warn'],
    },
  );
  const result = await app.get(DemoSeedService).seed();
  console.log(result ? result.summary : 'The demo organization is already loaded; nothing to do.');
  await app.close();
}

void main();
