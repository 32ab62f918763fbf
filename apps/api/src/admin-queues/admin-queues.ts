import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, AuthService, Role, TooManyAttemptsError } from '@hirefair/core';
import { ALL_QUEUES } from '@hirefair/queue';

export const ADMIN_QUEUES_PATH = '/admin/queues';
const CREDENTIAL_CACHE_MS = 60_000;

/**
 * The BullMQ dashboard, for the platform admin only: a Bearer access token, or HTTP Basic with
 * the admin's email and password so that a browser can open it (verified logins are cached a
 * minute, as the dashboard polls). Basic guesses spend the same per-account budget as
 * `POST /auth/login`: once spent, 429 with Retry-After.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const auth = app.get(AuthService);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'hirefair queues' } },
  });
  const verified = new Map<string, number>();

  async function isPlatformAdmin(header: string | undefined): Promise<boolean> {
    if (!header) return false;
    const [scheme, value] = header.split(' ');
    if (scheme === 'Bearer' && value)
      return auth.verifyAccessToken(value)?.roles.includes(Role.PlatformAdmin) ?? false;
    if (scheme !== 'Basic' || !value) return false;
    if ((verified.get(header) ?? 0) > Date.now()) return true;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return false;
    let user;
    try {
      user = await auth.checkCredentials(decoded.slice(0, colon), decoded.slice(colon + 1));
    } catch (error) {
      if (error instanceof TooManyAttemptsError) throw error;
      if (error instanceof AuthError) return false;
      throw error;
    }
    const ok = user.roles.includes(Role.PlatformAdmin);
    if (ok) verified.set(header, Date.now() + CREDENTIAL_CACHE_MS);
    return ok;
  }

  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          if (await isPlatformAdmin(request.headers.authorization)) return;
        } catch (error) {
          if (!(error instanceof TooManyAttemptsError)) throw error;
          return reply
            .status(429)
            .header('Retry-After', String(error.retryAfterSeconds))
            .send({ statusCode: 429, code: error.code, message: error.message });
        }
        const bearer = request.headers.authorization?.startsWith('Bearer ');
        const status = bearer ? 403 : 401;
        if (!bearer) void reply.header('WWW-Authenticate', 'Basic realm="hirefair queues"');
        return reply.status(status).send({
          statusCode: status,
          code: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          message: 'The queue dashboard is for the platform admin.',
        });
      });
      // The dashboard's page links a Google font, which the CSP blocks: drop it (system fonts instead).
      scope.addHook('onSend', async (_request, reply, payload) =>
        typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')
          ? payload.replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '')
          : payload,
      );
      await scope.register(serverAdapter.registerPlugin(), { prefix: '/' });
    },
    { prefix: ADMIN_QUEUES_PATH },
  );
}
