import 'reflect-metadata';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import type { AppConfig } from '@hirefair/config';
import { boot } from '@hirefair/database/boot';

class PortUnavailableError extends Error {}

/** Why the API cannot listen on a port, in one line; null when it can. */
function portProblem(config: AppConfig, error: NodeJS.ErrnoException): string | null {
  const where = `port ${config.port} on ${config.host} (PORT, HOST)`;
  const next = `e.g. PORT=${config.port === 65535 ? 3000 : config.port + 1}`;
  if (error.code === 'EADDRINUSE') {
    return `${where} is already in use: stop what listens there (ss -ltnp 'sport = :${config.port}') or choose another, ${next}`;
  }
  if (error.code === 'EACCES')
    return `${where} needs privileges this user lacks: choose a port above 1023, ${next}`;
  if (error.code === 'EADDRNOTAVAIL') return `${where}: this machine has no such address, e.g. HOST=0.0.0.0`;
  return null;
}

/** Checked before the database is touched: a busy port stops the start in one line, migrations untouched. */
async function assertPortFree(config: AppConfig): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem = portProblem(config, error);
      reject(problem ? new PortUnavailableError(problem) : error);
    });
    server.listen({ port: config.port, host: config.host, exclusive: true }, () =>
      server.close(() => resolve()),
    );
  });
}

async function main(): Promise<void> {
  const config = await boot('api', assertPortFree);
  // Loaded once the environment, the port, the database and Redis are known to be fine: a bad
  // start says so without first loading the whole application.
  const { createApiApp } = await import('./app.setup');
  const { DemoSeedService } = await import('@hirefair/core');
  const { Logger } = await import('nestjs-pino');
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
    // Taken between the check and now.
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

void main();
