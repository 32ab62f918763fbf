import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo, createServer } from 'node:net';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppConfig, loadConfig } from '@hirefair/config';
import { ApiAppOptions, createApiApp } from '../../../apps/api/src/app.setup';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: TestAgent;
  close(): Promise<void>;
}

/** The real API (workers in-process unless WORKERS=off) on the test database and Redis. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: ApiAppOptions = {},
): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...env });
  const app = await createApiApp(config, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, config, http: request(app.getHttpServer()), close: () => app.close() };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 60_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A TCP port of 127.0.0.1 free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
