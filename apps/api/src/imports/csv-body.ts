import { FastifyInstance, FastifyRequest } from 'fastify';

/** A CSV import may be far larger than a JSON body: 50,000 rows with long profiles. */
export const CSV_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

/** The only routes that take CSV; elsewhere a CSV body is refused before it is read. */
const CSV_ROUTES = [/\/registrations\/import$/];

function httpError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Passes `text/csv` bodies through as a Buffer (the global JSON body limit stays as it is), with
 * their own size limit, and only to the import route.
 */
export function acceptCsvBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    ['text/csv', 'application/csv'],
    (
      request: FastifyRequest,
      payload: NodeJS.ReadableStream,
      done: (err: Error | null, body?: Buffer) => void,
    ) => {
      const url = request.routeOptions.url ?? '';
      if (!CSV_ROUTES.some((route) => route.test(url))) {
        done(httpError(415, 'This route does not take CSV; send JSON.'));
        return;
      }
      const tooLarge = () => httpError(413, `A CSV body may hold at most ${CSV_BODY_LIMIT_BYTES} bytes.`);
      if (Number(request.headers['content-length'] ?? 0) > CSV_BODY_LIMIT_BYTES) {
        done(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      const finish = (error: Error | null, body?: Buffer) => {
        if (finished) return;
        finished = true;
        done(error, body);
      };
      payload.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > CSV_BODY_LIMIT_BYTES) {
          payload.removeAllListeners('data');
          finish(tooLarge());
        } else chunks.push(chunk);
      });
      payload.on('end', () => finish(null, Buffer.concat(chunks, size)));
      payload.on('error', (error: Error) => finish(error));
    },
  );
}
