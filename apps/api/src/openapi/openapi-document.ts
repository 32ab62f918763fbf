import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { join } from 'node:path';
import { AppConfig } from '@hirefair/config';
import { ApiModule } from '../api.module';
import { createOpenApiDocument, setApiPrefix } from '../app.setup';

/** Where the web's typed client keeps the document and the types generated from it (checked in). */
export const WEB_API_DIR = join(__dirname, '../../../web/src/api');
export const OPENAPI_JSON = join(WEB_API_DIR, 'openapi.json');
export const OPENAPI_TYPES = join(WEB_API_DIR, 'schema.d.ts');

/**
 * The document /docs-json serves, built without a database or Redis: Nest's preview mode resolves the
 * module graph and reads the controllers' metadata but instantiates no provider.
 */
export async function generateOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
