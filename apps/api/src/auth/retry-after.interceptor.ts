import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Observable, catchError, throwError } from 'rxjs';
import { TooManyAttemptsError } from '@hirefair/core';

/** A locked account's 429 carries the seconds until its window ends in `Retry-After`. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof TooManyAttemptsError) {
          const reply = context.switchToHttp().getResponse<FastifyReply>();
          void reply.header('Retry-After', String(error.retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
