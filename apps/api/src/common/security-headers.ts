import { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

/**
 * Helmet's headers on every response. @fastify/helmet builds the helmet middleware again for each
 * request (its CSP directives parsed each time) in two async hooks; the options here never vary by
 * request, so the middleware is built once and applied by one synchronous hook, to the same raw
 * response, with the same result.
 */
export function addSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const apply = helmet(options);
  fastify.addHook('onRequest', (request, reply, done) => {
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
