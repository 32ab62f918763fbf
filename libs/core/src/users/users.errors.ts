import { DomainError, ErrorKind } from '../common/domain-error';

export enum UserErrorCode {
  EmailTaken = 'EMAIL_TAKEN',
  UnknownBusinessUnit = 'UNKNOWN_BUSINESS_UNIT',
}

export class UserError extends DomainError {
  constructor(code: UserErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
