import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppConfig } from '@hirefair/config';
import nestCli from '../../../../nest-cli.json';
import { ApiModule } from '../api.module';
import { createOpenApiDocument, setApiPrefix } from '../app.setup';

/** Where the web's typed client keeps the document and the types generated from it (checked in). */
export const WEB_API_DIR = join(__dirname, '../../../web/src/api');
export const OPENAPI_JSON = join(WEB_API_DIR, 'openapi.json');
export const OPENAPI_TYPES = join(WEB_API_DIR, 'schema.d.ts');

const ROOT = join(__dirname, '../../../..');
// The package exports this subpath only, which the repository's `node` module resolution cannot type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');

/**
 * `nest build` runs the @nestjs/swagger compiler plugin (nest-cli.json), which describes every DTO
 * property from its TypeScript type; ts-node and swc do not. The plugin's metadata generator reads
 * the same sources with the same options, so the document built here lists what /docs-json lists
 * from a build. It cannot evaluate non-literal bounds (a `@Max` of next year is left out, which also
 * keeps the document from changing on New Year) and widens a few types it cannot resolve.
 */
async function loadSwaggerPluginMetadata(): Promise<void> {
  // The build's plugin (scripts/swagger-plugin.js) is @nestjs/swagger's, whose metadata the visitor reads.
  const swagger = nestCli.compilerOptions.plugins.find((p) => p.name.endsWith('swagger-plugin'));
  const filename = `swagger-metadata-${process.pid}.ts`;
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...swagger?.options, pathToSource: __dirname })],
    outputDir: __dirname,
    filename,
    tsconfigPath: relative(process.cwd(), join(ROOT, 'tsconfig.build.json')),
    printDiagnostics: false,
  });
  try {
    const metadata = (await import(join(__dirname, filename))) as {
      default: () => Promise<Record<string, unknown>>;
    };
    await SwaggerModule.loadPluginMetadata(metadata.default);
  } finally {
    rmSync(join(__dirname, filename), { force: true });
  }
}

/**
 * The document /docs-json serves, built without a database or Redis: Nest's preview mode resolves the
 * module graph and reads the controllers' metadata but instantiates no provider.
 */
export async function generateOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  await loadSwaggerPluginMetadata();
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
