import { FastifyInstance, FastifyRequest } from 'fastify';

/** An uploaded .ics arrives as `text/calendar`: read as a string, within the global body limit. */
export function acceptCalendarBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'text/calendar',
    { parseAs: 'string' },
    (_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: string) => void) =>
      done(null, body.toString()),
  );
}
