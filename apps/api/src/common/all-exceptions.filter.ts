import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@hirefair/core';
import { CODE_OF_STATUS, ErrorResponseDto, STATUS_OF_KIND } from './error-response';

const logger = new Logger('Errors');

/** Turns anything thrown into the contract's error body. Shared by the Nest filter and Fastify's own handler. */
export function toErrorResponse(error: unknown, request?: FastifyRequest): ErrorResponseDto {
  if (error instanceof DomainError) {
    return {
      statusCode: STATUS_OF_KIND[error.kind],
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  if (error instanceof ThrottlerException) {
    return {
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: 'Too many requests; retry after the Retry-After delay.',
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray((body as { message?: unknown }).message)
          ? (body as { message: string[] }).message.join('; ')
          : String((body as { message?: unknown }).message ?? error.message);
    return { statusCode: status, code: CODE_OF_STATUS[status] ?? 'REQUEST_REFUSED', message };
  }
  // Fastify's own errors (malformed JSON, body too large, bad content type) carry a 4xx statusCode.
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const status = fastifyError.statusCode;
    const code =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'MALFORMED_JSON'
        : (CODE_OF_STATUS[status] ?? 'REQUEST_REFUSED');
    return { statusCode: status, code, message: fastifyError.message ?? 'The request was refused.' };
  }
  const errorId = randomUUID();
  logger.error(
    { errorId, err: error, method: request?.method, url: request?.url, requestId: request?.id },
    `Unhandled error ${errorId}: ${(error as Error)?.message ?? String(error)}`,
  );
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.', errorId };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = toErrorResponse(error, request);
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
