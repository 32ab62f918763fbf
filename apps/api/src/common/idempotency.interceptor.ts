import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ApiHeader } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, from, lastValueFrom } from 'rxjs';
import { CandidateActor, IdempotencyService, StaffActor } from '@hirefair/core';

/**
 * Writes that clients may retry: with an `Idempotency-Key`, the first response is stored and
 * replayed to every retry with the same body; a different body under the key answers 409
 * IDEMPOTENCY_KEY_REUSED; concurrent duplicates wait for the first instead of executing twice.
 * Failures are not stored, so a retry after an error executes again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: StaffActor | CandidateActor }>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const user = request.user;
    const caller =
      user?.kind === 'staff' ? user.userId : user?.kind === 'candidate' ? user.registrationId : 'anonymous';
    const scope = `${request.method} ${request.url.split('?')[0]} ${caller}`;
    const status: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    return from(
      this.idempotency
        .run(scope, key, request.body, status, () => lastValueFrom(next.handle()))
        .then((result) => {
          if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
          return result.body;
        }),
    );
  }
}

/** Accepts `Idempotency-Key` on this write route. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retries with the same key and body replay the first response',
    }),
  );
