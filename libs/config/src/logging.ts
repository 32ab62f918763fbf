import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
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

/** Paths that probes and scrapers call every few seconds: no request log line. */
const UNLOGGED_PATHS = new Set(['/health', '/health/ready', '/metrics']);

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
 * lines on a terminal in development (LOG_FORMAT). A request is logged once it is answered, with
 * its method, URL, status and time, never its headers (tokens travel in them).
 */
export function apiLoggerParams(config: AppConfig): Params {
  return {
    // The named wildcard (path-to-regexp 8): a bare '*' under the global prefix warns at every start.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: withStream(config, {
      ...baseOptions(config, 'hirefair-api'),
      quietReqLogger: true,
      autoLogging: {
        ignore: (req: IncomingMessage) => UNLOGGED_PATHS.has((req.url ?? '').split('?')[0]),
      },
      serializers: {
        // The id is the line's reqId already.
        req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse, ms: number) =>
        `${req.method} ${req.url} ${res.statusCode} ${Math.round(ms)}ms`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse, error: Error) =>
        `${req.method} ${req.url} ${res.statusCode} failed: ${error.message}`,
    }),
  };
}

/** The worker's logger: no HTTP, the same formats. */
export function workerLoggerParams(config: AppConfig): Params {
  return { pinoHttp: withStream(config, baseOptions(config, 'hirefair-worker')) };
}
