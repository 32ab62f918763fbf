import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';

/** Paths that probes and scrapers call every few seconds: no request log line. */
const UNLOGGED_PATHS = new Set(['/health', '/health/ready', '/metrics']);

/**
 * What nestjs-pino reads while a request runs: the lines its code logs carry the request's id. The
 * child logger is made on the first such line, not for every request.
 */
class RequestLogStore implements Store {
  private child: Logger | undefined;
  responseLogger?: Logger;

  constructor(
    private readonly root: Logger,
    private readonly reqId: string,
    /** Read when the request arrives: the socket may be gone by the time its line is written. */
    readonly remoteAddress: string | undefined,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.root.child({ reqId: this.reqId }));
  }

  set logger(logger: Logger) {
    this.child = logger;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    logStore: RequestLogStore | null;
  }
}

const requestFields = (request: FastifyRequest) => ({
  method: request.raw.method,
  url: request.raw.url,
  remoteAddress: request.logStore?.remoteAddress,
});

/**
 * One line per answered request, "POST /api/v1/… 201 12ms" with {reqId, req, res, responseTime}
 * (a 5xx also with `err`), and the request's id on every line logged while it runs. Two Fastify
 * hooks in place of pino-http's Express middleware (two child loggers per request, run through
 * middie), with the same lines.
 */
export function logRequests(fastify: FastifyInstance, root: Logger): void {
  fastify.decorateRequest('logStore', null);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const store = new RequestLogStore(root, request.id, request.raw.socket?.remoteAddress);
    request.logStore = store;
    storage.run(store, done);
  });
  const logged = (request: FastifyRequest) =>
    root.isLevelEnabled('info') && !UNLOGGED_PATHS.has((request.raw.url ?? '').split('?')[0]);
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (logged(request)) {
      const { method, url } = request.raw;
      const statusCode = reply.statusCode;
      const responseTime = Math.round(reply.elapsedTime);
      const fields = { reqId: request.id, req: requestFields(request), res: { statusCode } };
      if (statusCode >= 500) {
        const err = new Error(`failed with status code ${statusCode}`);
        root.info({ ...fields, err, responseTime }, `${method} ${url} ${statusCode} failed: ${err.message}`);
      } else {
        root.info({ ...fields, responseTime }, `${method} ${url} ${statusCode} ${responseTime}ms`);
      }
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    if (logged(request)) {
      root.info(
        { reqId: request.id, req: requestFields(request) },
        `${request.raw.method} ${request.raw.url} aborted by the client`,
      );
    }
    done();
  });
}
