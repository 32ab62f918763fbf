import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppConfig, createApiLogger } from '@hirefair/config';
import { mountQueueDashboard } from './admin-queues/admin-queues';
import { ApiModule } from './api.module';
import { ErrorResponseDto } from './common/error-response';
import { acceptCalendarBodies } from './calendars/calendar-body';
import { acceptCsvBodies } from './imports/csv-body';
import { clientErrorHandler, frameworkErrors, refuseBadInput } from './common/request-limits';
import { logRequests } from './common/request-logging';
import { addSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation.pipe';
import { MetricsService } from './metrics/metrics.service';
import { findWebRoot, mountWebPages } from './web/web-pages';

export const API_PREFIX = 'api/v1';
const ROOT_ROUTES = ['health', 'health/ready', 'metrics', 'dev/mailbox'];

export interface ApiAppOptions {
  /** The built pages to serve at `/` (default: dist/web, found by `findWebRoot`). */
  webRoot?: string;
  /** With workers on: run them in a thread from this entry point instead of on the API's event loop. */
  workerEntry?: string;
}

/** Builds the whole HTTP application; main.ts and the end-to-end tests both use it. */
export async function createApiApp(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors,
    clientErrorHandler,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  const logger = createApiLogger(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, options.workerEntry, logger),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  logRequests(fastify, logger);
  acceptCsvBodies(fastify);
  acceptCalendarBodies(fastify);
  refuseBadInput(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
  });
  addSecurityHeaders(fastify, {
    // Scripts only from files this server serves (pages, Swagger UI and the queue dashboard load
    // theirs from files); inline styles stay allowed for Swagger UI and the dashboard.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  setUpOpenApi(app);
  await mountQueueDashboard(app);
  const webRoot = options.webRoot ?? findWebRoot();
  if (webRoot) await mountWebPages(app, webRoot);
  else app.get(Logger).warn('No built web pages (dist/web): run `npm run build` to serve them at /');
  return app;
}

export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ROOT_ROUTES.map((path) => ({ path, method: RequestMethod.ALL })),
  });
}

/** The document is built on the first request for it (most processes never serve it), then kept. */
function setUpOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    useGlobalPrefix: false,
  });
}

/** The OpenAPI document served at /docs-json (also written for the web's typed client by `npm run openapi`). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('hirefair')
      .setDescription(
        'Hiring fairs where strong candidates skip the written test and are evaluated directly by the business ' +
          'unit that hires their specialty. Errors always have the shape of `ErrorResponse`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'staff')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'candidate token' }, 'candidate')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (production)' }, 'metrics')
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  addErrorResponses(document);
  return document;
}

/** Every operation documents the contract's error shape for the statuses it can answer. */
function addErrorResponses(document: OpenAPIObject): void {
  const ref = { $ref: '#/components/schemas/ErrorResponseDto' };
  const errors: Record<string, string> = {
    '400': 'Validation failed (`VALIDATION_FAILED`, with `details`) or a malformed request',
    '401': 'No token, or an invalid or expired one',
    '403': 'Authenticated, but the role does not allow this',
    '404': 'Not found (also for objects of another organization)',
    '409': 'The object is not in a state that allows this',
    '429': 'Rate limited; see `Retry-After`',
    '500': 'Unexpected error: a generic message and an `errorId`',
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const [status, description] of Object.entries(errors)) {
        operation.responses[status] ??= { description, content: { 'application/json': { schema: ref } } };
      }
    }
  }
}
