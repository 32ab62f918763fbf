import { extname, join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@hirefair/config';
import { DemoSeedService } from '@hirefair/core';
import { createApiApp } from './app.setup';
import { portProblem } from './port';

/** Builds the app, seeds the demo fair on an empty database, listens (main.ts has checked the rest). */
export async function serve(config: AppConfig): Promise<void> {
  // The workers' own entry point, beside this one (main.js when built, main.ts under ts-node).
  const workerEntry = join(__dirname, '..', '..', 'worker', 'src', `main${extname(__filename)}`);
  const app = await createApiApp(config, { workerEntry });
  const logger = app.get(Logger);
  // Modules register their demo extensions (the fair, its policy) while initializing.
  await app.init();
  if (config.demoData) {
    const seeded = await app.get(DemoSeedService).seedIfEmpty();
    // Plain text on stdout: a person reads these logins right after `npm start`.
    if (seeded) console.log(`\n${seeded.summary}\n`);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // Taken between main.ts's check and now.
    const problem = portProblem(config, error as NodeJS.ErrnoException);
    if (!problem) throw error;
    console.error(`[api] cannot start: ${problem}`);
    await app.close();
    process.exit(1);
  }
  logger.log(
    `hirefair API listening on http://localhost:${config.port} (docs /docs, health /health${config.workers ? ', workers in a thread of this process' : ''})`,
  );
}
