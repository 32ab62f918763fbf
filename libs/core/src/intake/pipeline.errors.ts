import { DomainError, ErrorDetail, ErrorKind } from '../common/domain-error';

export enum PipelineErrorCode {
  NoPassScore = 'EVENT_HAS_NO_PASS_SCORE',
  NotRegistered = 'REGISTRATION_NOT_REGISTERED',
  AlreadyDecided = 'INVALID_TRANSITION',
}

export class PipelineError extends DomainError {
  constructor(code: PipelineErrorCode, message: string, kind = ErrorKind.Conflict, details?: ErrorDetail[]) {
    super(code, message, kind, details);
  }
}
