import { DomainError, ErrorKind } from '../common/domain-error';

export enum RegistrationErrorCode {
  NotFound = 'REGISTRATION_NOT_FOUND',
  Closed = 'REGISTRATION_CLOSED',
  AlreadyRegistered = 'ALREADY_REGISTERED',
  InvalidTransition = 'INVALID_TRANSITION',
  NotRegistered = 'REGISTRATION_NOT_REGISTERED',
  InvalidCandidateToken = 'INVALID_CANDIDATE_TOKEN',
}

export class RegistrationError extends DomainError {
  constructor(code: RegistrationErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
