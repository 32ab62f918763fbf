import { DomainError, ErrorKind } from '../common/domain-error';

export enum IdempotencyErrorCode {
  KeyReused = 'IDEMPOTENCY_KEY_REUSED',
  InProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  InvalidKey = 'INVALID_IDEMPOTENCY_KEY',
}

export class IdempotencyError extends DomainError {
  constructor(code: IdempotencyErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
