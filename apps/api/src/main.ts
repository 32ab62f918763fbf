import 'reflect-metadata';
import { extname, join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { DemoSeedService } from '@hirefair/core';
import { boot } from '@hirefair/database/boot';
import { createApiApp } from './app.setup';

async function main(): Promise<void> {
  const config = await boot('api');
  // The workers' own entry point, beside this one (main.js when built, main.ts under ts-node).
  const workerEntry = join(__dirname, '..', '..', 'worker', 'src', `main${extname(__filename)}`);
  const app = await createApiApp(config, { workerEntry });
  const logger = app.get(Logger);
  // Modules register their demo extensions (the fair, its policy) while initializing.
  await app.init();
  const seeded = await app.get(DemoSeedService).seedOnStart();
  // Plain text on stdout: a person reads these logins right after `npm start`.
  if (seeded) console.log(`\n${seeded.summary}\n`);
  await app.listen({ port: config.port, host: config.host });
  logger.log(
    `hirefair API on http://localhost:${config.port} (docs /docs, health /health${config.workers ? ', workers in a thread of this process' : ''})`,
  );
}

void main();
