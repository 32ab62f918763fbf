import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where `vite build` put the pages: `dist/web` beside the compiled API (`npm start`), or under the
 * repository when the API runs from its sources (tests); null when the web was never built.
 */
export function findWebRoot(): string | null {
  const candidates = [resolve(__dirname, '../../../../web'), resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** Paths the pages never own: the API and the operational routes keep their own 404s. */
const NOT_PAGES = /^\/(api|health|metrics|docs|docs-json|admin|dev)(\/|$|\?)/;

/**
 * Serves the built pages at `/`: hashed assets cached for a year, index.html never cached, and any
 * other GET that asks for HTML (a page path such as /fairs/x or /candidate) answered with index.html,
 * so the client-side router takes over. Everything else falls through to the API's JSON 404.
 */
export async function mountWebPages(app: NestFastifyApplication, root: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    // Swagger UI registers this plugin too; only one of them may decorate the reply.
    decorateReply: false,
    setHeaders(reply, path) {
      // Vite names assets by their content hash: a new build never reuses a name.
      void reply.header(
        'cache-control',
        path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const index = readFileSync(join(root, 'index.html'));
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url;
    if (NOT_PAGES.test(path) || !request.headers.accept?.includes('text/html')) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  });
}
