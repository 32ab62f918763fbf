import { createServer } from 'node:net';
import type { AppConfig } from '@hirefair/config';

export class PortUnavailableError extends Error {}

/** Why the API cannot listen on its port, in one line; null for any other error. */
export function portProblem(config: AppConfig, error: NodeJS.ErrnoException): string | null {
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
export async function assertPortFree(config: AppConfig): Promise<void> {
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
