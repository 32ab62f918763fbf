import { getRepositoryToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, Repository } from 'typeorm';
import { MailMessage, MailStatus, NotificationsService } from '@hirefair/core';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  TEST_DATABASE_URL,
  TEST_POSTGRES_URL,
  TestApp,
  createTestApp,
  startProcess,
  waitFor,
} from '@hirefair/testing';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('boot', () => {
  it('stops with the name of a bad variable', async () => {
    const api = startProcess('apps/api/src/main.ts', { PORT: 'eighty', QUEUE_PREFIX: 'bad prefix' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/PORT/);
    expect(api.output()).toMatch(/QUEUE_PREFIX/);
  });

  it('names every bad variable at once, with its value (never a secret) and an example', async () => {
    const api = startProcess('apps/api/src/main.ts', {
      PORT: 'abc',
      NODE_ENV: 'production',
      JWT_SECRET: 'hunter2',
    });
    expect(await api.exited).toBe(1);
    const output = api.output();
    expect(output).toContain('PORT=abc: must be a whole number from 0 to 65535, e.g. PORT=3000');
    expect(output).toContain('JWT_SECRET (hidden, 7 characters): must be at least 16 characters');
    // The production-only requirement comes in the same report.
    expect(output).toMatch(/SMTP_URL \(unset\): is required in production/);
    expect(output).not.toContain('hunter2');
  });

  it('says in one line that the port is taken, before touching the database', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    const database = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_port`;
    try {
      const api = startProcess('apps/api/src/main.ts', {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `${TEST_POSTGRES_URL}/${database}`,
      });
      expect(await api.exited).toBe(1);
      const lines = api.output().trim().split('\n');
      expect(lines).toEqual([
        expect.stringContaining(`port ${port} on 127.0.0.1 (PORT, HOST) is already in use`),
      ]);
      expect(lines[0]).toContain(`e.g. PORT=${port + 1}`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    const admin = new Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      expect(found.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });

  it('tells a refused PostgreSQL login apart from an unreachable server', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.username = 'no_such_role_hirefair';
    const worker = startProcess('apps/worker/src/main.ts', { DATABASE_URL: url.toString() });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('refused the login of role "no_such_role_hirefair"');
    expect(worker.output()).toContain('createuser');
    expect(worker.output()).not.toContain('Cannot reach PostgreSQL');
  });

  it('stops naming the address and how to start PostgreSQL or Redis when one is unreachable', async () => {
    const noDb = startProcess('apps/worker/src/main.ts', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5999/x',
    });
    expect(await noDb.exited).toBe(1);
    expect(noDb.output()).toContain('Cannot reach PostgreSQL at 127.0.0.1:5999');
    expect(noDb.output()).toContain('pg_ctlcluster');
    const noRedis = startProcess('apps/worker/src/main.ts', { REDIS_URL: 'redis://127.0.0.1:6999' });
    expect(await noRedis.exited).toBe(1);
    expect(noRedis.output()).toContain('Cannot reach Redis at 127.0.0.1:6999');
    expect(noRedis.output()).toContain('redis-server');
  });

  describe('api and worker as separate processes', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await createTestApp({ WORKERS: 'off' });
    });
    afterAll(() => api.close());

    const queueMail = (to: string) =>
      api.app.get(DataSource).transaction((manager) =>
        api.app.get(NotificationsService).queueMail(manager, {
          organizationId: null,
          to,
          subject: 'Queued elsewhere',
          text: 'hello',
          template: 'test.split',
        }),
      );

    it('`npm start` (workers on) runs the workers in a thread of the API process, and stops it on SIGTERM', async () => {
      const mails = api.app.get<Repository<MailMessage>>(getRepositoryToken(MailMessage));
      const mail = await queueMail('thread@example.com');
      const single = startProcess('apps/api/src/main.ts', {
        WORKERS: 'on',
        LOG_LEVEL: 'info',
        PORT: String(await freePort()),
      });
      try {
        await waitFor(
          async () => (await mails.findOneByOrFail({ id: mail.id })).status === MailStatus.Sent || undefined,
          { timeoutMs: 90_000, what: 'the worker thread to deliver the mail' },
        );
        expect(single.output()).toContain('hirefair worker started (in a thread of the API process)');
        await waitFor(() => single.output().includes('hirefair API listening on'), { what: 'listening' });
        // A clean start warns of nothing (but of pages never built), and Nest's route mapping is below info.
        const warnings = single
          .output()
          .split('\n')
          .filter((line) => /"level":(40|50)/.test(line) && !line.includes('No built web pages'));
        expect(warnings).toEqual([]);
        expect(single.output()).not.toContain('Mapped {');
      } finally {
        expect([0, 'SIGTERM']).toContain(await single.stop('SIGTERM'));
      }
    });

    it('the worker process alone delivers mail queued by the API process, and stops cleanly on SIGTERM', async () => {
      const mails = api.app.get<Repository<MailMessage>>(getRepositoryToken(MailMessage));
      const mail = await api.app.get(DataSource).transaction((manager) =>
        api.app.get(NotificationsService).queueMail(manager, {
          organizationId: null,
          to: 'split@example.com',
          subject: 'Queued by the API',
          text: 'hello',
          template: 'test.split',
        }),
      );
      // No worker runs in the API process: nothing delivers it yet.
      await new Promise((r) => setImmediate(r));
      expect((await mails.findOneByOrFail({ id: mail.id })).status).toBe(MailStatus.Queued);

      const worker = startProcess('apps/worker/src/main.ts');
      try {
        const sent = await waitFor(
          async () => {
            const row = await mails.findOneByOrFail({ id: mail.id });
            return row.status === MailStatus.Sent ? row : undefined;
          },
          { timeoutMs: 60_000, what: 'the worker to deliver the mail' },
        );
        expect(sent.transport).toBe('mailbox');
      } finally {
        // Nest closes the workers and connections, then re-raises the signal.
        expect([0, 'SIGTERM']).toContain(await worker.stop('SIGTERM'));
      }
    });
  });
});
