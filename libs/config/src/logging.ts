import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import PinoPretty from 'pino-pretty';
import { AppConfig } from './app-config';

/** Nest's own start-up chatter (a line per module, controller and route): debug, not info. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

const PINO_INFO = 30;

/**
 * One line per message on a terminal: time, level, [context] message. Request lines read
 * "GET /api/v1/events 200 12ms"; their objects stay in the JSON format only.
 */
function prettyStream(): DestinationStream {
  return PinoPretty({
    sync: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    ignore: 'pid,hostname,service,context,reqId,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

function baseOptions(config: AppConfig, service: string): LoggerOptions {
  return {
    level: config.logLevel,
    base: { pid: process.pid, hostname: hostname(), service },
    hooks: {
      logMethod(args, method, level) {
        const context = (args[0] as { context?: unknown } | undefined)?.context;
        if (level === PINO_INFO && typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) {
          return this.debug(...(args as [object, string]));
        }
        return method.apply(this, args);
      },
    },
  };
}

const withStream = (config: AppConfig, options: PinoHttpOptions): Params['pinoHttp'] =>
  config.logFormat === 'pretty' ? [options, prettyStream()] : options;

/**
 * The API's logger: JSON in production (one object per line, for a log pipeline), short pretty
 * lines on a terminal in development (LOG_FORMAT). The API logs each request once it is answered
 * (apps/api's request logging), with its method, URL, status and time, never its headers (tokens
 * travel in them).
 */
export function createApiLogger(config: AppConfig): Logger {
  const options: LoggerOptions = {
    ...baseOptions(config, 'hirefair-api'),
    serializers: {
      req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return config.logFormat === 'pretty' ? pino(options, prettyStream()) : pino(options);
}

/**
 * nestjs-pino over the API's logger, without its per-request middleware: the API's request
 * logging (Fastify hooks) writes the request lines and gives the lines written while a request
 * runs its reqId.
 */
export function apiLoggerParams(config: AppConfig, logger: Logger = createApiLogger(config)): Params {
  return { forRoutes: [], pinoHttp: { logger } };
}

/** The worker's logger: no HTTP, the same formats. */
export function workerLoggerParams(config: AppConfig): Params {
  return { pinoHttp: withStream(config, baseOptions(config, 'hirefair-worker')) };
}
